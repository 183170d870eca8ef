import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	type OperationContext,
} from '../common';
import { forceOption } from './forceOption';

export const description: INodeProperties[] = [
	...showFor('element', 'longPress', [
		selectorField({
			description: 'The element to press and hold',
			placeholder: 'e.g. #hold-to-confirm',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'longPress' }, [
		forceOption,
		{
			displayName: 'Hold Duration (Ms)',
			name: 'durationMs',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 60000 },
			default: 800,
			description: 'How long to hold the mouse button down, in milliseconds (1000 = one second)',
		},
		indexOption,
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.longPress', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
