import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
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
import { waitUntilAfterOption } from './waitUntilAfterOption';

export const description: INodeProperties[] = [
	...showFor('element', 'doubleClick', [
		selectorField({ description: 'The element to double-click' }),
	]),
	optionsCollection({ resource: 'element', operation: 'doubleClick' }, [
		forceOption,
		indexOption,
		waitUntilAfterOption(actions.doubleClick.input.shape.waitUntilAfter),
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.doubleClick', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
