import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionOptions,
	optionsCollection,
	runAction,
	timeoutOption,
	schemaField,
	type OperationContext,
} from '../common';
import { PATTERN_HINT } from '../tab/fields';

export const description: INodeProperties[] = [
	optionsCollection(
		{ resource: 'network', operation: 'getRecordedResponses' },
		[
			{
				displayName: 'Clear Returned Responses',
				name: 'clear',
				type: 'boolean',
				default: false,
				description:
					'Whether to remove the returned responses from the record, so the next Get only returns newer ones',
			},
			{
				displayName: 'Only URLs Matching',
				name: 'urlPattern',
				type: 'string',
				default: '',
				placeholder: 'e.g. */api/orders*',
				hint: PATTERN_HINT,
				description:
					'Return only the responses whose address matches. Default: all recorded responses.',
			},
			// Its default is the runner's (0): an option's value is saved even when it equals the default, so saved workflows keep theirs.
			schemaField(actions.getRecordedResponses.input.shape.minResponses, {
				displayName: 'Wait for At Least',
				name: 'minResponses',
				description:
					'Wait (up to the timeout) until at least this many matching responses were recorded, e.g. when the data loads after a click',
			}),
		],
		[{ ...timeoutOption, description: 'How long to wait for the responses, in milliseconds' }],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const { urlPattern, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'network.getRecordedResponses', {
		...(urlPattern ? { urlPattern } : {}),
		...options,
	});
	// One item per response, oldest first. No responses: no items.
	return (run.result.responses as IDataObject[]).map((response) => ({ json: response }));
}
