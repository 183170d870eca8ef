import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { BrowserAgentError, actions } from '../../../../lib';
import {
	actionOptions,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	schemaLimits,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('extract', 'list', [
		selectorField({
			displayName: 'Item Selector',
			placeholder: 'e.g. .product-card or #results tr',
			description: 'The repeated element: one output item is made for each element it matches',
		}),
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Field',
			default: { field: [{ name: 'title', selector: '.title' }] },
			required: true,
			description: 'What to read from each item; each field becomes a key of the output items',
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. price',
							description: 'The key of this value in the output items',
						},
						{
							displayName: 'Selector',
							name: 'selector',
							type: 'string',
							default: '',
							placeholder: 'e.g. .price or a@href',
							hint: 'CSS inside the item: <code>.price</code> reads its text, <code>a.more@href</code> an attribute, <code>@data-id</code> an attribute of the item itself; empty reads the item’s whole text',
							description: 'Where in each item to read the value',
						},
					],
				},
			],
		},
	]),
	optionsCollection({ resource: 'extract', operation: 'list' }, [
		{
			displayName: 'Allow No Match',
			name: 'allowEmpty',
			type: 'boolean',
			default: false,
			description:
				'Whether to output nothing at once when no item matches, instead of waiting for one and failing',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			// Spread into a literal: n8n's lint looks for an object here.
			typeOptions: { ...schemaLimits(actions.extractList.input.shape.limit) },
			default: 50,
			description: 'Max number of results to return',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const entries =
		(this.getNodeParameter('fields.field', itemIndex, []) as Array<{
			name?: string;
			selector?: string;
		}>) ?? [];
	const fields: Record<string, string> = {};
	for (const entry of entries) {
		const name = (entry.name ?? '').trim();
		if (Object.hasOwn(fields, name)) {
			throw new BrowserAgentError('INVALID_INPUT', `Two fields are called "${name}".`, {
				field: 'fields',
				advice: 'Give every field its own name.',
			});
		}
		fields[name] = entry.selector ?? '';
	}
	const run = await runAction(context, 'extract.list', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		fields,
		...actionOptions.call(this, itemIndex),
	});
	return (run.result.items as IDataObject[]).map((item) => ({ json: item }));
}
