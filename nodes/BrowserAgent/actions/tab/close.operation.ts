import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';
import { tabIndexField } from './fields';

export const description: INodeProperties[] = [
	...showFor('tab', 'close', [
		{
			displayName: 'Tab to Close',
			name: 'tabToClose',
			type: 'options',
			default: 'current',
			options: [
				{
					name: 'Current Tab',
					value: 'current',
					description: 'The tab the workflow is working in; the tab that opened it becomes current',
				},
				{
					name: 'By Index',
					value: 'index',
					description: 'The tab at a position (0 is the first tab)',
				},
			],
		},
		{ ...tabIndexField, displayOptions: { show: { tabToClose: ['index'] } } },
	]),
	optionsCollection({ resource: 'tab', operation: 'close' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const byIndex = this.getNodeParameter('tabToClose', itemIndex, 'current') === 'index';
	const run = await runAction(context, 'tab.close', {
		...(byIndex ? { index: this.getNodeParameter('index', itemIndex) as number } : {}),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
