import type { INodeProperties } from 'n8n-workflow';
import * as click from './click.operation';
import * as fill from './fill.operation';

export { click, fill };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['element'] } },
		options: [
			{
				name: 'Click',
				value: 'click',
				description: 'Click a button, link or other element, waiting until it can be clicked',
				action: 'Click an element',
			},
			{
				name: 'Fill',
				value: 'fill',
				description: 'Type text into an input field',
				action: 'Fill an input field',
			},
		],
		default: 'click',
	},
	...click.description,
	...fill.description,
];
