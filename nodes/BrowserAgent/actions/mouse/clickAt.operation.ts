import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actionItem, actionOptions, optionsCollection, runAction, showFor, type OperationContext, mouseButtonOption } from '../common';
import { COORDINATE_HINT, xField, yField } from './fields';

export const description: INodeProperties[] = [
	...showFor('mouse', 'clickAt', [
		xField({ description: 'Where to click: pixels from the left edge of the visible part of the page', hint: COORDINATE_HINT }),
		yField({ description: 'Where to click: pixels from the top edge of the visible part of the page' }),
	]),
	optionsCollection({ resource: 'mouse', operation: 'clickAt' }, [
		mouseButtonOption('Which mouse button to click with'),
		{
			displayName: 'Click Count',
			name: 'clickCount',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3 },
			default: 1,
			description: 'How many clicks: 2 is a double click',
		},
		{
			displayName: 'Delay (Ms)',
			name: 'delayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'How long to hold the button down, in milliseconds',
		},
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'clickAt', {
		x: this.getNodeParameter('x', itemIndex) as number,
		y: this.getNodeParameter('y', itemIndex) as number,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
