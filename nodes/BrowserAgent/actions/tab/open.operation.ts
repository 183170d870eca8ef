import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	timeoutOption,
	type OperationContext,
	waitUntilField,
} from '../common';
import { switchToField } from './fields';

export const description: INodeProperties[] = [
	...showFor('tab', 'open', [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://portal.example.com/reports',
			description:
				'The address to open in the new tab, including https://. Leave empty for an empty tab.',
		},
	]),
	optionsCollection(
		{ resource: 'tab', operation: 'open' },
		[
			switchToField(
				'Switch to New Tab',
				'Whether the following operations work in the new tab. Turn off to open it in the background.',
			),
			waitUntilField,
		],
		[timeoutOption],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const url = this.getNodeParameter('url', itemIndex, '') as string;
	const run = await runAction(context, 'tab.open', {
		...(url ? { url } : {}),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
