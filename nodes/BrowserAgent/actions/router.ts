import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import {
	DEFAULT_SESSION_NAME,
	failureScreenshot,
	isBrowserAgentError,
	sharedPool,
	type BrowserAgentError,
	type SessionEnvironment,
	type SessionKey,
	type SessionPool,
} from '../../../lib';
import { sessionEnvironmentFromCredential } from '../transport/sessionEnvironment';
import { bindSessionsToExecution } from '../transport/executionLifecycle';
import { textParameter, type OperationContext, type OperationModule } from './common/run';
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

/** Runs the chosen operation once per input item, in order, on the execution's session. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = findOperation(resource, operation)?.execute;
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported by this version of Browser Agent.`,
		);
	}

	const pool = sharedPool();
	const owner = this.getExecutionId();
	bindSessionsToExecution(this, pool, owner);

	// Read once, inside the item loop, so a broken credential is an item error like any other.
	let environment: Promise<SessionEnvironment> | undefined;
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const phase = { readingParameters: true };
		try {
			environment ??= credentialEnvironment(this);
			const sessionName =
				textParameter.call(this, 'options.sessionName', itemIndex, DEFAULT_SESSION_NAME) ||
				DEFAULT_SESSION_NAME;
			const context = operationContext(
				pool,
				{ owner, name: sessionName },
				await environment,
				phase,
			);
			const results = withInputFiles(
				await execute.call(this, itemIndex, context),
				items[itemIndex],
			);
			output.push(
				...this.helpers.constructExecutionMetaData(results, { itemData: { item: itemIndex } }),
			);
		} catch (thrown) {
			const error = typedOperationError(thrown, phase.readingParameters);
			if (thrown instanceof TypeError && !phase.readingParameters) {
				this.logger.error(
					`Browser Agent ${resource}/${operation}, item ${itemIndex + 1}: a defect in Browser Agent's own code`,
					{ stack: thrown.stack },
				);
			}
			// A cancelled execution stops its browser mid-action; that is the cancel, not a failure.
			if (this.getExecutionCancelSignal?.()?.aborted) return [output];
			if (this.continueOnFail()) {
				output.push(await errorItem(this, error, itemIndex));
				continue;
			}
			throw toNodeError(this, error, itemIndex);
		}
	}
	return [output];
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
): OperationContext {
	return {
		key,
		environment,
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
	const [only] = results;
	return [{ ...only, binary: { ...input.binary, ...only.binary } }];
}

async function credentialEnvironment(context: IExecuteFunctions): Promise<SessionEnvironment> {
	const reference = context.getNode().credentials?.browserAgentApi;
	const credential = reference
		? await context.getCredentials<ICredentialDataDecryptedObject>('browserAgentApi')
		: undefined;
	// The ID scopes the credential's session limit; credentials are told apart by it, not by their content.
	const environment = sessionEnvironmentFromCredential(credential, reference?.id ?? undefined);
	// The audit trail and alerts name the workflow a session ran for.
	const workflow = context.getWorkflow();
	return {
		...environment,
		audit: { ...environment.audit, workflow: { id: workflow.id, name: workflow.name } },
	};
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
		return { error: message, ...rest };
	}
	return { error: error instanceof Error ? error.message : String(error) };
}

function toNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
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
		description: [failure.advice, `Item ${itemIndex + 1}.`].filter(Boolean).join(' '),
	});
}
