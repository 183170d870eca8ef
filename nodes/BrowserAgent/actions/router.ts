import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import {
	BLANK_PAGE_URL,
	DEFAULT_SESSION_NAME,
	failurePage,
	failureScreenshot,
	failureScreenshotFile,
	isBrowserAgentError,
	sharedPool,
	type BrowserAgentError,
	type SessionEnvironment,
	type SessionKey,
	type SessionPool,
} from '../../../lib';
import { sessionEnvironmentFromCredential } from '../transport/sessionEnvironment';
import { bindSessionsToExecution } from '../transport/executionLifecycle';
import { sessionScopeOf, type SessionScope } from '../transport/editorSessions';
import { continueSession } from '../transport/sessionContinuity';
import {
	textParameter,
	type ItemOutcome,
	type OperationContext,
	type OperationModule,
} from './common/run';
import {
	attachStepScreenshot,
	readScreenshotAfterStep,
	STEP_SCREENSHOT_FIELD,
	wantsStepScreenshot,
	type ScreenshotAfterStep,
} from './common/stepScreenshot';
import * as ai from './ai/Ai.resource';
import * as element from './element/Element.resource';
import * as extract from './extract/Extract.resource';
import * as file from './file/File.resource';
import * as frame from './frame/Frame.resource';
import * as mouse from './mouse/Mouse.resource';
import * as network from './network/Network.resource';
import * as page from './page/Page.resource';
import * as script from './script/Script.resource';
import * as session from './session/Session.resource';
import * as storage from './storage/Storage.resource';
import * as tab from './tab/Tab.resource';
import { typedOperationError } from './typedErrors';

/** Every resource by its value; each resource module lists its own operations. */
export const resources: Record<string, { operations: Record<string, OperationModule> }> = {
	ai,
	element,
	extract,
	file,
	frame,
	mouse,
	network,
	page,
	script,
	session,
	storage,
	tab,
};

