/**
 * Run n8n workflow JSON in process through n8n's own execution engine
 * (`WorkflowExecute` from n8n-core, `Workflow` from n8n-workflow).
 *
 * Nothing about node execution is re-implemented here: the harness only
 * supplies what the n8n server (packages/cli) would normally provide around
 * the engine: node type registry, credentials helper, lifecycle hooks,
 * `additionalData`, and the DI services n8n-core pulls from `Container`
 * (InstanceSettings, Logger, ErrorReporter, BinaryDataConfig/Service).
 *
 * Usage:
 *   const result = await runWorkflow('test/fixtures/my-workflow.json', {
 *     nodeTypes: { 'n8n-nodes-browser-agent.browserAgent': new BrowserAgent() },
 *     credentials: { browserAgentApi: { token: 'x' } },
 *   });
 *   assertRunSucceeded(result);
 *   const [item] = result.items('Browser Agent');
 *   const bytes = await getBinaryBuffer(item.binary!.data);
 *
 * Built-in node types (registered unless you pass your own under the same
 * name): n8n-nodes-base.manualTrigger, n8n-nodes-base.noOp,
 * n8n-nodes-base.stickyNote.
 *
 * Process-wide state: n8n-core resolves its services from a global DI
 * container, so the first run installs quiet stand-ins for them and (in the
 * default 'filesystem' binary mode) creates one temp directory that is
 * removed when the process exits (or by `disposeN8nEngine()`).
 */
import './isolatedDataDir';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	BinaryDataConfig,
	BinaryDataService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	InstanceSettings,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IConnections,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	INodeTypeDescription,
	IPinData,
	IRun,
	IRunExecutionData,
	ITaskData,
	ITriggerFunctions,
	ITriggerResponse,
	IExecuteFunctions,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	Logger as N8nLogger,
	NodeExecutionHint,
	Workflow as WorkflowType,
	WorkflowExecuteMode,
	IRequestOptionsSimplified,
	ICredentialsExpressionResolveValues,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	LoggerProxy,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	deepCopy,
} from 'n8n-workflow';

// ---------------------------------------------------------------------------
// DI container: use the exact copy of @n8n/di that n8n-core itself loads.
// (@n8n/di is a dependency of n8n-core, not of this package.)
// ---------------------------------------------------------------------------
const coreRequire = createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di') as typeof import('@n8n/di');
const { Logger: BackendLogger } = coreRequire('@n8n/backend-common') as {
	Logger: abstract new (...args: never[]) => unknown;
};

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type NodeTypeImplementation = INodeType | IVersionedNodeType;

export interface WorkflowInput {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
}

export interface RunWorkflowOptions {
	/** Full type name (`<package>.<node>`, e.g. `n8n-nodes-browser-agent.browserAgent`) → implementation. */
	nodeTypes: Record<string, NodeTypeImplementation>;
	/** Credential type name → decrypted data, returned to any node that references that type. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Credential type definitions: used for property defaults and `authenticate` (httpRequestWithAuthentication). */
	credentialTypes?: ICredentialType[];
	/** Defaults to a fresh UUID per run. Visible to nodes as `this.getExecutionId()`. */
	executionId?: string;
	/** Items emitted by the start node (pinned on it, as the editor's "pin data" does). Default: one empty item. */
	inputItems?: Array<INodeExecutionData | IDataObject>;
	/** Pin data per node name (only honoured by n8n in 'manual' mode). Merged over the workflow JSON's own pinData. */
	pinData?: IPinData;
	/** Node name to start from. Default: n8n's own choice (`workflow.getStartNode()`). */
	startNode?: string;
	/**
	 * Execution mode. Default 'trigger', a production execution (a trigger fired). 'manual' is what
	 * the editor's Execute workflow and Execute step use.
	 */
	mode?: WorkflowExecuteMode;
	/**
	 * Run as the editor's *Execute step* does (n8n's partial execution): `destination` and what it
	 * needs run, reusing the run data of `previous` for the nodes before it (except `dirtyNodes`).
	 */
	partial?: { previous: RunResult; destination: string; dirtyNodes?: string[] };
	/** Aborting cancels the execution the way n8n's "stop execution" does (PCancelable.cancel()). */
	signal?: AbortSignal;
	/** Cancel the execution after this many ms (like the workflow `executionTimeout` setting). */
	timeoutMs?: number;
	/**
	 * Extra hook handlers (`nodeExecuteBefore`, `nodeExecuteAfter`, `workflowExecuteBefore`,
	 * `workflowExecuteAfter`, ...) registered on the run's ExecutionLifecycleHooks.
	 */
	hooks?: (hooks: ExecutionLifecycleHooks) => void;
	/** Overrides merged into the generated additionalData (escape hatch). */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}

