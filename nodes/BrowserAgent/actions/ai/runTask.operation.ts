import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { runTask, taskOptionsSchema } from '../../../../lib';
import { siteLoginPlaceholders } from '../../transport/siteLogin';
import {
	optionsCollection,
	schemaField,
	showFor,
	textParameter,
	type OperationContext,
} from '../common';
import { connectedModel, jsonSchemaParameter, onFailureField } from './model';
import { aiOptions, modelOptions, outputSchemaHint, placeholderHint, taskItem } from './shared';

const input = taskOptionsSchema.shape;

export const description: INodeProperties[] = [
	...showFor('ai', 'runTask', [
		{
			displayName: 'Task',
			name: 'task',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'e.g. Sign in, open the latest invoice of ACME and download it',
			description:
				'What the connected chat model should do in the browser, in plain words. It works on this execution’s session, from the page the earlier nodes left.',
			hint: placeholderHint,
		},
		onFailureField('Task'),
	]),
	optionsCollection(
		{ resource: 'ai', operation: 'runTask' },
		[
			schemaField(input.maxSteps, {
				displayName: 'Max Steps',
				name: 'maxSteps',
				description:
					'Most turns of the navigator (each looks at the page and runs a few actions); past it the task fails with MAX_STEPS',
			}),
			schemaField(input.maxFailures, {
				displayName: 'Max Failures',
				name: 'maxFailures',
				description: 'Most failed actions in a row before the task fails with MAX_FAILURES',
			}),
			schemaField(input.maxActionsPerStep, {
				displayName: 'Max Actions per Step',
				name: 'maxActionsPerStep',
				description: 'Most actions the model may ask for in one turn',
			}),
			schemaField(input.planEvery, {
				displayName: 'Plan Every',
				name: 'planEvery',
				description:
					'The planner judges the progress every this many steps, and confirms the end with the final answer',
			}),
			{
				displayName: 'Output Schema',
				name: 'outputSchema',
				type: 'json',
				default: '',
				description:
					'A JSON Schema the task’s structured result ("data") must match; the model is asked again until it does',
				hint: outputSchemaHint,
			},
			modelOptions.useVision,
			modelOptions.repairAttempts,
			modelOptions.snapshotCharacters(),
			modelOptions.timeLimit(),
		],
		[],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const task = textParameter.call(this, 'task', itemIndex, '');
	const onFailure = textParameter.call(this, 'onFailure', itemIndex, 'fail');
	const options = aiOptions.call(this, itemIndex);
	const outputSchema = jsonSchemaParameter(this, 'options.outputSchema', itemIndex);
	const placeholders = await siteLoginPlaceholders(this, itemIndex);
	const model = await connectedModel(this, itemIndex, 'Run Task');
	const result = await runTask(
		context.pool,
		context.key,
		model,
		{ task, ...options, ...(outputSchema && { outputSchema }), placeholders },
		context.environment,
	);
	return [
		await taskItem.call(this, context, result, {
			action: 'runTask',
			returnFailure: onFailure === 'returnResult',
		}),
	];
}
