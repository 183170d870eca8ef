import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	timeoutOption,
	type OperationContext,
	mouseButtonOption,
} from '../common';
import { COORDINATE_HINT } from './fields';

export const description: INodeProperties[] = [
	...showFor('mouse', 'dragPath', [
		{
			displayName: 'Path (JSON)',
			name: 'points',
			type: 'json',
			default:
				'[\n  { "x": 100, "y": 200, "tMs": 0 },\n  { "x": 160, "y": 203, "tMs": 120 },\n  { "x": 240, "y": 201, "tMs": 260 }\n]',
			required: true,
			hint: `A list of points: x and y in pixels, tMs = milliseconds from the start. The button is pressed at the first point and released at the last. ${COORDINATE_HINT}`,
			description:
				'The points to drag through, with when to reach each one (at least 2, times never going back)',
		},
	]),
	optionsCollection(
		{ resource: 'mouse', operation: 'dragPath' },
		[mouseButtonOption('Which mouse button to hold down while dragging')],
		[
			{
				...timeoutOption,
				description:
					'How long the whole drag may take, in milliseconds; must be longer than the path',
			},
		],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'mouse.dragPath', {
		// JSON text or, from an expression, the list itself: the action accepts both.
		points: this.getNodeParameter('points', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
