import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	schemaLimits,
	type OperationContext,
} from '../common';
import { COORDINATE_HINT, xField, yField } from './fields';

export const description: INodeProperties[] = [
	...showFor('mouse', 'wheel', [
		{
			displayName: 'Scroll Down By (Px)',
			name: 'deltaY',
			type: 'number',
			typeOptions: schemaLimits(actions.mouseWheel.input.shape.deltaY),
			default: 300,
			description:
				'How far to turn the wheel, in pixels: positive scrolls down, negative scrolls up',
		},
		{
			displayName: 'Scroll Right By (Px)',
			name: 'deltaX',
			type: 'number',
			typeOptions: schemaLimits(actions.mouseWheel.input.shape.deltaX),
			default: 0,
			description: 'Sideways scrolling, in pixels: positive scrolls right, negative scrolls left',
		},
		{
			displayName: 'Wheel Over',
			name: 'wheelOver',
			type: 'options',
			default: 'pointer',
			options: [
				{ name: 'A Point', value: 'point', description: 'Move the pointer to coordinates first' },
				{
					name: 'An Element',
					value: 'element',
					description: 'Move the pointer over an element first, e.g. a scrollable list',
				},
				{
					name: 'Where the Pointer Is',
					value: 'pointer',
					description: 'Turn the wheel wherever the mouse pointer is now',
				},
			],
			description: 'What is scrolled: the wheel scrolls whatever is under the pointer',
		},
		selectorField({
			description: 'The element to scroll (the pointer moves over its centre)',
			placeholder: 'e.g. #results-list',
			displayOptions: { show: { wheelOver: ['element'] } },
		}),
		xField({ hint: COORDINATE_HINT, displayOptions: { show: { wheelOver: ['point'] } } }),
		yField({ displayOptions: { show: { wheelOver: ['point'] } } }),
	]),
	optionsCollection({ resource: 'mouse', operation: 'wheel' }, [indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const over = this.getNodeParameter('wheelOver', itemIndex, 'pointer') as string;
	const { index, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'mouse.wheel', {
		deltaY: this.getNodeParameter('deltaY', itemIndex, 0) as number,
		deltaX: this.getNodeParameter('deltaX', itemIndex, 0) as number,
		...(over === 'element' && {
			selector: this.getNodeParameter('selector', itemIndex) as string,
			...(index !== undefined && { index }),
		}),
		...(over === 'point' && {
			x: this.getNodeParameter('x', itemIndex) as number,
			y: this.getNodeParameter('y', itemIndex) as number,
		}),
		...options,
	});
	return [await actionItem.call(this, run)];
}
