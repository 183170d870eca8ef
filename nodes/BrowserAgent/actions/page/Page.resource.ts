import type { INodeProperties } from 'n8n-workflow';
import * as navigate from './navigate.operation';
import * as screenshot from './screenshot.operation';

export { navigate, screenshot };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['page'] } },
		options: [
			{
				name: 'Navigate',
				value: 'navigate',
				description: 'Open a URL in the browser and wait until it has loaded',
				action: 'Navigate to a URL',
			},
			{
				name: 'Screenshot',
				value: 'screenshot',
				description: 'Take a picture of the page or of one element',
				action: 'Take a screenshot',
			},
		],
		default: 'navigate',
	},
	...navigate.description,
	...screenshot.description,
];
