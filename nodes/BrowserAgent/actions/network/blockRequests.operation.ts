import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';
import { PATTERN_HINT } from '../tab/fields';
import { blockTypesField, patternLines } from './fields';

export const description: INodeProperties[] = [
	...showFor('network', 'blockRequests', [
		{
			...blockTypesField,
			description:
				'Which kinds of requests to block in every tab of the session, e.g. images and fonts to load pages faster',
		},
		{
			displayName: 'URL Patterns',
			name: 'urlPatterns',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. *google-analytics.com*',
			hint: PATTERN_HINT,
			description:
				'Also block requests whose address matches one of these patterns, one per line. Replaces the blocking set before; with no types and no patterns, nothing is blocked any more.',
		},
	]),
	optionsCollection({ resource: 'network', operation: 'blockRequests' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'network.blockRequests', {
		resourceTypes: this.getNodeParameter('resourceTypes', itemIndex, []) as string[],
		urlPatterns: patternLines(this.getNodeParameter('urlPatterns', itemIndex, '') as string),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