export interface HarnessError {
	message: string;
	name?: string;
	description?: string | null;
	/** Name of the node that failed (from the error's `node`, else the last executed node). */
	nodeName?: string;
	nodeType?: string;
	/** Item index recorded on NodeOperationError/NodeApiError (`context.itemIndex`). */
	itemIndex?: number;
	context?: IDataObject;
	/** The error object exactly as n8n recorded it (a plain copy: prototypes are lost by n8n). */
	raw: ExecutionError | Record<string, unknown>;
}

export interface NodeRunResult {
	/** Items per `main` output index (output 0 is the regular output). */
	outputs: INodeExecutionData[][];
	/** Shortcut for `outputs[0] ?? []`. */
	items: INodeExecutionData[];
	status?: ExecutionStatus;
	/** Set when this node run failed (with or without continueOnFail). */
	error?: HarnessError;
	executionTime: number;
	hints: NodeExecutionHint[];
	/** Raw ITaskData recorded by the engine. */
	task: ITaskData;
}

export interface RunResult {
	executionId: string;
	/** 'success' | 'error' | 'canceled' | 'waiting' | ... */
	status: ExecutionStatus;
	finished: boolean;
	/** The whole run's error (set when a node failed without continueOnFail, or on cancel). */
	error?: HarnessError;
	/** Per node name: one entry per run of that node. */
	nodes: Record<string, NodeRunResult[]>;
	/** Node names in the order they finished (one entry per node run). */
	executionOrder: string[];
	lastNodeExecuted?: string;
	/** The raw IRun returned by WorkflowExecute. */
	run: IRun;
	/** Output items of `nodeName` (throws a descriptive error when the node did not run). */
	items(nodeName: string, runIndex?: number, outputIndex?: number): INodeExecutionData[];
}

// ---------------------------------------------------------------------------
// Engine (process-wide) setup
// ---------------------------------------------------------------------------

export interface EngineConfig {
	/**
	 * 'filesystem' (n8n 2.x default for a regular instance): binaries are written to a temp dir and
	 * items only carry an `id` — nodes must read them with `this.helpers.getBinaryDataBuffer()`.
	 * 'memory' (n8n's 'default' mode): base64 inline in `binary.data`.
	 */
	binaryDataMode?: 'filesystem' | 'memory';
	/** Print n8n's logger output (debug level). Also enabled by env N8N_ENGINE_LOG=1. */
	log?: boolean;
}

interface EngineState {
	binaryDataMode: 'filesystem' | 'memory';
	storageDir?: string;
	ready: Promise<void>;
}

let engine: EngineState | undefined;
let pendingConfig: EngineConfig = {};

/** Configure the engine before the first run (binary-data mode is process-wide in n8n). */
export function configureN8nEngine(config: EngineConfig): void {
	if (engine) {
		if (config.binaryDataMode && config.binaryDataMode !== engine.binaryDataMode) {
			throw new Error(
				`n8n engine already initialised with binaryDataMode '${engine.binaryDataMode}'; call configureN8nEngine() before the first runWorkflow()`,
			);
		}
		return;
	}
	pendingConfig = { ...pendingConfig, ...config };
}

/** Removes the binary-data temp dir. Further runs re-initialise the engine. Optional: runs on process exit anyway. */
export function disposeN8nEngine(): void {
	if (engine?.storageDir) rmSync(engine.storageDir, { recursive: true, force: true });
	engine = undefined;
}

