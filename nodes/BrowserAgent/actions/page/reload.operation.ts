import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	navigationWaitUntilField,
	type OperationContext,
	optionsCollection,
	retriesOption,
	runAction,
	timeoutOption,
} from '../common';

export const description: INodeProperties[] = [
	optionsCollection(
		{ resource: 'page', operation: 'reload' },
		[navigationWaitUntilField],
		[timeoutOption, retriesOption],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'page.reload', actionOptions.call(this, itemIndex));
	return [await actionItem.call(this, run)];
}
