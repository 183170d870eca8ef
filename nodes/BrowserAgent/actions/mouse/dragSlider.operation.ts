import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	SELECTOR_HINT,
	selectorField,
	showFor,
	schemaLimits,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('mouse', 'dragSlider', [
		selectorField({ description: 'The slider handle to drag', placeholder: 'e.g. .slider-handle' }),
		{
			displayName: 'Drag By',
			name: 'dragBy',
			type: 'options',
			default: 'distance',
			options: [
				{
					name: 'Distance in Pixels',
					value: 'distance',
					description: 'Move the handle a fixed number of pixels',
				},
				{
					name: 'Position on Track',
					value: 'track',
					description: 'Drop the handle at a percentage of the slider track',
				},
			],
		},
		{
			displayName: 'Distance',
			name: 'distance',
			type: 'number',
			typeOptions: schemaLimits(actions.dragSlider.input.shape.distance),
			default: 0,
			required: true,
			hint: 'Usually the track width minus the handle width. Negative drags to the left.',
			description: 'How far to drag the handle, in pixels',
			displayOptions: { show: { dragBy: ['distance'] } },
		},
		{
			displayName: 'Track Selector',
			name: 'trackSelector',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. .slider-track',
			hint: SELECTOR_HINT,
			description: 'The slider’s track (the bar the handle moves along)',
			displayOptions: { show: { dragBy: ['track'] } },
		},
		{
			displayName: 'Target Percent',
			name: 'targetPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: 100,
			description: 'Where on the track to drop the handle: 100 is the far end',
			displayOptions: { show: { dragBy: ['track'] } },
		},
	]),
	optionsCollection({ resource: 'mouse', operation: 'dragSlider' }, [
		{
			displayName: 'Duration (Ms)',
			name: 'durationMs',
			type: 'number',
			typeOptions: schemaLimits(actions.dragSlider.input.shape.durationMs),
			default: 600,
			description: 'How long the drag takes. Default: a random 450–800 ms, as a person would.',
		},
		indexOption,
		{
			displayName: 'Overshoot',
			name: 'overshoot',
			type: 'boolean',
			default: true,
			description: 'Whether to go slightly past the target and come back, as people do',
		},
		{
			displayName: 'Vertical Wobble (Px)',
			name: 'jitterPx',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 1.5,
			description: 'Largest up-and-down wobble of the pointer during the drag',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const byTrack = this.getNodeParameter('dragBy', itemIndex, 'distance') === 'track';
	const run = await runAction(context, 'mouse.dragSlider', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...(byTrack
			? {
					trackSelector: this.getNodeParameter('trackSelector', itemIndex) as string,
					targetPercent: this.getNodeParameter('targetPercent', itemIndex, 100) as number,
				}
			: { distance: this.getNodeParameter('distance', itemIndex) as number }),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