function makeLogger(enabled: boolean): N8nLogger & { scoped(): unknown } {
	const out =
		(level: string) =>
		(message: string, meta?: object): void => {
			if (!enabled) return;
			// eslint-disable-next-line no-console
			console.error(`[n8n ${level}] ${message}`, meta && Object.keys(meta).length ? meta : '');
		};
	const logger = Object.create(BackendLogger.prototype as object) as N8nLogger & {
		scoped(): unknown;
	};
	Object.assign(logger, {
		error: out('error'),
		warn: out('warn'),
		info: out('info'),
		debug: out('debug'),
		scoped: () => logger,
	});
	return logger;
}

function ensureEngine(): EngineState {
	if (engine) return engine;

	const binaryDataMode = pendingConfig.binaryDataMode ?? 'filesystem';
	const log = pendingConfig.log ?? ['1', 'true'].includes(process.env.N8N_ENGINE_LOG ?? '');
	const storageDir =
		binaryDataMode === 'filesystem' ? mkdtempSync(path.join(tmpdir(), 'n8n-engine-')) : undefined;
	const state: EngineState = {
		binaryDataMode,
		storageDir,
		ready: Promise.resolve(),
	};

	// Logger: the real one builds winston transports from @n8n/config.
	const logger = makeLogger(log);
	Container.set(BackendLogger as never, logger as never);
	if (log) LoggerProxy.init(logger);

	// InstanceSettings: the real constructor reads/creates ~/.n8n/config (encryption key).
	const encryptionKey = 'n8n-engine-test-encryption-key';
	const instanceSettings = Object.create(InstanceSettings.prototype) as InstanceSettings;
	const n8nFolder = storageDir ?? path.join(tmpdir(), 'n8n-engine-unused');
	Object.assign(instanceSettings, {
		settings: { encryptionKey },
		n8nFolder,
		staticCacheDir: path.join(n8nFolder, 'cache'),
		customExtensionDir: path.join(n8nFolder, 'custom'),
		nodesDownloadDir: path.join(n8nFolder, 'nodes'),
		instanceId: 'n8n-engine-test-instance',
		hmacSignatureSecret: 'n8n-engine-test-hmac-secret',
		instanceType: 'main',
		instanceRole: 'leader',
		hostId: 'main-n8n-engine-test',
		isMultiMainEnabled: false,
		isMultiMainLicensed: false,
		enforceSettingsFilePermissions: { isSet: false, enforce: false },
	});
	Container.set(InstanceSettings, instanceSettings);

	// ErrorReporter: the engine reports every node error here (the default prints them); the
	// errors are already in the run data, so drop them (or log them when logging is on).
	const errorReporter = Object.create(ErrorReporter.prototype) as ErrorReporter;
	Object.assign(errorReporter, {
		error: (e: unknown) =>
			logger.debug(`ErrorReporter.error: ${(e as Error)?.message ?? String(e)}`),
		warn: () => {},
		info: () => {},
	});
	Container.set(ErrorReporter, errorReporter);

	// Binary data: the real config derives its mode and path from env + InstanceSettings.
	const binaryConfig = Object.create(BinaryDataConfig.prototype) as BinaryDataConfig;
	Object.assign(binaryConfig, {
		mode: binaryDataMode === 'filesystem' ? 'filesystem' : 'default',
		availableModes: ['filesystem'],
		localStoragePath: path.join(n8nFolder, 'storage'),
		signingSecret: 'n8n-engine-test-signing-secret',
		dbMaxFileSize: 512,
	});
	Container.set(BinaryDataConfig, binaryConfig);
	const binaryDataService = new BinaryDataService(binaryConfig, errorReporter, logger as never);
	Container.set(BinaryDataService, binaryDataService);
	// init() registers the filesystem manager (and mkdirs its path) and selects the mode.
	state.ready = binaryDataMode === 'filesystem' ? binaryDataService.init() : Promise.resolve();
	if (binaryDataMode === 'memory') {
		// init() would also mkdir a storage dir; 'default' mode only needs the mode set.
		(binaryDataService as unknown as { mode: string }).mode = 'default';
	}

	// SSHClientsManager is created (via Container) by every trigger/execute context that gets SSH
	// tunnel helpers; its constructor starts a 60 s setInterval that is not unref'd and would keep
	// the test process alive. Create it now and unref that timer. (Internal module: no export.)
	try {
		const { SSHClientsManager } = coreRequire('./execution-engine/ssh-clients-manager') as {
			SSHClientsManager: new (...args: any[]) => { cleanupTimer?: NodeJS.Timeout };
		};
		Container.get(SSHClientsManager).cleanupTimer?.unref();
	} catch (error) {
		if (log) console.error('[n8n-engine] could not pre-create SSHClientsManager', error);
	}

	if (storageDir) {
		process.once('exit', () => rmSync(storageDir, { recursive: true, force: true }));
	}

	engine = state;
	return state;
}

