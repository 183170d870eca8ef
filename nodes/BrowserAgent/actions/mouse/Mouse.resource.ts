import type { INodeProperties } from 'n8n-workflow';
import * as dragSlider from './dragSlider.operation';

export { dragSlider };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['mouse'] } },
		options: [
			{
				name: 'Drag Slider',
				value: 'dragSlider',
				description: 'Drag a slider handle with a human-like movement, e.g. for a “slide to verify” check',
				action: 'Drag a slider',
			},
		],
		default: 'dragSlider',
	},
	...dragSlider.description,
];
