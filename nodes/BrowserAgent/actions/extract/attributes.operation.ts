import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
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
	...showFor('extract', 'attributes', [
		selectorField({
			placeholder: 'e.g. a.product-link or #email',
			description: 'Which element(s) to read',
		}),
		{
			displayName: 'Attributes',
			name: 'attributes',
			type: 'string',
			default: '',
			placeholder: 'e.g. href, title, aria-label',
			hint: 'Comma-separated. Attributes are read as written in the HTML; a missing one reads as null. They appear under "attributes" in the output.',
			description: 'HTML attributes to read',
		},
		{
			displayName: 'Properties',
			name: 'properties',
			type: 'string',
			default: '',
			placeholder: 'e.g. innerText, value, checked, href',
			hint: 'Comma-separated. Properties are live values: what a field holds now, whether a box is ticked, a link as a full URL. They appear under "properties" in the output.',
			description: 'DOM properties to read',
		},
		{
			displayName: 'All Matches',
			name: 'all',
			type: 'boolean',
			default: false,
			description:
				'Whether to read every element the selector matches, one output item each, instead of only the first',
		},
	]),
	optionsCollection({ resource: 'extract', operation: 'attributes' }, [
		{
			displayName: 'Allow No Match',
			name: 'allowEmpty',
			type: 'boolean',
			default: false,
			description:
				'Whether, with All Matches, to output nothing at once when no element matches, instead of waiting for one and failing',
		},
		indexOption,
	]),
];

const names = (text: string) =>
	text
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const all = this.getNodeParameter('all', itemIndex, false) as boolean;
	const run = await runAction(context, 'extract.attributes', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		attributes: names(this.getNodeParameter('attributes', itemIndex, '') as string),
		properties: names(this.getNodeParameter('properties', itemIndex, '') as string),
		all,
		...actionOptions.call(this, itemIndex),
	});
	if (!all) return [await actionItem.call(this, run)];
	const matches = run.result.matches as IDataObject[];
	return matches.map((match, index) => ({ json: { index, ...match } }));
}
