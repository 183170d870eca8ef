import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	schemaLimits,
	type OperationContext,
} from '../common';
import { COORDINATE_HINT, xField, yField } from './fields';

export const description: INodeProperties[] = [
	...showFor('mouse', 'move', [
		xField({
			description:
				'Where to move the pointer: pixels from the left edge of the visible part of the page',
			hint: COORDINATE_HINT,
		}),
		yField({
			description:
				'Where to move the pointer: pixels from the top edge of the visible part of the page',
		}),
	]),
	optionsCollection({ resource: 'mouse', operation: 'move' }, [
		{
			displayName: 'Duration (Ms)',
			name: 'durationMs',
			type: 'number',
			typeOptions: schemaLimits(actions.mouseMove.input.shape.durationMs),
			default: 500,
			description:
				'How long the movement takes, in milliseconds; 0 jumps there at once. Default: a human pace for the distance (about 0.3–1 s).',
		},
		{
			displayName: 'Steps',
			name: 'steps',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 20,
			description:
				'How many in-between pointer positions to send. Default: about one per screen frame.',
		},
		{
			displayName: 'Wobble (Px)',
			name: 'jitterPx',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 1,
			description:
				'Largest sideways wobble off the straight line, in pixels; 0 moves in a straight line',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'mouse.move', {
		x: this.getNodeParameter('x', itemIndex) as number,
		y: this.getNodeParameter('y', itemIndex) as number,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
