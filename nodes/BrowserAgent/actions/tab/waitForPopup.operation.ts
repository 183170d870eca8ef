import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	timeoutOption,
	type OperationContext,
	waitUntilField,
} from '../common';
import { switchToField } from './fields';

export const description: INodeProperties[] = [
	...showFor('tab', 'waitForPopup', [
		selectorField({
			displayName: 'Element to Click',
			required: false,
			placeholder: 'e.g. text=Open chat',
			description:
				'An element to click that opens the popup or new tab. Leave empty when the node before already clicked it.',
		}),
	]),
	optionsCollection(
		{ resource: 'tab', operation: 'waitForPopup' },
		[
			{
				...indexOption,
				description:
					'Which match of Element to Click to use when it matches several elements (0 = first)',
			},
			switchToField(
				'Switch to Popup',
				'Whether the following operations work in the popup. Turn off to stay in the current tab.',
			),
			waitUntilField,
		],
		[
			{
				...timeoutOption,
				description: 'How long to wait for the popup to open and load, in milliseconds',
			},
		],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const selector = this.getNodeParameter('selector', itemIndex, '') as string;
	const { index, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'tab.waitForPopup', {
		...(selector ? { selector, ...(index !== undefined ? { index } : {}) } : {}),
		...options,
	});
	return [await actionItem.call(this, run)];
}
