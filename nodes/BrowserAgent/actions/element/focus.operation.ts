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
	...showFor('element', 'focus', [
		selectorField({
			description: 'The element to give the keyboard focus to',
			placeholder: 'e.g. #search',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'focus' }, [indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.focus', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
