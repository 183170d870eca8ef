import type { INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import { schemaLimits } from '../common';

/** Fields the Mouse operations share, so they read the same everywhere. */

export const COORDINATE_HINT =
	'Coordinates are CSS pixels of the visible part of the page (the viewport): 0, 0 is its top-left corner. To find them, take a screenshot, or read an element’s position in Chrome’s developer tools.';

export function xField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'X',
		name: 'x',
		type: 'number',
		typeOptions: schemaLimits(actions.clickAt.input.shape.x),
		default: 0,
		required: true,
		description: 'Pixels from the left edge of the visible part of the page',
		...overrides,
	};
}

export function yField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Y',
		name: 'y',
		type: 'number',
		typeOptions: schemaLimits(actions.clickAt.input.shape.y),
		default: 0,
		required: true,
		description: 'Pixels from the top edge of the visible part of the page',
		...overrides,
	};
}