/** The operation module for a saved resource/operation pair, if this version has it. */
export function findOperation(resource: string, operation: string): OperationModule | undefined {
	if (!Object.hasOwn(resources, resource)) return undefined;
	const { operations } = resources[resource];
	return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

/**
 * Runs the chosen operation once per input item, in order, on the execution's session; an
 * operation that can run items at once does so in groups when its parameters ask for it.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = findOperation(resource, operation);
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported by this version of Browser Agent.`,
		);
	}

	const pool = sharedPool();
	// Read once, with the first item, so a broken credential is an item error like any other.
	let setup: Promise<ExecutionSetup> | undefined;
	let scope: SessionScope | undefined;
	let stepScreenshot: ScreenshotAfterStep = 'auto';
	let lastKey: SessionKey | undefined;
	const output: INodeExecutionData[] = [];
	/** Session names whose continuity (SESSION_LOST) this node run has checked. */
	const continuityChecked = new Set<string>();

	/** The context of a group of items on the session the first of them names. */
	const contextFor = async (itemIndex: number, phase: { readingParameters: boolean }) => {
		setup ??= executionSetup(this, pool);
		const shared = await setup;
		scope = shared.scope;
		if (itemIndex === 0) stepScreenshot = readScreenshotAfterStep.call(this);
		const sessionName =
			textParameter.call(this, 'options.sessionName', itemIndex, DEFAULT_SESSION_NAME) ||
			DEFAULT_SESSION_NAME;
		const key = { owner: scope.owner, name: sessionName };
		// Manual runs are left alone: a partial run (Execute step) carries earlier runs' data. Once per
		// session name per node run: it reads the execution's run data, and items may be thousands.
		if (!scope.editor && this.getMode() !== 'manual' && !continuityChecked.has(sessionName)) {
			await continueSession(this, pool, key, `${resource}.${operation}`, shared.environment);
			continuityChecked.add(sessionName);
		}
		return { key, context: operationContext(pool, key, shared.environment, phase, scope) };
	};
	const succeeded = (itemIndex: number, results: INodeExecutionData[], key: SessionKey) => {
		lastKey = key;
		output.push(
			...this.helpers.constructExecutionMetaData(withInputFiles(results, items[itemIndex]), {
				itemData: { item: itemIndex },
			}),
		);
	};
	/** An error item when the node continues on failure; otherwise the error to stop with. */
	const failed = async (thrown: unknown, itemIndex: number, readingParameters: boolean) => {
		const error = typedOperationError(thrown, readingParameters);
		if (thrown instanceof TypeError && !readingParameters) {
			this.logger.error(
				`Browser Agent ${resource}/${operation}, item ${itemIndex + 1}: a defect in Browser Agent's own code`,
				{ stack: thrown.stack },
			);
		}
		if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex, scope);
		output.push(await errorItem(this, error, itemIndex));
	};
	// A cancelled execution stops its browser mid-action; that is the cancel, not a failure.
	const cancelled = () => this.getExecutionCancelSignal?.()?.aborted === true;

	let atOnce = 1;
	if (module.parallel) {
		try {
			atOnce = module.parallel.itemsAtOnce.call(this);
		} catch (thrown) {
			// Unreadable, it fails every item as bad input (each as an error item on Continue).
			for (const itemIndex of items.keys()) await failed(thrown, itemIndex, true);
			return [output];
		}
	}
	for (let first = 0; first < items.length; first += atOnce) {
		const group = Array.from(
			{ length: Math.min(atOnce, items.length - first) },
			(_, offset) => first + offset,
		);
		const phase = { readingParameters: true };
		let key: SessionKey | undefined;
		let outcomes: ItemOutcome[];
		try {
			const target = await contextFor(first, phase);
			key = target.key;
			outcomes =
				atOnce > 1 && module.parallel
					? await module.parallel.executeTogether.call(this, group, target.context)
					: [{ items: await module.execute.call(this, first, target.context) }];
		} catch (thrown) {
			// The whole group failed (its session, the policy, the browser): each of its items says so.
			outcomes = group.map(() => ({ error: thrown, readingParameters: phase.readingParameters }));
		}
		for (const [offset, outcome] of outcomes.entries()) {
			const itemIndex = group[offset];
			if ('items' in outcome) succeeded(itemIndex, outcome.items, key!);
			else if (cancelled()) return [output];
			else await failed(outcome.error, itemIndex, outcome.readingParameters);
		}
	}
	if (lastKey && output.length && wantsStepScreenshot(stepScreenshot, this.getMode()))
		await attachStepScreenshot(this, pool, lastKey, output[0]);
	return [output];
}

/** What every item of this node run shares: which sessions (editor or execution) and their environment. */
interface ExecutionSetup {
	scope: SessionScope;
	environment: SessionEnvironment;
}

async function executionSetup(
	context: IExecuteFunctions,
	pool: SessionPool,
): Promise<ExecutionSetup> {
	const reference = context.getNode().credentials?.browserAgentApi;
	const credential = reference
		? await context.getCredentials<ICredentialDataDecryptedObject>('browserAgentApi')
		: undefined;
	const scope = await sessionScopeOf(context, pool, credential);
	bindSessionsToExecution(context, pool, scope);
	// The ID scopes the credential's session limit; credentials are told apart by it, not by their content.
	const environment = sessionEnvironmentFromCredential(credential, reference?.id ?? undefined);
	// The audit trail and alerts name the workflow a session ran for.
	const workflow = context.getWorkflow();
	return {
		scope,
		environment: {
			...environment,
			audit: { ...environment.audit, workflow: { id: workflow.id, name: workflow.name } },
			sessionDefaults: { ...environment.sessionDefaults, ...scope.sessionDefaults },
			// A session waiting for a place under the session limits leaves the queue when the execution is cancelled.
			signal: context.getExecutionCancelSignal?.(),
		},
	};
}

/**
 * The operation's way to its session. An operation reads all its parameters before it first uses
 * the pool, so that first use ends the reading phase: a TypeError after it is our own defect.
 */
