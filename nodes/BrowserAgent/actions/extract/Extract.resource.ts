import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as attributes from './attributes.operation';
import * as html from './html.operation';
import * as list from './list.operation';
import * as pageStructure from './pageStructure.operation';
import * as table from './table.operation';
import * as text from './text.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	attributes,
	html,
	list,
	pageStructure,
	table,
	text,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['extract'] } },
		options: [
			{
				name: 'Attributes',
				value: 'attributes',
				description:
					'Read attributes and live values of elements, e.g. link addresses, field values, whether a box is ticked',
				action: 'Extract attributes',
			},
			{
				name: 'HTML',
				value: 'html',
				description: 'Read the HTML of the page or of an element',
				action: 'Extract HTML',
			},
			{
				name: 'List',
				value: 'list',
				description:
					'Read repeated items such as product cards or search results: one output item each, with the fields you name',
				action: 'Extract a list',
			},
			{
				name: 'Page Structure',
				value: 'pageStructure',
				description:
					'Summarise the page for people and AI: headings, forms and their fields, buttons and links, each with a selector',
				action: 'Extract the page structure',
			},
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
				action: 'Extract the text of the page or an element',
			},
		],
		default: 'table',
	},
	...attributes.description,
	...html.description,
	...list.description,
	...pageStructure.description,
	...table.description,
	...text.description,
];
