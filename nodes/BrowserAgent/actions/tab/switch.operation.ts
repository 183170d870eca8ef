import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { invalidChoice } from '../typedErrors';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';
import { PATTERN_HINT, tabIndexField } from './fields';

export const description: INodeProperties[] = [
	...showFor('tab', 'switch', [
		{
			displayName: 'Find Tab By',
			name: 'switchBy',
			type: 'options',
			default: 'index',
			options: [
				{ name: 'Index', value: 'index', description: 'Its position: 0 is the first tab' },
				{ name: 'Title', value: 'title', description: 'The first tab whose title matches' },
				{ name: 'URL', value: 'url', description: 'The first tab whose address matches' },
			],
		},
		{ ...tabIndexField, displayOptions: { show: { switchBy: ['index'] } } },
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. *checkout*',
			hint: PATTERN_HINT,
			description:
				'Switch to the first tab whose address matches. Waits for it up to the timeout, e.g. while a popup is opening.',
			displayOptions: { show: { switchBy: ['url'] } },
		},
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Invoice*',
			hint: PATTERN_HINT,
			description: 'Switch to the first tab whose title matches. Waits for it up to the timeout.',
			displayOptions: { show: { switchBy: ['title'] } },
		},
	]),
	optionsCollection({ resource: 'tab', operation: 'switch' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const by = this.getNodeParameter('switchBy', itemIndex, 'index') as 'index' | 'url' | 'title';
	// The choice names the parameter to read next: anything else would read an unrelated one.
	if (!['index', 'url', 'title'].includes(by))
		throw invalidChoice('switchBy', 'Find Tab By', ['index', 'url', 'title']);
	const run = await runAction(context, 'tab.switch', {
		[by]: this.getNodeParameter(by, itemIndex),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
