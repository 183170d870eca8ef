import type { Browser } from 'playwright';
import { BrowserAgentError } from '../errors';
import { getAction, parseActionInput } from '../actions';
import { parseOrThrow } from '../validation';
import { AuditLog } from './audit/sessionAudit';
import { parseAuditSettings, type AuditSettingsInput } from './audit/settings';
import {
	BrowserManager,
	DEFAULT_BROWSER_IDLE_MS,
	browserConnectionFromEnvironment,
	browserConnectionSchema,
	browserIdleMsFromEnvironment,
	browserIdleMsSchema,
	recycleBrowserAfterContextsFromEnvironment,
	recycleBrowserAfterMsFromEnvironment,
	type BrowserConnection,
	type BrowserConnectionInput,
	type BrowserLease,
} from './browsers';
import { createLogger, type Logger } from './logger';
import { parsePolicy, type PolicyInput } from '../policy/policy';
import { quotaWaitMs, SessionQuotas } from './policy/quotas';
import { parseSharedQuotaSettings, type SharedQuotaSettingsInput } from './policy/sharedQuotas';
import {
	Session,
	type ActionCall,
	type ActionRun,
	type EndState,
	type SessionStatus,
} from './session';
import {
	httpCredentialsSchema,
	sessionOptionsSchema,
	type HttpCredentials,
	type HttpCredentialsInput,
	type SessionOptions,
	type SessionOptionsInput,
} from './sessionOptions';
import { applyStealth, withStealthUserAgent } from './stealth';

/** Which session: the owner (for n8n, the execution ID) and a name within it. */
export interface SessionKey {
	owner: string;
	name?: string;
}

export interface PoolOptions {
	/** Defaults for sessions opened lazily by their first action. */
	sessionDefaults?: SessionOptionsInput;
	/**
	 * How to reach a browser when a call names none. Default: the remote browser of
	 * $BROWSER_AGENT_BROWSER_ENDPOINT (or n8n-nodes-puppeteer's $PUPPETEER_BROWSER_WS_ENDPOINT) when
	 * set, else launch a local Chromium (see browserConnectionFromEnvironment).
	 */
	browser?: BrowserConnectionInput;
	/**
	 * How long a browser stays up after its last session, for the next one (a session's environment
	 * may say otherwise). Default: $BROWSER_AGENT_BROWSER_IDLE_MS, else 10 minutes.
	 */
	keepBrowserWarmMs?: number;
	/**
	 * After how many contexts (sessions, spare ones included) a launched browser is replaced by a new
	 * one, sessions on it running on until they end (0: never). Default:
	 * $BROWSER_AGENT_RECYCLE_BROWSER_AFTER_CONTEXTS, else 500. See BrowserManager.
	 */
	recycleBrowserAfterContexts?: number;
	/**
	 * After how many milliseconds a launched browser is replaced likewise (0: never). Default:
	 * $BROWSER_AGENT_RECYCLE_BROWSER_AFTER_MS, else 60 minutes.
	 */
	recycleBrowserAfterMs?: number;
	/** How long the status of an ended session stays available. Default 1 h. */
	endedSessionMemoryMs?: number;
	/** Most sessions open at once in this pool, whatever the policies say. Default: $BROWSER_AGENT_MAX_SESSIONS, else 20. */
	maxSessions?: number;
	/**
	 * How long a new session over a session limit waits for a place, first come first served, before
	 * QUOTA_EXCEEDED (ms; 0 refuses at once). Default: $BROWSER_AGENT_QUOTA_WAIT_MS, else 60 s.
	 */
	quotaWaitMs?: number;
	logger?: Logger;
}

/**
 * What whoever runs the runner decides for a session, as opposed to what the flow asks for
 * (for n8n: the credential, which workflow builders cannot change). Applied when the session
 * opens; later calls for an open session do not change it.
 */
