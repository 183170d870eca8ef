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
	...showFor('element', 'rightClick', [
		selectorField({
			description: 'The element to right-click, e.g. to open the page’s own context menu',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'rightClick' }, [forceOption, indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.rightClick', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
