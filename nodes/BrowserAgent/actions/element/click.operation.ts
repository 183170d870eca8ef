import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actionItem, actionOptions, indexOption, mouseButtonOption, optionsCollection, runAction, selectorField, showFor, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	...showFor('element', 'click', [selectorField({ description: 'The element to click' })]),
	optionsCollection({ resource: 'element', operation: 'click' }, [
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
		{
			displayName: 'Force',
			name: 'force',
			type: 'boolean',
			default: false,
			description: 'Whether to click even if the element looks hidden, covered or disabled. Use only for stubborn widgets.',
		},
		indexOption,
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'click', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
