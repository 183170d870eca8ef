import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actionItem, actionOptions, indexOption, optionsCollection, runAction, selectorField, showFor, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	...showFor('element', 'fill', [
		selectorField({ description: 'The input field, text area or editable element to type into', placeholder: 'e.g. #username' }),
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			default: '',
			required: true,
			// eslint-disable-next-line n8n-nodes-base/node-param-description-miscased-json -- `$json` is n8n's expression variable, not the word JSON
			description: 'The text to type. Use an expression to take it from the input item, e.g. {{ $json.customer }}.',
		},
	]),
	optionsCollection({ resource: 'element', operation: 'fill' }, [
		{
			displayName: 'Clear First',
			name: 'clearFirst',
			type: 'boolean',
			default: true,
			description: 'Whether to empty the field before typing',
		},
		indexOption,
		{
			displayName: 'Max Key Delay (Ms)',
			name: 'maxKeyDelayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 160,
			description: 'Longest pause between two keys when typing like a human',
		},
		{
			displayName: 'Min Key Delay (Ms)',
			name: 'minKeyDelayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 40,
			description: 'Shortest pause between two keys when typing like a human',
		},
		{
			displayName: 'Type Like a Human',
			name: 'typeLikeHuman',
			type: 'boolean',
			default: false,
			description: 'Whether to press one key at a time with random pauses, for pages that watch how you type',
		},
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'fill', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		value: String(this.getNodeParameter('value', itemIndex, '')),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