export interface SessionEnvironment {
	/** How to reach a browser. Default: the pool's. */
	browser?: BrowserConnectionInput;
	/**
	 * How long the browser stays up after its last session ended, when this session is that last
	 * one (ms; 0 closes it with the session). Default: the pool's `keepBrowserWarmMs`.
	 */
	browserIdleMs?: number;
	/** The audit trail and alerts (see lib/runner/audit). Default: on, in the default data folder. */
	audit?: AuditSettingsInput;
	/** Hosts, URL schemes, custom script and quotas (see lib/runner/policy). Default: the safe defaults. */
	policy?: PolicyInput;
	/**
	 * Session options this environment starts from (e.g. a longer idle timeout, tracing on), over the
	 * pool's defaults; what the flow asks for (Session → Open) wins over them.
	 */
	sessionDefaults?: SessionOptionsInput;
	/**
	 * HTTP authentication (the browser's sign-in dialog, Basic or Digest) for one site, sent only to
	 * its origin. A secret: kept out of session options, status and the audit trail, and scrubbed
	 * from everything the session reports.
	 */
	httpCredentials?: HttpCredentialsInput;
	/**
	 * The caller's cancellation (n8n: the execution's): a session still waiting for a place under the
	 * session limits leaves the queue.
	 */
	signal?: AbortSignal;
	/**
	 * Count this session's limits (the policy's Max Concurrent Sessions and the pool's process limit)
	 * across all processes that share this Redis, e.g. n8n's queue-mode workers. Default: this
	 * process counts its own sessions only.
	 */
	sharedQuotas?: SharedQuotaSettingsInput;
}

export interface OpenRequest {
	options?: SessionOptionsInput;
	environment?: SessionEnvironment;
	/** Close an open session of the same key and start over. Default: keep using the open one. */
	replace?: boolean;
}

export interface OpenResult extends SessionStatus {
	/** False when an already open session was kept. */
	opened: boolean;
}

export const DEFAULT_SESSION_NAME = 'default';

/**
 * The per-process pool of browser sessions, keyed by owner and name, so that every action of
 * one workflow execution finds the same session and two executions never share one.
 */
export class SessionPool {
	private readonly sessions = new Map<string, Promise<Session>>();
	private readonly ended = new Map<string, { status: SessionStatus; at: number }>();
	private readonly browsers: BrowserManager;
	private readonly log: Logger;
	private readonly defaultBrowser: BrowserConnection;
	private readonly sessionDefaults: SessionOptionsInput;
	/** The audit trail of every session of this pool (one store per data folder). */
	readonly audit: AuditLog;
	private readonly quotas: SessionQuotas;

	constructor(private readonly options: PoolOptions = {}) {
		this.browsers = new BrowserManager({
			keepWarmMs:
				options.keepBrowserWarmMs ?? browserIdleMsFromEnvironment() ?? DEFAULT_BROWSER_IDLE_MS,
			recycleAfterContexts:
				options.recycleBrowserAfterContexts ?? recycleBrowserAfterContextsFromEnvironment(),
			recycleAfterMs: options.recycleBrowserAfterMs ?? recycleBrowserAfterMsFromEnvironment(),
		});
		this.log = options.logger ?? createLogger();
		this.defaultBrowser = parseBrowser(
			options.browser ?? browserConnectionFromEnvironment() ?? { mode: 'launch' },
		);
		this.sessionDefaults = options.sessionDefaults ?? {};
		this.audit = new AuditLog(this.log);
		this.quotas = new SessionQuotas(options.maxSessions);
	}

	/**
	 * Runs one action on the key's session, opening the session first if there is none.
	 * The input is validated before anything touches a browser.
	 */
	async run<Result = unknown>(
		key: SessionKey,
		actionName: string,
		rawInput: unknown,
		environment: SessionEnvironment = {},
		call: ActionCall = {},
	): Promise<ActionRun<Result>> {
		const action = getAction(actionName);
		const input = parseActionInput(action, rawInput);
		const session = await this.sessionFor(key, environment);
		return session.run<Result>(action, input, call);
	}

