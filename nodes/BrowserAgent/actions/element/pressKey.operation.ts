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
import { waitUntilAfterOption } from './waitUntilAfterOption';

export const description: INodeProperties[] = [
	...showFor('element', 'pressKey', [
		{
			displayName: 'Keys',
			name: 'keys',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Enter or Control+A or Tab Tab Enter',
			hint: 'Key names like Enter, Tab, Escape, Backspace, ArrowDown, Space, F5 or a letter; join modifiers with +, e.g. Control+A, Shift+Tab, Meta+V. Separate several keys with spaces.',
			description:
				'The key or shortcut to press, or several separated by spaces (pressed one after another)',
		},
		selectorField({
			required: false,
			placeholder: 'e.g. #search (leave empty for the page)',
			description:
				'The element to press the keys in. Leave empty to press them on the page, wherever the focus is.',
		}),
	]),
	optionsCollection({ resource: 'element', operation: 'pressKey' }, [
		{
			displayName: 'Delay Between Keys (Ms)',
			name: 'delayMs',
			type: 'number',
			typeOptions: schemaLimits(actions.pressKey.input.shape.delayMs),
			default: 0,
			description: 'How long to pause between two keys of a sequence, in milliseconds',
		},
		indexOption,
		waitUntilAfterOption(actions.pressKey.input.shape.waitUntilAfter),
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const selector = String(this.getNodeParameter('selector', itemIndex, '') ?? '').trim();
	// An expression may give a list of keys; plain text is split on spaces by the action.
	const keys = this.getNodeParameter('keys', itemIndex) as string | string[];
	const run = await runAction(context, 'element.pressKey', {
		keys: Array.isArray(keys) ? keys.map(String) : String(keys ?? ''),
		...(selector ? { selector } : {}),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
