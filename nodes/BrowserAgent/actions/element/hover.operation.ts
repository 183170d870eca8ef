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
import { forceOption } from './forceOption';

export const description: INodeProperties[] = [
	...showFor('element', 'hover', [
		selectorField({
			description: 'The element to move the mouse over, e.g. a menu that opens on hover',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'hover' }, [forceOption, indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.hover', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