	/** Opens the key's session with options (or keeps the open one unless `replace`). */
	async open(key: SessionKey, request: OpenRequest = {}): Promise<OpenResult> {
		const options = parseSessionOptions({
			...this.sessionDefaults,
			...request.environment?.sessionDefaults,
			...request.options,
		});
		const id = keyOf(key);
		const existing = await this.sessions.get(id)?.catch(() => undefined);
		if (existing?.isOpen && !request.replace)
			return { ...(await existing.status()), opened: false };
		if (existing) await existing.close('completed');
		const session = await this.start(key, options, request.environment ?? {});
		return { ...(await session.status()), opened: true };
	}

	/** The key's session, open or recently ended; undefined when there never was one (or it was forgotten). */
	async status(key: SessionKey): Promise<SessionStatus | undefined> {
		const id = keyOf(key);
		const open = await this.sessions.get(id)?.catch(() => undefined);
		if (open) return open.status();
		this.forgetOldEnded();
		return this.ended.get(id)?.status;
	}

	/** The live Session object, for audit and timeline features. */
	async session(key: SessionKey): Promise<Session | undefined> {
		return this.sessions.get(keyOf(key))?.catch(() => undefined);
	}

	/**
	 * A JPEG of the key's open session's current tab, between its actions; undefined when no session
	 * is open. Never opens one, and is not an action (not recorded, not counted against quotas).
	 */
	async viewportScreenshot(key: SessionKey, quality = 60): Promise<Buffer | undefined> {
		const session = await this.sessions.get(keyOf(key))?.catch(() => undefined);
		return session?.isOpen ? session.viewportScreenshot(quality) : undefined;
	}

	async close(key: SessionKey, state: EndState = 'completed'): Promise<SessionStatus | undefined> {
		const session = await this.sessions.get(keyOf(key))?.catch(() => undefined);
		if (session) await session.close(state);
		return this.status(key);
	}

	/**
	 * The key's open session's Playwright trace so far (trace.zip, without secrets), taken between its
	 * actions; recording goes on. Undefined when no session is open or it records no trace. Never opens one.
	 */
	async trace(key: SessionKey): Promise<Buffer | undefined> {
		const session = await this.sessions.get(keyOf(key))?.catch(() => undefined);
		return session?.isOpen ? session.exportTrace() : undefined;
	}

	/** Closes the key's session as `close` does, and hands back its whole trace when it recorded one. */
	async closeWithTrace(
		key: SessionKey,
		state: EndState = 'completed',
	): Promise<{ status?: SessionStatus; trace?: Buffer }> {
		const session = await this.sessions.get(keyOf(key))?.catch(() => undefined);
		if (session) await session.close(state);
		return { status: await this.status(key), trace: await session?.finalTrace() };
	}

	/** Closes every session of an owner (an execution that finished or was cancelled). */
	async closeOwner(owner: string, state: EndState = 'completed'): Promise<number> {
		const prefix = `${owner}\u0000`;
		const mine = [...this.sessions.entries()].filter(([id]) => id.startsWith(prefix));
		await Promise.all(
			mine.map(async ([, pending]) => (await pending.catch(() => undefined))?.close(state)),
		);
		return mine.length;
	}

	/**
	 * Starts an owner over: closes its sessions and forgets how they ended, so the next action opens
	 * a fresh session instead of failing with SESSION_TIMEOUT (e.g. a builder running the whole
	 * workflow again after its kept session idled out).
	 */
	async restartOwner(owner: string): Promise<number> {
		const closed = await this.closeOwner(owner, 'completed');
		const prefix = `${owner}\u0000`;
		for (const id of this.ended.keys()) if (id.startsWith(prefix)) this.ended.delete(id);
		return closed;
	}

	/** Closes all sessions and browsers. The pool can be used again afterwards. */
	async shutdown(): Promise<void> {
		await Promise.all(
			[...this.sessions.values()].map(async (pending) =>
				(await pending.catch(() => undefined))?.close('aborted'),
			),
		);
		await this.browsers.closeAll();
		await this.audit.close();
		await this.quotas.close();
	}

