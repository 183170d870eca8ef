import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	schemaLimits,
	type OperationContext,
} from '../common';
import { PATTERN_HINT } from '../tab/fields';
import { recordTypesField } from './fields';

export const description: INodeProperties[] = [
	...showFor('network', 'recordResponses', [
		{
			displayName: 'URL Pattern',
			name: 'urlPattern',
			type: 'string',
			default: '',
			placeholder: 'e.g. */api/*',
			hint: PATTERN_HINT,
			description:
				'Record the responses whose address matches, from now on, in every tab. Leave empty to record every response. Read them with Network → Get Recorded Responses.',
		},
	]),
	optionsCollection(
		{ resource: 'network', operation: 'recordResponses' },
		[
			{
				displayName: 'Max Body Size (Bytes)',
				name: 'maxBodyBytes',
				type: 'number',
				typeOptions: schemaLimits(actions.recordResponses.input.shape.maxBodyBytes),
				default: 100000,
				description: 'Longer bodies are kept as text cut at this size (marked truncated)',
			},
			{
				displayName: 'Max Responses',
				name: 'maxResponses',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 5000 },
				default: 500,
				description: 'How many responses to keep; when more arrive, the oldest are dropped',
			},
			recordTypesField,
		],
		[],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const urlPattern = this.getNodeParameter('urlPattern', itemIndex, '') as string;
	const run = await runAction(context, 'network.recordResponses', {
		...(urlPattern ? { urlPattern } : {}),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
