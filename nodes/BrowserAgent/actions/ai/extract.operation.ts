import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { extractOptionsSchema, extractWithModel } from '../../../../lib';
import { siteLoginPlaceholders } from '../../transport/siteLogin';
import {
	optionsCollection,
	selectorField,
	showFor,
	textParameter,
	type OperationContext,
} from '../common';
import { connectedModel, jsonSchemaParameter, onFailureField, taskFailure } from './model';
import { aiOptions, modelOptions, outputSchemaHint, sessionFields } from './shared';

const input = extractOptionsSchema.shape;

export const description: INodeProperties[] = [
	...showFor('ai', 'extract', [
		{
			displayName: 'Instruction',
			name: 'instruction',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			required: true,
			placeholder: 'e.g. The number, date and total of every invoice in the table',
			description:
				'What to read out of the current page, in plain words; the connected chat model reads the page and answers with the data',
		},
		{
			displayName: 'Output Schema',
			name: 'outputSchema',
			type: 'json',
			default: '',
			description:
				'A JSON Schema the data must match; the model is asked again until it does. Empty: any JSON.',
			hint: outputSchemaHint,
		},
		onFailureField('Extraction'),
	]),
	optionsCollection(
		{ resource: 'ai', operation: 'extract' },
		[
			selectorField({
				required: false,
				placeholder: 'e.g. #invoices or ref=e12',
				description: 'Read only this element. Empty: the whole page.',
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
	const outputSchema = jsonSchemaParameter(this, 'outputSchema', itemIndex);
	const options = aiOptions.call(this, itemIndex);
	const placeholders = await siteLoginPlaceholders(this, itemIndex);
	const model = await connectedModel(this, itemIndex, 'Extract');
	const result = await extractWithModel(
		context.pool,
		context.key,
		model,
		{ instruction, ...options, ...(outputSchema && { outputSchema }), placeholders },
		context.environment,
	);
	if (!result.ok && onFailure !== 'returnResult') throw taskFailure(result, 'extract');
	const { url: _url, title: _title, ...outcome } = result;
	return [
		{
			json: {
				...outcome,
				...(await sessionFields(context, result)),
			} as unknown as INodeExecutionData['json'],
		},
	];
}
