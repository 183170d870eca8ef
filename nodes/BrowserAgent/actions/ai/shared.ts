import type { z } from 'zod';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { taskOptionsSchema, type TaskResult } from '../../../../lib';
import { actionOptions, schemaField, type OperationContext } from '../common';
import { downloadedFiles, taskFailure } from './model';

const task = taskOptionsSchema.shape;

/** Options every AI operation shares: how much of the page the model sees, and how its replies are checked. */
export const modelOptions = {
	useVision: schemaField(task.useVision, {
		displayName: 'Send Screenshots',
		name: 'useVision',
		description:
			'Whether to send a JPEG of the viewport with each snapshot, for models that read images (costs more tokens)',
	}),
	repairAttempts: schemaField(task.repairAttempts, {
		displayName: 'Repair Attempts',
		name: 'repairAttempts',
		description:
			'How often a reply that is not the JSON asked for is sent back to the model to fix before the operation fails with MODEL_OUTPUT_INVALID',
	}),
	snapshotCharacters: (field: z.ZodType = task.snapshotCharacters) =>
		schemaField(field, {
			displayName: 'Snapshot Characters',
			name: 'snapshotCharacters',
			description:
				'The most characters of the page’s accessibility snapshot the model sees per turn; the rest is cut with a note',
		}),
	timeLimit: (field: z.ZodType = task.timeoutMs) =>
		schemaField(field, {
			displayName: 'Time Limit (Ms)',
			name: 'timeoutMs',
			description:
				'Total time for the operation, model calls and browser actions together; past it the operation fails with TIMEOUT',
		}),
};

/** The operation's options as the runner takes them (Output Schema is read on its own, as JSON). */
export function aiOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const { outputSchema: _outputSchema, ...options } = actionOptions.call(this, itemIndex);
	return options;
}

/** Where the session stands after the operation, as every Browser Agent item says. */
export async function sessionFields(
	context: OperationContext,
	result: Pick<TaskResult, 'durationMs'>,
): Promise<IDataObject> {
	const status = await context.pool.status(context.key);
	return {
		url: status?.url ?? '',
		title: status?.title ?? '',
		sessionName: status?.name ?? context.key.name ?? '',
		sessionId: status?.id ?? '',
		durationMs: result.durationMs,
	};
}

export const outputSchemaHint =
	'A JSON Schema, e.g. {"type": "object", "properties": {"invoice": {"type": "string"}, "total": {"type": "number"}}, "required": ["invoice"]}';

export const placeholderHint =
	'With a Site Login credential on this node, the model sees {{login.username}}, {{login.password}} and {{login.totp}} instead of the values; the browser types the real ones.';

/**
 * The item of Run Task or Act: the result (or the typed failure, unless the node returns it), the
 * files downloaded as binary download1…, and where the session stands.
 */
export async function taskItem(
	this: IExecuteFunctions,
	context: OperationContext,
	result: TaskResult,
	{ action, returnFailure }: { action: string; returnFailure: boolean },
): Promise<INodeExecutionData> {
	if (!result.ok && !returnFailure) throw taskFailure(result, action);
	const { files, ...outcome } = result;
	const downloads = await downloadedFiles(this, files);
	return {
		json: {
			...outcome,
			...(downloads.list.length && { files: downloads.list }),
			...(await sessionFields(context, result)),
		} as unknown as INodeExecutionData['json'],
		...(downloads.binary && { binary: downloads.binary }),
	};
}
