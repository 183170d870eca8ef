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
	...showFor('element', 'highlight', [
		selectorField({
			description:
				'The elements to mark with a box, numbered from 0. Take a Page → Screenshot next to see what the selector hits; the boxes go away when the page navigates.',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'highlight' }, [
		{
			displayName: 'Clear Previous',
			name: 'clearPrevious',
			type: 'boolean',
			default: false,
			description: 'Whether to remove the boxes of earlier highlights first',
		},
		{
			displayName: 'Color',
			name: 'color',
			type: 'color',
			default: '#ff0066',
			description: 'Colour of the boxes',
		},
		{
			...indexOption,
			description:
				'Highlight only this match (0 = first). Without this option every match is highlighted.',
		},
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'e.g. Price',
			description: 'Text written on each box, before its number',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const { label, color, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'element.highlight', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...(label ? { label } : {}),
		...(color ? { color } : {}),
		...options,
	});
	return [await actionItem.call(this, run)];
}
