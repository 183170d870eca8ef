import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actionItem, actionOptions, optionsCollection, runAction, showFor, type OperationContext } from '../common';
import { PATTERN_HINT } from '../tab/fields';

export const description: INodeProperties[] = [
	...showFor('network', 'setHeaders', [
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Header',
			default: {},
			description:
				'Headers to send with every request of the session, in every tab. Replaces the headers set before (for the same URL pattern); with none, the extra headers stop.',
			options: [
				{
					displayName: 'Header',
					name: 'header',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. X-Trace-ID',
							description: 'The header name',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. nightly-sync-42',
							description: 'The header value',
						},
					],
				},
			],
		},
	]),
	optionsCollection({ resource: 'network', operation: 'setHeaders' }, [
		{
			displayName: 'Only for URLs Matching',
			name: 'urlPattern',
			type: 'string',
			default: '',
			placeholder: 'e.g. *://api.example.com/*',
			hint: PATTERN_HINT,
			description: 'Send the headers only with requests whose address matches. Default: every request.',
		},
	], []),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<INodeExecutionData[]> {
	const entries = this.getNodeParameter('headers.header', itemIndex, []) as Array<{ name?: string; value?: string }>;
	const headers = Object.fromEntries(entries.filter((entry) => entry.name?.trim()).map((entry) => [entry.name!.trim(), entry.value ?? '']));
	const { urlPattern, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'setHeaders', { headers, ...(urlPattern ? { urlPattern } : {}), ...options });
	return [await actionItem.call(this, run)];
}