	/**
	 * Starts (or reaches) the browser a session with this environment would use, without opening a
	 * session, so that the first one does not wait for a launch. The browser then stays up as after
	 * a session, and does not keep the process alive meanwhile.
	 */
	async prelaunch(environment: SessionEnvironment = {}): Promise<void> {
		const lease = await this.browsers.acquire(this.connectionFor(environment), {
			keepWarmMs: parseBrowserIdleMs(environment.browserIdleMs),
		});
		lease.release();
	}

	/** Sessions currently open (or opening), across owners; not those waiting for a place. */
	get openSessionCount(): number {
		return this.quotas.count();
	}

	/** Sessions waiting for a place under the session limits. */
	get queuedSessionCount(): number {
		return this.quotas.queued;
	}

	/** Browser processes or connections currently held (warm ones included). */
	get browserCount(): number {
		return this.browsers.browserCount;
	}

	/** Browsers launched or connected to since the pool was made (closed ones included): a launch a warm browser spared is not counted. */
	get browserLaunchCount(): number {
		return this.browsers.launchCount;
	}

	private async sessionFor(key: SessionKey, environment: SessionEnvironment): Promise<Session> {
		const id = keyOf(key);
		const pending = this.sessions.get(id);
		if (pending) return pending;
		const ended = this.ended.get(id);
		if (ended && ended.status.state === 'timeout') {
			// Carrying on in a fresh, logged-out session would surprise; say what happened instead.
			throw new BrowserAgentError(
				'SESSION_TIMEOUT',
				`The browser session "${ended.status.name}" timed out and was closed: ${ended.status.endReason ?? ''}`.trim(),
				{
					advice: 'Open a new session (Session → Open) to continue, or raise its timeouts.',
				},
			);
		}
		return this.start(
			key,
			parseSessionOptions({ ...this.sessionDefaults, ...environment.sessionDefaults }),
			environment,
		);
	}

	private start(
		key: SessionKey,
		options: SessionOptions,
		environment: SessionEnvironment,
	): Promise<Session> {
		const id = keyOf(key);
		const name = key.name || DEFAULT_SESSION_NAME;
		const connection = this.connectionFor(environment);
		const keepWarmMs = parseBrowserIdleMs(environment.browserIdleMs);
		const audit = parseAuditSettings(environment.audit);
		const policy = parsePolicy(environment.policy);
		const httpCredentials = parseHttpCredentials(environment.httpCredentials);
		const shared = environment.sharedQuotas && parseSharedQuotaSettings(environment.sharedQuotas);
		// Over a limit, the session waits for a place here (Get Status says how long).
		const admitting = this.quotas.admit(policy, {
			// Read per session: a mistyped setting fails the session that needs it, with its name.
			waitMs: this.options.quotaWaitMs ?? quotaWaitMs(),
			signal: environment.signal,
			shared,
		});
		const opening = (async () => {
			const admission = await admitting;
			const session = await openOnLiveBrowser(
				() =>
					this.browsers.acquire(
						connection.mode === 'launch' && options.headless !== undefined
							? { ...connection, headless: options.headless }
							: connection,
						{ keepWarmMs },
					),
				async (lease) =>
					Session.open(
						key.owner,
						name,
						await withStealthUserAgent(options, lease.browser),
						lease,
						this.log,
						policy,
					),
			);
			session.queuedMs = admission.queuedMs;
			session.once('end', admission.release);
			if (connection.mode !== 'launch') session.secrets.addHeaders(connection.headers, true);
			session.secrets.add(httpCredentials?.password);
			await prepareContext(session, httpCredentials);
			this.audit.attach(session, audit);
			session.once('end', () => void this.remember(id, session));
			return session;
		})();
		this.sessions.set(id, opening);
		this.ended.delete(id);
		opening.catch(() => {
			admitting.then((admission) => admission.release()).catch(() => undefined);
			if (this.sessions.get(id) === opening) this.sessions.delete(id);
		});
		return opening;
	}

	private connectionFor(environment: SessionEnvironment): BrowserConnection {
		return environment.browser ? parseBrowser(environment.browser) : this.defaultBrowser;
	}

