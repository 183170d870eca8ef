import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import {
	BrowserAgentError,
	OPERATION_ACTIONS,
	type ActionRun,
	type OperationAlias,
	type SessionEnvironment,
	type SessionKey,
	type SessionPool,
} from '../../../../lib';

/** What an operation needs to reach its session: the pool, which session, and the credential's settings for it. */
export interface OperationContext {
	pool: SessionPool;
	key: SessionKey;
	environment: SessionEnvironment;
	/** The session outlives the execution: a run from the n8n editor (see transport/editorSessions). */
	editorSession: boolean;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) => Promise<INodeExecutionData[]>;

/** One `<op>.operation.ts`: the fields it shows and how it runs. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationExecute;
}

/** The Options collection without the keys that are not action input. */
export function actionOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const {
		sessionName: _sessionName,
		screenshotAfterStep: _screenshotAfterStep,
		...options
	} = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return options;
}

/** Runs the action of an operation (`page.navigate`), as the alias table in lib names it. */
export function runAction(
	context: OperationContext,
	operation: OperationAlias,
	input: IDataObject,
): Promise<ActionRun<IDataObject>> {
	return context.pool.run<IDataObject>(
		context.key,
		OPERATION_ACTIONS[operation],
		input,
		context.environment,
	);
}

/** One output item: the action's result, and where the browser stood after it. */
export async function actionItem(
	this: IExecuteFunctions,
	run: ActionRun<IDataObject>,
	binaryPropertyName?: string,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = {
		json: {
			...run.result,
			url: run.url,
			title: run.title,
			sessionName: run.sessionName,
			sessionId: run.sessionId,
			durationMs: run.durationMs,
		},
	};
	const file = run.files[0];
	if (file && binaryPropertyName) {
		item.binary = {
			[binaryPropertyName]: await this.helpers.prepareBinaryData(
				file.bytes,
				file.fileName,
				file.mimeType,
			),
		};
	}
	return item;
}

/**
 * A text parameter, checked as it is read: an operation uses some (output field names) only after
 * its action ran, when a value of the wrong kind would otherwise surface as our own TypeError.
 */
export function textParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: string,
): string {
	const value = this.getNodeParameter(name, itemIndex, fallback);
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new BrowserAgentError(
		'INVALID_INPUT',
		`"${name}" must be text, not ${value === null ? 'null' : typeof value}.`,
		{
			field: name,
			advice: `Give "${name}" a text value, e.g. ${JSON.stringify(fallback)}.`,
		},
	);
}
