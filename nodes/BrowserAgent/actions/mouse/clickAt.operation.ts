import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
	clickOptions,
} from '../common';
import { COORDINATE_HINT, xField, yField } from './fields';
import { waitUntilAfterOption } from '../element/waitUntilAfterOption';

export const description: INodeProperties[] = [
	...showFor('mouse', 'clickAt', [
		xField({
			description: 'Where to click: pixels from the left edge of the visible part of the page',
			hint: COORDINATE_HINT,
		}),
		yField({
			description: 'Where to click: pixels from the top edge of the visible part of the page',
		}),
	]),
	optionsCollection({ resource: 'mouse', operation: 'clickAt' }, [
		...clickOptions,
		waitUntilAfterOption(actions.clickAt.input.shape.waitUntilAfter),
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'mouse.clickAt', {
		x: this.getNodeParameter('x', itemIndex) as number,
		y: this.getNodeParameter('y', itemIndex) as number,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