	private async remember(id: string, session: Session): Promise<void> {
		const status = await session.status();
		// Only its own entry: a session opened in its place meanwhile (Open with Replace) stays.
		const entry = this.sessions.get(id);
		if ((await entry?.catch(() => undefined)) === session && this.sessions.get(id) === entry)
			this.sessions.delete(id);
		this.ended.set(id, { status, at: Date.now() });
		this.forgetOldEnded();
	}

	private forgetOldEnded(): void {
		const horizon = Date.now() - (this.options.endedSessionMemoryMs ?? 3_600_000);
		for (const [id, entry] of this.ended) if (entry.at < horizon) this.ended.delete(id);
	}
}

/**
 * Opens a session on a leased browser. A browser that ended just before, its end not noticed yet
 * (a remote endpoint that went away, a killed Chromium), fails the new context; nothing has run on
 * the session, so it is opened once more, on a browser that is there (another endpoint of a fleet,
 * a new launch).
 */
async function openOnLiveBrowser(
	acquire: () => Promise<BrowserLease>,
	open: (lease: BrowserLease) => Promise<Session>,
): Promise<Session> {
	const lease = await acquire();
	try {
		return await open(lease);
	} catch (error) {
		if (!(await hasEnded(lease.browser, error))) throw error;
		return open(await acquire());
	}
}

/** Whether a session failed to open because its browser ended: waits up to a second for the end to be noticed. */
async function hasEnded(browser: Browser, error: unknown): Promise<boolean> {
	if (!(error instanceof BrowserAgentError) || error.code !== 'BROWSER_CRASHED') return false;
	if (!browser.isConnected()) return true;
	return new Promise((resolve) => {
		const ended = () => {
			clearTimeout(timer);
			resolve(true);
		};
		const timer = setTimeout(() => {
			browser.off('disconnected', ended);
			resolve(false);
		}, 1_000);
		browser.once('disconnected', ended);
	});
}

function keyOf(key: SessionKey): string {
	if (!key.owner)
		throw new BrowserAgentError('INVALID_INPUT', 'A session owner is required.', {
			field: 'owner',
		});
	return `${key.owner}\u0000${key.name || DEFAULT_SESSION_NAME}`;
}

function parseSessionOptions(raw: unknown): SessionOptions {
	return parseOrThrow(sessionOptionsSchema, raw, {
		action: 'openSession',
		subject: 'session option',
	});
}

/**
 * What a new session's context gets before its first action, and not before it is made, so the
 * spare context prepared for the next session never holds it: the HTTP credentials, the stealth
 * script. A failure ends the session (nothing ran on it yet), without the password in the message.
 */
async function prepareContext(session: Session, httpCredentials?: HttpCredentials): Promise<void> {
	try {
		if (httpCredentials) await session.context.setHTTPCredentials(httpCredentials);
		if (session.options.stealth) await applyStealth(session.context);
	} catch (error) {
		const failure = new BrowserAgentError(
			'BROWSER_CRASHED',
			`Could not prepare the browser session: ${session.secrets.scrub(error instanceof Error ? error.message.split('\n')[0] : String(error))}`,
			{ advice: 'The browser may have crashed or closed the context; try again.' },
		);
		await session.close('failed', failure);
		throw failure;
	}
}

function parseHttpCredentials(raw: HttpCredentialsInput | undefined): HttpCredentials | undefined {
	if (raw === undefined) return undefined;
	// zod's messages name the field, never its value.
	return parseOrThrow(httpCredentialsSchema, raw, {
		subject: 'HTTP authentication setting',
		advice: 'Check the login the HTTP authentication comes from: its user name and site address.',
	});
}

function parseBrowserIdleMs(raw: number | undefined): number | undefined {
	if (raw === undefined) return undefined;
	return parseOrThrow(browserIdleMsSchema, raw, {
		subject: 'browser idle time',
		advice:
			'Check the Browser Agent credential: Keep Browser Up is a number of minutes (up to a day).',
	});
}

function parseBrowser(raw: unknown): BrowserConnection {
	return parseOrThrow(browserConnectionSchema, raw, {
		subject: 'browser connection setting',
		advice: 'Check the Browser Agent credential: how to launch or where to connect.',
	});
}