/** Read the bytes of a binary property produced by a node (works in both binary-data modes). */
export async function getBinaryBuffer(binary: IBinaryData): Promise<Buffer> {
	await ensureEngine().ready;
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

// ---------------------------------------------------------------------------
// Built-in minimal node types (stand-ins for n8n-nodes-base, which is not installed)
// ---------------------------------------------------------------------------

/** Same contract as n8n-nodes-base.manualTrigger: a trigger that emits one empty item when run manually. */
class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		maxNodes: 1,
		defaults: { name: 'When clicking ‘Execute workflow’', color: '#909298' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** Same contract as n8n-nodes-base.noOp: passes its input through. */
class NoOp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing', color: '#b0b0b0' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Editor exports contain sticky notes; they are never executed. */
class StickyNote implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: [1, 2],
		description: 'Make your workflow easier to understand',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	};
}

export const BUILTIN_NODE_TYPES: Readonly<Record<string, NodeTypeImplementation>> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'n8n-nodes-base.noOp': new NoOp(),
	'n8n-nodes-base.stickyNote': new StickyNote(),
};

class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, NodeTypeImplementation>) {}

	getByName(nodeType: string): NodeTypeImplementation {
		const type = this.types[nodeType];
		if (!type) {
			throw new Error(
				`Unknown node type "${nodeType}". Pass it in runWorkflow({ nodeTypes: { '${nodeType}': new MyNode() } }). Known: ${Object.keys(this.types).join(', ')}`,
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}

// ---------------------------------------------------------------------------
// Credentials helper (what packages/cli's CredentialsHelper does, minus the DB/encryption)
// ---------------------------------------------------------------------------

class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
		credentialTypes: ICredentialType[],
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.get(type);
		if (!credentialType) return [];
		const properties: INodeProperties[] = [];
		for (const parent of credentialType.extends ?? []) {
			NodeHelpers.mergeNodeProperties(properties, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(properties, credentialType.properties);
		return properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (data === undefined) {
			throw new Error(
				`Credential "${nodeCredentials?.name ?? nodeCredentials?.id ?? '?'}" of type "${type}" was requested but runWorkflow() got no credentials['${type}']`,
			);
		}
		const copy = deepCopy(data);
		if (raw === true) return copy;

		// Defaults from the credential type's properties, as n8n applies them.
		let decrypted = copy;
		const properties = this.getCredentialsProperties(type);
		if (properties.length) {
			decrypted = (NodeHelpers.getNodeParameters(
				properties,
				copy as never,
				true,
				false,
				null,
				null,
			) ?? copy) as ICredentialDataDecryptedObject;
		}
		// Expressions inside credential values ("={{ ... }}"), resolved like n8n does.
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			decrypted = workflow.expression.getParameterValue(
				decrypted as never,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				'internal',
				{},
				undefined,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.types.get(typeName);
		const authenticate = credentialType?.authenticate;
		if (!authenticate) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;
		// Generic auth: resolve "={{$credentials.x}}" templates into headers/qs/body/auth.
		const resolve = (value: unknown): unknown =>
			workflow.expression.getComplexParameterValue(
				node,
				value as never,
				'internal',
				{ $credentials: credentials },
				undefined,
				undefined,
				credentials,
			);
		const options = requestOptions as unknown as IDataObject;
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			const target = (options[outerKey] ??= {}) as IDataObject;
			for (const [key, value] of Object.entries(values as IDataObject)) {
				target[resolve(key) as string] = resolve(value) as never;
			}
		}
		return options as unknown as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		throw new Error(
			`getCredentials(${type}, ${nodeCredentials?.id ?? ''}) is not supported by the test engine (encrypted credentials)`,
		);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

// ---------------------------------------------------------------------------
// runWorkflow
// ---------------------------------------------------------------------------

function loadWorkflow(input: WorkflowInput | string): WorkflowInput {
	const raw: WorkflowInput =
		typeof input === 'string' ? (JSON.parse(readFileSync(input, 'utf8')) as WorkflowInput) : input;
	if (
		!Array.isArray(raw.nodes) ||
		typeof raw.connections !== 'object' ||
		raw.connections === null
	) {
		throw new Error('Workflow must have `nodes` (array) and `connections` (object)');
	}
	// Workflow's constructor writes default parameters into the node objects: never touch the caller's.
	return deepCopy(raw);
}

function toHarnessError(
	error: ExecutionError | Record<string, unknown> | undefined,
	fallbackNodeName?: string,
): HarnessError | undefined {
	if (!error) return undefined;
	const e = error as Record<string, unknown>;
	const node = e.node as INode | undefined;
	const context = (e.context ?? undefined) as IDataObject | undefined;
	const itemIndex = typeof context?.itemIndex === 'number' ? context.itemIndex : undefined;
	return {
		message: String(e.message ?? ''),
		name: typeof e.name === 'string' ? e.name : undefined,
		description: (e.description as string | null | undefined) ?? undefined,
		nodeName: node?.name ?? fallbackNodeName,
		nodeType: node?.type,
		itemIndex,
		context,
		raw: error,
	};
}

function normaliseInputItems(items: Array<INodeExecutionData | IDataObject>): INodeExecutionData[] {
	return items.map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
}

function describeIssues(issues: Record<string, unknown>): string {
	return Object.entries(issues)
		.map(([nodeName, nodeIssues]) => `  - ${nodeName}: ${JSON.stringify(nodeIssues)}`)
		.join('\n');
}

/**
 * Execute a workflow with n8n's engine. Resolves (never rejects) for node failures and
 * cancellation: inspect `status` / `error`. Rejects only for harness misuse (unknown node
 * type, invalid workflow, parameter issues that stop n8n from starting the run).
 */
export async function runWorkflow(
	workflowOrPath: WorkflowInput | string,
	options: RunWorkflowOptions,
): Promise<RunResult> {
	const state = ensureEngine();
	await state.ready;

	const workflowData = loadWorkflow(workflowOrPath);
	const mode: WorkflowExecuteMode = options.mode ?? 'trigger';
	const executionId = options.executionId ?? randomUUID();
	const nodeTypes = new HarnessNodeTypes({ ...BUILTIN_NODE_TYPES, ...options.nodeTypes });
	for (const node of workflowData.nodes) nodeTypes.getByName(node.type); // fail fast, with a clear message

	const settings: IWorkflowSettings = { executionOrder: 'v1', ...(workflowData.settings ?? {}) };
	const workflow = new Workflow({
		id: workflowData.id ?? 'test-workflow',
		name: workflowData.name ?? 'Test workflow',
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings,
		staticData: workflowData.staticData,
	});

	const startNode = options.startNode
		? workflow.getNode(options.startNode)
		: workflow.getStartNode();
	if (!startNode) {
		throw new Error(
			options.startNode
				? `Start node "${options.startNode}" not found`
				: 'No start node found (add an n8n-nodes-base.manualTrigger, or pass options.startNode)',
		);
	}

	const pinData: IPinData = { ...(workflowData.pinData ?? {}), ...(options.pinData ?? {}) };
	if (options.inputItems) pinData[startNode.name] = normaliseInputItems(options.inputItems);

	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		settings,
	} satisfies IWorkflowBase);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => void executionOrder.push(nodeName));
	options.hooks?.(hooks);

	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper: new HarnessCredentialsHelper(
			options.credentials ?? {},
			options.credentialTypes ?? [],
		),
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: async () => {
			throw new Error('Sub-workflow execution is not supported by the test engine');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners (Code node) are not supported by the test engine');
		},
		...(options.timeoutMs !== undefined
			? { executionTimeoutTimestamp: Date.now() + options.timeoutMs }
			: {}),
		...options.additionalData,
	};

	const workflowExecute = new WorkflowExecute(additionalData, mode);
	let execution: ReturnType<WorkflowExecute['run']>;
	try {
		execution = options.partial
			? workflowExecute.runPartialWorkflow2(
					workflow,
					// The engine writes into the run data it continues; the earlier result stays as it was.
					deepCopy(options.partial.previous.run.data.resultData.runData),
					pinData,
					options.partial.dirtyNodes ?? [],
					{ nodeName: options.partial.destination, mode: 'inclusive' },
				)
			: workflowExecute.run({
					workflow,
					startNode,
					pinData: Object.keys(pinData).length ? pinData : undefined,
				});
	} catch (error) {
		// checkForWorkflowIssues throws synchronously (WorkflowHasIssuesError) before anything runs.
		const issues = workflowExecute.checkReadyForExecution(workflow, {
			startNode: startNode.name,
			pinDataNodeNames: Object.keys(pinData),
		});
		if (issues) {
			throw new Error(
				`${(error as Error).message}\n${describeIssues(issues as Record<string, unknown>)}`,
				{ cause: error },
			);
		}
		throw error;
	}

	const cancel = () => execution.cancel();
	let timer: NodeJS.Timeout | undefined;
	if (options.timeoutMs !== undefined) {
		timer = setTimeout(() => {
			workflowExecute.timedOut = true;
			cancel();
		}, options.timeoutMs);
	}
	if (options.signal?.aborted) cancel();
	else options.signal?.addEventListener('abort', cancel, { once: true });

	let run: IRun;
	try {
		run = await execution;
	} finally {
		if (timer) clearTimeout(timer);
		options.signal?.removeEventListener('abort', cancel);
	}

	return toRunResult(run, executionId, executionOrder);
}

