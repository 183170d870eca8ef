import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { actionOptions, optionsCollection, runAction, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	optionsCollection({ resource: 'tab', operation: 'list' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'tab.list', actionOptions.call(this, itemIndex));
	// One item per tab, so the next nodes can loop over them.
	return (run.result.tabs as IDataObject[]).map((tab) => ({ json: tab }));
}
