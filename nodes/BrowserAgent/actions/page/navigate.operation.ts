import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	retriesOption,
	runAction,
	showFor,
	timeoutOption,
	waitUntilField,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('page', 'navigate', [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://portal.example.com/login',
			description: 'The address to open, including https://',
		},
		waitUntilField,
	]),
	optionsCollection(
		{ resource: 'page', operation: 'navigate' },
		[],
		[timeoutOption, retriesOption],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'page.navigate', {
		url: this.getNodeParameter('url', itemIndex) as string,
		waitUntil: this.getNodeParameter('waitUntil', itemIndex, 'load') as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
