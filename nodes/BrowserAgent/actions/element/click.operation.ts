import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	clickOptions,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	type OperationContext,
} from '../common';
import { waitUntilAfterOption } from './waitUntilAfterOption';

export const description: INodeProperties[] = [
	...showFor('element', 'click', [selectorField({ description: 'The element to click' })]),
	optionsCollection({ resource: 'element', operation: 'click' }, [
		...clickOptions,
		{
			displayName: 'Force',
			name: 'force',
			type: 'boolean',
			default: false,
			description:
				'Whether to click even if the element looks hidden, covered or disabled. Use only for stubborn widgets.',
		},
		indexOption,
		waitUntilAfterOption(actions.click.input.shape.waitUntilAfter),
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.click', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
