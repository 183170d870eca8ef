import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { BrowserAgentError } from '../../../../lib';
import { parseJsonParameter } from '../typedErrors';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('page', 'evaluate', [
		{
			displayName: 'JavaScript',
			name: 'script',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			required: true,
			placeholder: "e.g. return document.querySelectorAll('table tr').length;",
			hint: 'The body of an async function: <code>await</code> works, <code>return</code> gives the result, <code>arg</code> holds the argument below',
			description:
				'Runs in the current page (or the frame switched into); the result must be JSON (text, numbers, lists, objects). Only works when the Browser Agent credential’s policy allows custom JavaScript.',
		},
		{
			displayName: 'Argument (JSON)',
			name: 'arg',
			type: 'json',
			default: '',
			description: 'A JSON value the script receives as <code>arg</code>. Leave empty for none.',
		},
	]),
	optionsCollection({ resource: 'page', operation: 'evaluate' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const input: IDataObject = {
		script: this.getNodeParameter('script', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	};
	const arg = argumentOf(this.getNodeParameter('arg', itemIndex, '') as unknown);
	if (arg !== undefined) input.arg = arg as IDataObject;
	const run = await runAction(context, 'page.evaluate', input);
	return [await actionItem.call(this, run)];
}

/** JSON text, or from an expression the value itself. */
function argumentOf(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw ?? undefined;
	if (!raw.trim()) return undefined;
	return parseJsonParameter(
		raw,
		() =>
			new BrowserAgentError('INVALID_INPUT', 'The Argument is not valid JSON.', {
				action: 'evaluate',
				field: 'arg',
				advice:
					'Write a JSON value, e.g. {"limit": 10} or "text" (with the quotes), or leave it empty.',
			}),
	);
}
