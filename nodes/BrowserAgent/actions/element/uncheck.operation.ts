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
	...showFor('element', 'uncheck', [
		selectorField({
			description: 'The checkbox to untick (or its label)',
			placeholder: 'e.g. #newsletter',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'uncheck' }, [forceOption, indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.uncheck', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
