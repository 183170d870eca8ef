import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as clickAt from './clickAt.operation';
import * as dragPath from './dragPath.operation';
import * as dragSlider from './dragSlider.operation';
import * as move from './move.operation';
import * as wheel from './wheel.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	clickAt,
	dragPath,
	dragSlider,
	move,
	wheel,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['mouse'] } },
		options: [
			{
				name: 'Click At',
				value: 'clickAt',
				description:
					'Click at a point of the page given in pixels, e.g. on a map, a canvas or a chart',
				action: 'Click at a point',
			},
			{
				name: 'Drag Path',
				value: 'dragPath',
				description:
					'Press, move through a list of timed points and release, e.g. to draw a signature or replay a recorded drag',
				action: 'Drag along a path',
			},
			{
				name: 'Drag Slider',
				value: 'dragSlider',
				description:
					'Drag a slider handle with a human-like movement, e.g. for a “slide to verify” check',
				action: 'Drag a slider',
			},
			{
				name: 'Move',
				value: 'move',
				description:
					'Move the mouse pointer to a point like a person would, e.g. to open a menu that appears on hover',
				action: 'Move the mouse',
			},
			{
				name: 'Wheel',
				value: 'wheel',
				description: 'Turn the mouse wheel to scroll the page or a scrollable box',
				action: 'Turn the mouse wheel',
			},
		],
		default: 'dragSlider',
	},
	...clickAt.description,
	...dragPath.description,
	...dragSlider.description,
	...move.description,
	...wheel.description,
];
