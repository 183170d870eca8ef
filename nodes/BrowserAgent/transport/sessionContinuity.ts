import type { IDataObject, IExecuteFunctions, IRunExecutionData } from 'n8n-workflow';
import {
	BrowserAgentError,
	captureLogin,
	DEFAULT_SESSION_NAME,
	keptLoginsFromEnvironment,
	type SessionEnvironment,
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

type RunData = IRunExecutionData['resultData']['runData'];

/** What n8n's execute context holds beyond its public methods (the same in 2.8 and 2.40). */
interface ContextInternals {
	runExecutionData?: IRunExecutionData;
	workflow?: { nodes?: Record<string, { type?: string }> };
}

/** Operations that do not continue a session: they open a new one on purpose, or only look. */
const STARTS_OR_LOOKS = new Set(['session.open', 'session.close', 'session.getStatus']);

/**
 * The sessions Browser Agent nodes used in this run data, by session name. `ownType` keeps out
 * other nodes whose output happens to have the same fields (when the node types are known).
 */
function sessionsUsedIn(
	runData: RunData | undefined,
	nodeTypes?: Record<string, { type?: string }>,
	ownType?: string,
): Map<string, EarlierSession> {
	const found = new Map<string, EarlierSession>();
	for (const [node, runs] of Object.entries(runData ?? {})) {
		const type = nodeTypes?.[node]?.type;
		if (ownType && type !== undefined && type !== ownType) continue;
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
 * The sessions this execution's Browser Agent nodes used before this node, read from the
 * execution's own run data (it comes back with the execution when it resumes after a wait, in
 * whatever process that is).
 */
function sessionsUsedEarlier(context: IExecuteFunctions): Map<string, EarlierSession> {
	const { runExecutionData, workflow } = context as unknown as ContextInternals;
	return sessionsUsedIn(
		runExecutionData?.resultData?.runData,
		workflow?.nodes,
		context.getNode().type,
	);
}

/**
 * Called as the execution parks for a long wait: keeps the login of each session it used that was
 * opened with Keep Login Across Waits, so whichever process resumes it can open the session again.
 */
export async function keepLoginsOfParkedExecution(
	pool: SessionPool,
	owner: string,
	executionId: string,
	runData: RunData | undefined,
	warn: (message: string) => void,
): Promise<void> {
	for (const [name, used] of sessionsUsedIn(runData)) {
		if (used.closed) continue;
		const session = await pool.session({ owner, name });
		if (!session?.options.keepLoginAcrossWaits) continue;
		const logins = keptLoginsFromEnvironment();
		if (!logins) {
			warn(
				`Browser Agent: the login of session "${name}" cannot be kept across the wait: n8n's encryption key was not found (set N8N_ENCRYPTION_KEY).`,
			);
			continue;
		}
		try {
			await logins.save(executionId, name, await captureLogin(session));
		} catch (error) {
			warn(
				`Browser Agent: the login of session "${name}" was not kept across the wait: ${error instanceof Error ? error.message : String(error)}`,
			);
		}
	}
}

/** Called as the execution ends for good: its kept logins are no longer needed. */
export async function forgetKeptLogins(executionId: string): Promise<void> {
	await keptLoginsFromEnvironment()
		?.discard(executionId)
		.catch(() => undefined);
}

/**
 * Makes sure the key's session is the one earlier nodes of this production execution used. When
 * an earlier node used it and this process has never held it (the execution resumed after a wait
 * in another process: a queue-mode worker, or n8n restarted meanwhile), the session is opened again
 * from its kept login when it had Keep Login Across Waits, and otherwise this fails with
 * SESSION_LOST: opening a fresh, logged-out session instead would fail later and less clearly.
 * Manual runs are not checked (see the router).
 */
export async function continueSession(
	context: IExecuteFunctions,
	pool: SessionPool,
	key: SessionKey,
	operation: string,
	environment: SessionEnvironment,
): Promise<void> {
	if (STARTS_OR_LOOKS.has(operation)) return;
	const name = key.name || DEFAULT_SESSION_NAME;
	const earlier = sessionsUsedEarlier(context).get(name);
	if (!earlier || earlier.closed) return;
	if (await pool.status(key)) return;
	const login = await keptLoginsFromEnvironment()?.take(context.getExecutionId(), name);
	if (login) {
		await pool.open(key, {
			options: { ...login.options, storageState: login.storageState },
			environment,
		});
		if (/^https?:/.test(login.url)) await pool.run(key, 'navigate', { url: login.url });
		context.logger.info(
			`Browser Agent: session "${name}" opened again in this process with the login it kept across the wait (${login.url || 'no page'})`,
		);
		return;
	}
	throw new BrowserAgentError(
		'SESSION_LOST',
		`The browser session "${name}" that node "${earlier.node}" used is not in this n8n process. An execution that resumes after a Wait in another process (a queue-mode worker, or n8n after a restart), or is retried, does not take its browser with it.`,
		{
			advice:
				'Turn on Session → Open → Keep Login Across Waits (the next node then opens the session again, signed in, wherever the execution resumes; all n8n processes must share the Browser Agent data folder). Or save the login with Storage → Export State before the wait and restore it with Storage → Import State after it; or start the session anew with Session → Open after the wait.',
		},
	);
}
