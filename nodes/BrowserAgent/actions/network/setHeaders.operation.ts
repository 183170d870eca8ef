import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	headerListField,
	keyValues,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';
import { PATTERN_HINT } from '../tab/fields';

export const description: INodeProperties[] = [
	...showFor('network', 'setHeaders', [
		headerListField(
			{
				name: 'headers',
				description:
					'Headers to send with every request of the session, in every tab. Replaces the headers set before (for the same URL pattern); with none, the extra headers stop.',
			},
			'e.g. nightly-sync-42',
		),
	]),
	optionsCollection(
		{ resource: 'network', operation: 'setHeaders' },
		[
			{
				displayName: 'Only for URLs Matching',
				name: 'urlPattern',
				type: 'string',
				default: '',
				placeholder: 'e.g. *://api.example.com/*',
				hint: PATTERN_HINT,
				description:
					'Send the headers only with requests whose address matches. Default: every request.',
			},
		],
		[],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const headers = keyValues(
		this.getNodeParameter('headers.header', itemIndex, []) as Array<{
			name?: string;
			value?: string;
		}>,
	);
	const { urlPattern, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'network.setHeaders', {
		headers,
		...(urlPattern ? { urlPattern } : {}),
		...options,
	});
	return [await actionItem.call(this, run)];
}