function operationContext(
	pool: SessionPool,
	key: SessionKey,
	environment: SessionEnvironment,
	phase: { readingParameters: boolean },
	scope: SessionScope,
): OperationContext {
	return {
		key,
		environment,
		editorSession: scope.editor,
		get pool() {
			phase.readingParameters = false;
			return pool;
		},
	};
}

/**
 * An operation that answers an item with one item keeps the input item's files (its own file wins
 * on the same field name), so a later Upload File still finds a file an earlier node produced.
 */
function withInputFiles(
	results: INodeExecutionData[],
	input: INodeExecutionData,
): INodeExecutionData[] {
	if (!input.binary || results.length !== 1) return results;
	// The earlier step's picture of the page is not a file of the flow: each step shows its own.
	const { [STEP_SCREENSHOT_FIELD]: _earlierStep, ...files } = input.binary;
	if (!Object.keys(files).length) return results;
	const [only] = results;
	return [{ ...only, binary: { ...files, ...only.binary } }];
}

/** The error as an output item; the page at the moment of failure, when the session took one, as binary `screenshot`. */
async function errorItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: errorJson(error), pairedItem: { item: itemIndex } };
	const screenshot = failureScreenshot(error);
	if (screenshot)
		item.binary = {
			screenshot: await context.helpers.prepareBinaryData(screenshot, 'failure.png', 'image/png'),
		};
	return item;
}

function errorJson(error: unknown): IDataObject {
	if (isBrowserAgentError(error)) {
		const { message, ...rest } = error.toJSON();
		const page = failurePage(error);
		return { error: message, ...rest, ...(page && { url: page.url, title: page.title }) };
	}
	return { error: error instanceof Error ? error.message : String(error) };
}

function toNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	scope: SessionScope | undefined,
): Error {
	if (error instanceof NodeOperationError) return error;
	if (!isBrowserAgentError(error)) {
		return new NodeOperationError(
			context.getNode(),
			error instanceof Error ? error : String(error),
			{ itemIndex },
		);
	}
	const failure: BrowserAgentError = error;
	return new NodeOperationError(context.getNode(), `${failure.message} [${failure.code}]`, {
		itemIndex,
		description: [
			failure.advice,
			whereThePageWas(failure),
			scope?.editor ? editorAdvice(failure) : undefined,
			whereTheScreenshotIs(failure),
			`Item ${itemIndex + 1}.`,
		]
			.filter(Boolean)
			.join(' '),
	});
}

const ON_ERROR_HINT =
	'To get it as the binary “screenshot”, set the node’s Settings → On Error to “Continue (using error output)”.';

/**
 * n8n shows no files of a failed node, so the description names the picture of the failure: the
 * audit trail's file, or, with the audit trail off, how to get it.
 */
function whereTheScreenshotIs(failure: BrowserAgentError): string | undefined {
	if (!failureScreenshot(failure)) return undefined;
	const file = failureScreenshotFile(failure);
	if (file)
		return `A screenshot of the page at the failure: ${file} (also in Session → Get Timeline). ${ON_ERROR_HINT}`;
	return `A screenshot of the page at the failure was taken but not kept as a file (the credential’s Audit Trail is off, or could not write to its data folder). ${ON_ERROR_HINT} Or switch Audit Trail on to keep it as a file.`;
}

function whereThePageWas(failure: BrowserAgentError): string | undefined {
	const page = failurePage(failure);
	if (!page) return undefined;
	return `The page was ${page.url}${page.title ? ` (“${page.title}”)` : ''}.`;
}

/** In the editor, a blank page or an ended session mostly means the earlier nodes' page is gone. */
function editorAdvice(failure: BrowserAgentError): string | undefined {
	const blank = failurePage(failure)?.url === BLANK_PAGE_URL;
	if (blank || failure.code === 'SESSION_TIMEOUT' || failure.code === 'SESSION_CLOSED')
		return 'In the editor, Execute step continues the session the last run left open; this one is new or has ended (it closes after its idle timeout). Press Execute workflow to run the flow from the trigger, then Execute step again.';
	return undefined;
}
