import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { optionsCollection, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	optionsCollection({ resource: 'session', operation: 'getStatus' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const status = await context.pool.status(context.key);
	// Whether this run's sessions outlive it (the editor's), even before one exists.
	const editorSession = context.editorSession;
	// "none" rather than an error, so an IF node can branch on whether a session exists.
	return [
		{
			json: status
				? { ...status, editorSession }
				: { name: context.key.name, state: 'none', editorSession },
		},
	];
}
