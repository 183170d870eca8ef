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
	...showFor('extract', 'text', [
		selectorField({
			default: 'body',
			required: false,
			placeholder: 'e.g. #status or .price',
			description: 'Whose text to read. Default: the whole page.',
		}),
		{
			displayName: 'All Matches',
			name: 'all',
			type: 'boolean',
			default: false,
			description:
				'Whether to return the text of every match as a list, instead of the first match',
		},
	]),
	optionsCollection({ resource: 'extract', operation: 'text' }, [indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'extract.text', {
		selector: (this.getNodeParameter('selector', itemIndex, 'body') as string) || 'body',
		all: this.getNodeParameter('all', itemIndex, false) as boolean,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
