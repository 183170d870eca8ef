import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { act, actOptionsSchema } from '../../../../lib';
import { siteLoginPlaceholders } from '../../transport/siteLogin';
import {
	optionsCollection,
	schemaField,
	showFor,
	textParameter,
	type OperationContext,
} from '../common';
import { connectedModel, onFailureField } from './model';
import { aiOptions, modelOptions, placeholderHint, taskItem } from './shared';

const input = actOptionsSchema.shape;

export const description: INodeProperties[] = [
	...showFor('ai', 'act', [
		{
			displayName: 'Instruction',
			name: 'instruction',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			required: true,
			placeholder: 'e.g. Accept the cookie banner',
			description:
				'One thing to do on the current page, in plain words; the connected chat model finds the elements and acts',
			hint: placeholderHint,
		},
		onFailureField('Instruction'),
	]),
	optionsCollection(
		{ resource: 'ai', operation: 'act' },
		[
			schemaField(input.maxActions, {
				displayName: 'Max Actions',
				name: 'maxActions',
				description:
					'Most browser actions the instruction may take; one more fails it with MAX_STEPS',
			}),
			schemaField(input.maxFailures, {
				displayName: 'Max Failures',
				name: 'maxFailures',
				description: 'Most failed actions in a row before the instruction fails with MAX_FAILURES',
			}),
			modelOptions.useVision,
			modelOptions.repairAttempts,
			modelOptions.snapshotCharacters(input.snapshotCharacters),
			modelOptions.timeLimit(input.timeoutMs),
		],
		[],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const instruction = textParameter.call(this, 'instruction', itemIndex, '');
	const onFailure = textParameter.call(this, 'onFailure', itemIndex, 'fail');
	const options = aiOptions.call(this, itemIndex);
	const placeholders = await siteLoginPlaceholders(this, itemIndex);
	const model = await connectedModel(this, itemIndex, 'Act');
	const result = await act(
		context.pool,
		context.key,
		model,
		{ instruction, ...options, placeholders },
		context.environment,
	);
	return [
		await taskItem.call(this, context, result, {
			action: 'act',
			returnFailure: onFailure === 'returnResult',
		}),
	];
}
