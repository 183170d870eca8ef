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

export const description: INodeProperties[] = [
	...showFor('element', 'setInputValue', [
		selectorField({
			description:
				'The field to set: a date, time or range (slider) input, or any field that ignores typing. Hidden fields work too.',
			placeholder: 'e.g. input[name="startDate"]',
		}),
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-03-31',
			hint: 'In the format the field stores, not the one it shows: dates YYYY-MM-DD, times HH:MM, date and time YYYY-MM-DDTHH:MM, sliders a number.',
			description:
				'The value to put into the field. The page is told the field changed, as if the user had picked it.',
		},
	]),
	optionsCollection({ resource: 'element', operation: 'setInputValue' }, [indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.setInputValue', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		value: String(this.getNodeParameter('value', itemIndex, '') ?? ''),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
