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
	schemaLimits,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('element', 'getState', [
		selectorField({
			description:
				'The element to look at. Outputs exists, count, visible, enabled, checked, editable, focused, boundingBox, text and value for an IF node to branch on; an element that is not there gives exists = false, not an error.',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'getState' }, [
		{
			...indexOption,
			description:
				'Which match to describe (0 = first). Without this option the first match is described; Count counts them all.',
		},
		{
			displayName: 'Wait for Element (Ms)',
			name: 'waitMs',
			type: 'number',
			typeOptions: schemaLimits(actions.getState.input.shape.waitMs),
			default: 0,
			description:
				'How long to wait for the element to appear before answering that it does not exist. 0 answers at once.',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'element.getState', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
