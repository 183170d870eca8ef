import type { IDataObject, IExecuteFunctions, IRunExecutionData } from 'n8n-workflow';
import {
	BrowserAgentError,
	DEFAULT_SESSION_NAME,
	type SessionKey,
	type SessionPool,
} from '../../../lib';

/** A session an earlier Browser Agent node of this execution used: the latest word on it. */
interface EarlierSession {
	sessionId: string;
	node: string;
	closed: boolean;
	startTime: number;
}

/** What n8n's execute context holds beyond its public methods (the same in 2.8 and 2.40). */
interface ContextInternals {
	runExecutionData?: IRunExecutionData;
	workflow?: { nodes?: Record<string, { type?: string }> };
}

/** Operations that do not continue a session: they open a new one on purpose, or only look. */
const STARTS_OR_LOOKS = new Set(['session.open', 'session.close', 'session.getStatus']);

/**
 * The sessions this execution's Browser Agent nodes used before this node, by session name, read
 * from the execution's own run data (it comes back with the execution when it resumes after a
 * wait, in whatever process that is).
 */
function sessionsUsedEarlier(context: IExecuteFunctions): Map<string, EarlierSession> {
	const { runExecutionData, workflow } = context as unknown as ContextInternals;
	const ownType = context.getNode().type;
	const found = new Map<string, EarlierSession>();
	for (const [node, runs] of Object.entries(runExecutionData?.resultData?.runData ?? {})) {
		const type = workflow?.nodes?.[node]?.type;
		if (type !== undefined && type !== ownType) continue;
		for (const run of runs) {
			const json = run.data?.main?.[0]?.[0]?.json as IDataObject | undefined;
			if (typeof json?.sessionId !== 'string' || typeof json.sessionName !== 'string') continue;
			const earlier = found.get(json.sessionName);
			if (earlier && earlier.startTime > run.startTime) continue;
			found.set(json.sessionName, {
				sessionId: json.sessionId,
				node,
				closed: json.closed === true,
				startTime: run.startTime,
			});
		}
	}
	return found;
}

/**
 * Fails with SESSION_LOST when an earlier node of this production execution used the key's
 * session and this process has never held it: the execution resumed after a wait in another
 * process (a queue-mode worker, or n8n restarted meanwhile). Opening a fresh, logged-out session
 * instead would fail later and less clearly. Manual runs are not checked (see the router).
 */
export async function assertSessionNotLost(
	context: IExecuteFunctions,
	pool: SessionPool,
	key: SessionKey,
	operation: string,
): Promise<void> {
	if (STARTS_OR_LOOKS.has(operation)) return;
	const name = key.name || DEFAULT_SESSION_NAME;
	const earlier = sessionsUsedEarlier(context).get(name);
	if (!earlier || earlier.closed) return;
	if (await pool.status(key)) return;
	throw new BrowserAgentError(
		'SESSION_LOST',
		`The browser session "${name}" that node "${earlier.node}" used is not in this n8n process. An execution that resumes after a Wait in another process (a queue-mode worker, or n8n after a restart), or is retried, does not take its browser with it.`,
		{
			advice:
				'Before the wait, save the login with Storage → Export State, and after it restore it with Storage → Import State; or start the session anew with Session → Open after the wait.',
		},
	);
}
