import type { INodeProperties } from 'n8n-workflow';
import * as table from './table.operation';
import * as text from './text.operation';

export { table, text };

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
			{
				name: 'Text',
				value: 'text',
				description: 'Read the text of the page or of elements, whitespace tidied',
				action: 'Extract text',
			},
		],
		default: 'table',
	},
	...table.description,
	...text.description,
];
