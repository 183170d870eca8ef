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
	...showFor('extract', 'html', [
		selectorField({
			required: false,
			placeholder: 'e.g. #content or article.post',
			description: 'Whose HTML to read. Leave empty for the whole page.',
		}),
		{
			displayName: 'HTML to Return',
			name: 'part',
			type: 'options',
			default: 'outer',
			options: [
				{
					name: 'Inner HTML (Contents Only)',
					value: 'inner',
					description: 'Only what is inside the element, without its own tag',
				},
				{
					name: 'Outer HTML (Element Included)',
					value: 'outer',
					description: 'The element with its own tag; for the whole page, the full document',
				},
			],
		},
	]),
	optionsCollection({ resource: 'extract', operation: 'html' }, [indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const selector = (this.getNodeParameter('selector', itemIndex, '') as string).trim();
	const run = await runAction(context, 'extract.html', {
		...(selector && { selector }),
		part: this.getNodeParameter('part', itemIndex, 'outer') as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
