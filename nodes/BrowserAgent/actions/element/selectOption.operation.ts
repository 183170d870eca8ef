import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { BrowserAgentError } from '../../../../lib';
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
	...showFor('element', 'selectOption', [
		selectorField({
			description: 'The drop-down list (a &lt;select&gt; element)',
			placeholder: 'e.g. #country',
		}),
		{
			displayName: 'Select By',
			name: 'selectBy',
			type: 'options',
			default: 'valueOrLabel',
			options: [
				{
					name: 'Value or Label',
					value: 'valueOrLabel',
					description: 'Match the text shown in the list or the hidden value, whichever fits',
				},
				{
					name: 'Label',
					value: 'label',
					description: 'Match only the text shown in the list, e.g. Germany',
				},
				{
					name: 'Value',
					value: 'value',
					description: 'Match only the hidden value of the option, e.g. de',
				},
				{
					name: 'Position',
					value: 'index',
					description: 'Match the option’s position in the list: 0 is the first option',
				},
			],
			description: 'How to find the option(s) to select',
		},
		{
			displayName: 'Options to Select',
			name: 'values',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Germany',
			hint: 'Several for a multiple-choice list: separate with commas (or give a list with an expression, e.g. {{ ["Bonn, Germany", "Paris"] }}).',
			description:
				'The option to select, or several separated by commas for a list that allows several choices',
		},
	]),
	optionsCollection({ resource: 'element', operation: 'selectOption' }, [indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const raw = this.getNodeParameter('values', itemIndex) as
		| string
		| number
		| Array<string | number>;
	const values = Array.isArray(raw)
		? raw.map(String)
		: String(raw ?? '')
				.split(',')
				.map((value) => value.trim())
				.filter(Boolean);
	if (values.length === 0) {
		throw new BrowserAgentError('INVALID_INPUT', 'Options to Select is empty.', {
			action: 'selectOption',
			field: 'values',
			advice: 'Enter the option to select, e.g. Germany, or several separated by commas.',
		});
	}
	const run = await runAction(context, 'element.selectOption', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		selectBy: this.getNodeParameter('selectBy', itemIndex, 'valueOrLabel') as string,
		values: values.length === 1 ? values[0] : values,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
