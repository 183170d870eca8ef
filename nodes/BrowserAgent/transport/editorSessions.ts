import type { ICredentialDataDecryptedObject, IExecuteFunctions, ITaskData } from 'n8n-workflow';
import type { SessionEnvironment, SessionPool } from '../../../lib';

/** How long an editor session waits for the builder's next step before it closes. */
export const EDITOR_IDLE_TIMEOUT_MINUTES = 10;
/** A safety net only: the idle timeout is what ends an editor session (a working day of building). */
const EDITOR_TOTAL_TIMEOUT_MS = 8 * 3_600_000;
const EDITOR_OWNER_PREFIX = 'editor:';

/**
 * Which sessions an execution's Browser Agent nodes work on.
 * - Production (trigger, webhook, schedule, sub-workflow, CLI): the execution's own sessions,
 *   closed when it ends.
 * - The editor (manual runs): one set of sessions per workflow that outlives each run, so
 *   *Execute step* on a node continues on the page the earlier nodes left. A run that starts at the
 *   trigger starts them afresh.
 */
export interface SessionScope {
	owner: string;
	/** Sessions of this scope outlive the execution (they close on idle, Session → Close, or n8n's stop). */
	editor: boolean;
	/** What the scope adds to the credential's session environment (manual runs: the editor's shortcuts). */
	sessionDefaults?: SessionEnvironment['sessionDefaults'];
}

export function isEditorOwner(owner: string): boolean {
	return owner.startsWith(EDITOR_OWNER_PREFIX);
}

/** Which run of a workflow last used its editor sessions, and where that run started. */
interface EditorClaim {
	executionId: string;
	origin: string;
	/** The old sessions closing, when the claiming run started at the trigger. */
	ready: Promise<unknown>;
}

const claimsByPool = new WeakMap<SessionPool, Map<string, EditorClaim>>();

export async function sessionScopeOf(
	context: IExecuteFunctions,
	pool: SessionPool,
	credential: ICredentialDataDecryptedObject | undefined,
): Promise<SessionScope> {
	const executionId = context.getExecutionId();
	if (context.getMode() !== 'manual') return { owner: executionId, editor: false };
	// Someone building the flow: a step on a blank page (its earlier nodes never ran in this session)
	// is told so at once, not after the element timeout. Production keeps the timeout: there a popup
	// or a script may still fill the tab.
	const manualRun = { failFastOnBlankPage: true };
	const perExecution: SessionScope = {
		owner: executionId,
		editor: false,
		sessionDefaults: manualRun,
	};
	if (credential?.editorSessions === false) return perExecution;
	const workflowId = context.getWorkflow().id;
	const origin = runOrigin(context);
	// Without both we cannot tell a continued run from a new one: keep today's per-run sessions.
	if (!workflowId || origin === undefined) return perExecution;

	const owner = `${EDITOR_OWNER_PREFIX}${workflowId}`;
	const claims = claimsByPool.get(pool) ?? new Map<string, EditorClaim>();
	claimsByPool.set(pool, claims);
	const claim = claims.get(owner);
	if (!claim || (claim.executionId !== executionId && claim.origin !== origin)) {
		// The run started at the trigger (Execute workflow): the builder starts over.
		claims.set(owner, { executionId, origin, ready: pool.restartOwner(owner) });
	} else if (claim.executionId !== executionId) {
		// A partial run (Execute step) reusing the earlier run's trigger output: continue.
		claims.set(owner, { ...claim, executionId });
	}
	await claims.get(owner)!.ready.catch(() => undefined);

	const minutes = Number(credential?.editorIdleTimeoutMinutes ?? EDITOR_IDLE_TIMEOUT_MINUTES);
	return {
		owner,
		editor: true,
		sessionDefaults: {
			...manualRun,
			idleTimeoutMs:
				Math.max(1, Number.isFinite(minutes) ? minutes : EDITOR_IDLE_TIMEOUT_MINUTES) * 60_000,
			totalTimeoutMs: EDITOR_TOTAL_TIMEOUT_MS,
		},
	};
}

/**
 * Where a run started: the first task of every node that ran without input (the trigger), by its
 * start time. A partial run (*Execute step*) carries the earlier run's trigger task unchanged; a
 * run that executed the trigger itself has a new one. Undefined when this n8n does not show the
 * run's data to nodes.
 */
function runOrigin(context: IExecuteFunctions): string | undefined {
	// The execution's run data is held by n8n-core's node context (not part of IExecuteFunctions).
	const runData = (
		context as unknown as {
			runExecutionData?: { resultData?: { runData?: Record<string, ITaskData[]> } };
		}
	).runExecutionData?.resultData?.runData;
	if (!runData || typeof runData !== 'object') return undefined;
	const starts: string[] = [];
	for (const [node, tasks] of Object.entries(runData)) {
		const first = Array.isArray(tasks) ? tasks[0] : undefined;
		if (first && (!first.source || first.source.length === 0))
			starts.push(`${node}@${first.startTime}`);
	}
	return starts.sort().join('\n');
}
