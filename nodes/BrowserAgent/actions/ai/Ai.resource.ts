import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as act from './act.operation';
import * as extract from './extract.operation';
import * as runTask from './runTask.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = { act, extract, runTask };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ai'] } },
		options: [
			{
				name: 'Run Task',
				value: 'runTask',
				description:
					'Let the connected chat model carry out a task in the browser, step by step, and answer',
				action: 'Run a task with AI',
			},
			{
				name: 'Act',
				value: 'act',
				description: 'Let the connected chat model do one thing on the page, in a few actions',
				action: 'Do one thing with AI',
			},
			{
				name: 'Extract',
				value: 'extract',
				description: 'Let the connected chat model read structured data out of the page',
				action: 'Extract data with AI',
			},
		],
		default: 'runTask',
	},
	...runTask.description,
	...act.description,
	...extract.description,
];
