import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as runSteps from './runSteps.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = { runSteps };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['script'] } },
		options: [
			{
				name: 'Run Steps',
				value: 'runSteps',
				description: 'Run a JSON list of actions in one go (batch mode), with a result per step',
				action: 'Run a list of steps',
			},
		],
		default: 'runSteps',
	},
	...runSteps.description,
];
