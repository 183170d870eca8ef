import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { optionsCollection, type OperationContext } from '../common';
import { TRACE_FIELD, traceBinary } from './traceBinary';

export const description: INodeProperties[] = [
	optionsCollection({ resource: 'session', operation: 'close' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const { status, trace } = await context.pool.closeWithTrace(context.key);
	return [
		{
			json: status
				? { ...status, closed: true }
				: { name: context.key.name, state: 'none', closed: false },
			// The whole session's trace, when it recorded one (Session → Open → Record Trace).
			...(trace && { binary: { [TRACE_FIELD]: await traceBinary.call(this, trace) } }),
		},
	];
}
