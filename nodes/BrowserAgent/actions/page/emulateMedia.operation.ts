import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';

/** The choice that leaves a setting as it is. */
const UNCHANGED = 'unchanged';

export const description: INodeProperties[] = [
	...showFor('page', 'emulateMedia', [
		{
			displayName: 'Media Type',
			name: 'media',
			type: 'options',
			default: UNCHANGED,
			description:
				'Whether the page renders for the screen or as it would be printed (its print styles)',
			options: [
				{ name: 'Keep As Is', value: UNCHANGED },
				{ name: 'Print', value: 'print' },
				{ name: 'Screen', value: 'screen' },
			],
		},
		{
			displayName: 'Color Scheme',
			name: 'colorScheme',
			type: 'options',
			default: UNCHANGED,
			description:
				'The colour scheme the page is told the user prefers, for sites with a dark mode',
			options: [
				{ name: 'Dark', value: 'dark' },
				{ name: 'Keep As Is', value: UNCHANGED },
				{ name: 'Light', value: 'light' },
				{ name: 'No Preference', value: 'no-preference' },
			],
		},
		{
			displayName: 'Reduced Motion',
			name: 'reducedMotion',
			type: 'options',
			default: UNCHANGED,
			description:
				'Whether the page is asked to avoid animations; sites that honour it are steadier to automate',
			options: [
				{ name: 'Keep As Is', value: UNCHANGED },
				{ name: 'No Preference', value: 'no-preference' },
				{ name: 'Reduce', value: 'reduce' },
			],
		},
	]),
	optionsCollection({ resource: 'page', operation: 'emulateMedia' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const input: IDataObject = { ...actionOptions.call(this, itemIndex) };
	for (const name of ['media', 'colorScheme', 'reducedMotion']) {
		const value = this.getNodeParameter(name, itemIndex, UNCHANGED) as string;
		if (value && value !== UNCHANGED) input[name] = value;
	}
	const run = await runAction(context, 'page.emulateMedia', input);
	return [await actionItem.call(this, run)];
}