function toRunResult(run: IRun, executionId: string, executionOrder: string[]): RunResult {
	const resultData: IRunExecutionData['resultData'] = run.data.resultData;
	const nodes: Record<string, NodeRunResult[]> = {};
	for (const [nodeName, tasks] of Object.entries(resultData.runData ?? {})) {
		nodes[nodeName] = tasks.map((task) => {
			const outputs = (task.data?.main ?? []).map((items) => items ?? []);
			return {
				outputs,
				items: outputs[0] ?? [],
				status: task.executionStatus,
				error: toHarnessError(task.error, nodeName),
				executionTime: task.executionTime,
				hints: task.hints ?? [],
				task,
			};
		});
	}
	const result: RunResult = {
		executionId,
		status: run.status,
		finished: run.finished === true,
		error: toHarnessError(resultData.error, resultData.lastNodeExecuted),
		nodes,
		executionOrder,
		lastNodeExecuted: resultData.lastNodeExecuted,
		run,
		items(nodeName, runIndex = 0, outputIndex = 0) {
			const runs = nodes[nodeName];
			if (!runs) {
				throw new Error(
					`Node "${nodeName}" did not run (status ${run.status}${result.error ? `, error: ${result.error.message}` : ''}). Ran: ${Object.keys(nodes).join(', ') || 'nothing'}`,
				);
			}
			const nodeRun = runs[runIndex];
			if (!nodeRun)
				throw new Error(`Node "${nodeName}" has no run #${runIndex} (it ran ${runs.length}×)`);
			return nodeRun.outputs[outputIndex] ?? [];
		},
	};
	return result;
}

/** Throws an AssertionError-like Error describing the failure unless the run succeeded. */
export function assertRunSucceeded(result: RunResult): void {
	if (result.status === 'success' && !result.error) return;
	const where = result.error?.nodeName ? ` in node "${result.error.nodeName}"` : '';
	const detail = result.error
		? `${result.error.message}${result.error.description ? ` — ${result.error.description}` : ''}`
		: '(no error recorded)';
	throw new Error(
		`Workflow run ${result.executionId} ended with status "${result.status}"${where}: ${detail}`,
	);
}
