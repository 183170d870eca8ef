import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { optionsCollection, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	optionsCollection({ resource: 'session', operation: 'close' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const status = await context.pool.close(context.key);
	return [
		{
			json: status
				? { ...status, closed: true }
				: { name: context.key.name, state: 'none', closed: false },
		},
	];
}
