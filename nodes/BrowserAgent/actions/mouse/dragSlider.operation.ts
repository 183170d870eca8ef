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
					description: 'Move the handle a fixed number of pixels (0: to the far end of its track)',
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
			// 0 (the default) never dragged anything, so it now means "all the way": a saved workflow that kept it could not have worked.
			default: 0,
			hint: '0 drags the handle to the far end of its track (the element around it). Otherwise usually the track width minus the handle width; negative drags to the left.',
			description: 'How far to drag the handle, in pixels; 0 = to the far end of the track',
			displayOptions: { show: { dragBy: ['distance'] } },
		},
		{
			displayName: 'Track Selector',
			name: 'trackSelector',
			type: 'string',
			default: '',
			placeholder: 'e.g. .slider-track',
			hint: SELECTOR_HINT,
			description:
				'The slider’s track (the bar the handle moves along). Empty: the element around the handle.',
			displayOptions: { show: { dragBy: ['track'] } },
		},
		{
			displayName: 'Target Percent',
			name: 'targetPercent',
			type: 'number',
			typeOptions: schemaLimits(actions.dragSlider.input.shape.targetPercent),
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
					...optionalText('trackSelector', this.getNodeParameter('trackSelector', itemIndex, '')),
					targetPercent: this.getNodeParameter('targetPercent', itemIndex, 100) as number,
				}
			: distanceInput(this.getNodeParameter('distance', itemIndex) as number)),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}

/** Distance 0 sends no distance: the runner then drags to the far end of the track around the handle. */
function distanceInput(distance: number): { distance?: number } {
	return distance === 0 ? {} : { distance };
}

/** An empty text field sends nothing, so the runner applies its own choice. */
function optionalText(name: string, value: unknown): Record<string, string> {
	return typeof value === 'string' && value.trim() !== '' ? { [name]: value } : {};
}
