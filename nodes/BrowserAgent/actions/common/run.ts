import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
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

/** What became of one input item: the items it gave, or why it failed. */
export type ItemOutcome =
	| { items: INodeExecutionData[] }
	| {
			error: unknown;
			/** The item failed while its parameters were read (a TypeError there is bad input, not our defect). */
			readingParameters: boolean;
	  };

/**
 * An operation that can run several items at once on one session (Run Puppeteer Script's Parallel
 * Items, as n8n-nodes-puppeteer's Batch Size). The router gives it groups of that many items.
 */
export interface ParallelOperation {
	/** How many items at once the node's parameters ask for; 1 runs them one after another through `execute`. */
	itemsAtOnce(this: IExecuteFunctions): number;
	/** Runs these items together: one outcome per item, in their order. Rejects only when the whole group failed. */
	executeTogether(
		this: IExecuteFunctions,
		itemIndexes: number[],
		context: OperationContext,
	): Promise<ItemOutcome[]>;
}

/** One `<op>.operation.ts`: the fields it shows and how it runs. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationExecute;
	parallel?: ParallelOperation;
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
	this: Pick<IExecuteFunctions | IWebhookFunctions, 'helpers'>,
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
 * A number of minutes, checked as it is read: an expression may give anything, and a time limit
 * that is no number must fail naming the parameter, not surface later as our own error.
 */
export function minutesParameter(
	this: IExecuteFunctions,
	parameter: { name: string; label: string; min: number; max: number; fallback: number },
	itemIndex: number,
): number {
	const value = this.getNodeParameter(parameter.name, itemIndex, parameter.fallback);
	if (typeof value === 'number' && value >= parameter.min && value <= parameter.max) return value;
	throw new BrowserAgentError(
		'INVALID_INPUT',
		`${parameter.label} must be a number of minutes from ${parameter.min} to ${parameter.max}, not ${JSON.stringify(value)}.`,
		{
			field: parameter.name,
			advice: `Set ${parameter.label} to a number such as ${parameter.fallback}.`,
		},
	);
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
