import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as main from './main.operation';
import * as switchFrame from './switch.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = { main, switch: switchFrame };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['frame'] } },
		options: [
			{
				name: 'Main',
				value: 'main',
				description: 'Leave the frame: the following operations work on the page itself again',
				action: 'Switch back to the main page',
			},
			{
				name: 'Switch',
				value: 'switch',
				description: 'Work inside an embedded frame (iframe), e.g. a payment or chat widget',
				action: 'Switch into a frame',
			},
		],
		default: 'switch',
	},
	...switchFrame.description,
	...main.description,
];
