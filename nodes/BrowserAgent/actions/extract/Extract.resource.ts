import type { INodeProperties } from 'n8n-workflow';
import * as table from './table.operation';

export { table };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['extract'] } },
		options: [
			{
				name: 'Table',
				value: 'table',
				description: 'Read an HTML table: one output item per row, keyed by column header',
				action: 'Extract a table',
			},
		],
		default: 'table',
	},
	...table.description,
];
