import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Frame, Page } from 'playwright';
import tmp from 'tmp';
import type {
	ActionContext,
	ActionDefinition,
	ActionFile,
	SessionControls,
	SessionStore,
	StoreKey,
} from '../actions/action';
import { withRefsResolved } from '../actions/support/refs';
import { readTitle } from '../actions/support/pageTitle';
import { BrowserAgentError } from '../errors';
import type { BrowserLease, IsolatedPage } from './browsers';
import type { Logger } from './logger';
import {
	attachFailurePage,
	attachFailureScreenshot,
	BLANK_PAGE_URL,
	ranOutOfTime,
	screenshotForTheRecord,
} from './failure';
import { normalizeError } from './normalizeError';
import { upstreamProxyOf } from './policy/egress';
import { PolicyGuard, type PolicyBlockCount } from './policy/guard';
import { DEFAULT_POLICY, restrictsHosts, type SessionPolicy } from '../policy/policy';
import { withRetries } from './retry';
import { SecretValues } from './secretValues';
import { SessionTrace, type RecordedTrace } from './trace';
import {
	BLOCKED_REQUESTS_KEY,
	blockResourceTypes,
	contextOptionsFor,
	withoutSecrets,
	type SessionOptions,
} from './sessionOptions';

// Temporary folders are removed on process exit even when a session was never closed.
tmp.setGracefulCleanup();

/** Seed 001 §3.2: created → running ⇄ idle → completed | failed | timeout | aborted. */
export type SessionState =
	| 'created'
	| 'running'
	| 'idle'
	| 'completed'
	| 'failed'
	| 'timeout'
	| 'aborted';
export type EndState = Extract<SessionState, 'completed' | 'failed' | 'timeout' | 'aborted'>;

/** What the session remembers of one action run. */
export interface ActionRecord {
	id: string;
	action: string;
	/** The validated input, with sensitive values masked and long strings cut. */
	input: Record<string, unknown>;
	startedAt: string;
	endedAt: string;
	durationMs: number;
	status: 'succeeded' | 'failed';
	attempts: number;
	url?: string;
	error?: { code: string; message: string };
	/** What the session did about a timeout (`onTimeout`), when it did something. */
	onTimeout?: 'screenshotAndReload' | 'closeSession';
	/** Why the action ran, when its caller said (an AI model's reasoning for the step). */
	reason?: string;
}

/** What a caller says about one action beyond its input, for the record. */
export interface ActionCall {
	/** Why the action runs (an AI model's reasoning): kept in the history, audit trail and timeline. */
	reason?: string;
	/**
	 * What the caller lends the action beyond its JSON input (a script's globals, where its console
	 * goes): never recorded, never part of the input. Only actions that document it read it.
	 */
	host?: object;
	/**
	 * Whether the run's `title` is read from the page after the action (default true). Off spares the
	 * page a round trip for callers that do not use it: `title` is then the result's own (navigations
	 * carry one), else ''.
	 */
	pageTitle?: boolean;
}

/** What an action produced beyond its record, for the audit trail; not kept in the history. */
export interface ActionArtifacts {
	/**
	 * The action's result, scrubbed of secrets. Scrubbed when first read: a result can be large page
	 * data (a 10 000-row table), and only listeners that use it should pay for walking it.
	 */
	readonly result?: unknown;
	files: ActionFile[];
	/** The page when the action failed (Session option `screenshotOnFailure`)… */
	failureScreenshot?: Buffer;
	/** …and the error the action fails with, so the audit trail can note on it where it kept that picture. */
	failure?: BrowserAgentError;
}

export interface ActionRun<Result = unknown> {
	sessionId: string;
	sessionName: string;
	action: string;
	result: Result;
	files: ActionFile[];
	/** The page after the action. */
	url: string;
	/** Its title; '' when the call asked for none (`pageTitle: false`) and the result carries none. */
	title: string;
	durationMs: number;
	attempts: number;
}

export interface SessionStatus {
	id: string;
	owner: string;
	name: string;
	state: SessionState;
	createdAt: string;
	lastActivityAt: string;
	endedAt?: string;
	url?: string;
	title?: string;
	tabs: number;
	actionCount: number;
	lastError?: { code: string; message: string };
	endReason?: string;
	/** How long the session waited for a place under the session limits (ms), when it waited. */
	queuedMs?: number;
	/** Requests the policy refused, when it restricts hosts. */
	blockedByPolicy?: PolicyBlockCount;
	/**
	 * With host rules: `egressProxy` when every connection goes through the session's egress proxy,
	 * `browser` when only the in-browser checks hold (a remote browser on another machine).
	 */
	hostRulesEnforcedBy?: 'egressProxy' | 'browser';
}

export interface SessionEvents {
	state: [SessionState];
	action: [ActionRecord, ActionArtifacts];
	end: [{ state: EndState; reason?: BrowserAgentError; finalScreenshot?: Buffer }];
}

const HISTORY_LIMIT = 1_000;
/** The longest reason kept with an action record. */
const REASON_CHARACTERS = 1_000;
/** Extra time past an action's own timeout before the runner stops waiting for it. */
const DEADLINE_GRACE_MS = 2_000;

/**
 * One isolated browser context (its own cookies and storage) with its tabs, owned by one
 * workflow execution. Runs one action at a time, in arrival order, and ends itself on idle or
 * total timeout or when its browser dies.
 */
export class Session extends EventEmitter<SessionEvents> {
	readonly id = randomUUID();
	readonly createdAt = new Date();
	readonly history: ActionRecord[] = [];
	/** Secret values this session knows; removed from errors, records, logs and the audit trail. */
	readonly secrets = new SecretValues();
	/** Screenshot of the last page, kept when the session timed out. */
	finalScreenshot?: Buffer;
	/** How long the session waited for a place under the session limits before it opened (ms). */
	queuedMs = 0;

	private stateValue: SessionState = 'created';
	private lastActivity = Date.now();
	private endedAt?: Date;
	private page: Page;
	private frame?: Frame;
	private queue: Promise<unknown> = Promise.resolve();
	private running?: AbortController;
	/** Set the moment the session starts ending: what an action still in flight fails with… */
	private inFlightFailure?: BrowserAgentError;
	/** …and what any later action fails with. */
	private endError?: BrowserAgentError;
	private closing?: Promise<void>;
	private idleTimer?: NodeJS.Timeout;
	private readonly totalTimer: NodeJS.Timeout;
	private readonly directory: tmp.DirResult;
	private readonly onBrowserGone = () => void this.browserGone();
	/** The Playwright trace being recorded, when the session records one… */
	private trace?: SessionTrace;
	/** …and what it recorded, once the session ended. */
	private recordedTrace?: RecordedTrace;
	/** What actions may change about the session (tab, frame, state kept between actions). */
	private readonly controls: SessionControls;

	private constructor(
		readonly owner: string,
		readonly name: string,
		readonly options: SessionOptions,
		private readonly lease: BrowserLease,
		readonly context: BrowserContext,
		page: Page,
		private readonly log: Logger,
		/** The credential's policy: which requests the context may make, and the action quotas. */
		private readonly guard: PolicyGuard,
	) {
		super();
		this.page = page;
		this.secrets.add(options.proxy?.password);
		this.secrets.addHeaders(options.extraHTTPHeaders);
		this.directory = tmp.dirSync({
			template: `browser-agent-${process.pid}-XXXXXX`,
			unsafeCleanup: true,
		});
		this.controls = {
			usePage: (used) => {
				this.page = used;
				this.frame = undefined;
			},
			useFrame: (frame) => {
				this.frame = frame;
			},
			store: new KeyedStore(),
			directory: this.directory.name,
			policy: guard.policy,
			scrub: (text) => this.secrets.scrub(text),
		};
		lease.browser.on('disconnected', this.onBrowserGone);
		context.on('page', (opened) => opened.on('close', () => this.pageClosed(opened)));
		page.on('close', () => this.pageClosed(page));
		this.totalTimer = setTimeout(() => void this.expire('total'), options.totalTimeoutMs);
		this.totalTimer.unref();
		this.armIdleTimer();
	}

	static async open(
		owner: string,
		name: string,
		options: SessionOptions,
		lease: BrowserLease,
		log: Logger,
		policy: SessionPolicy = DEFAULT_POLICY,
	): Promise<Session> {
		let isolated: IsolatedPage | undefined;
		let stage: 'context' | 'storageState' = 'context';
		try {
			// With host rules every connection goes through the egress proxy where the browser can reach
			// it; the session's own proxy then becomes the egress proxy's upstream.
			const contained = restrictsHosts(policy) && lease.canContain;
			const { proxy, ...contextOptions } = {
				...contextOptionsFor(options),
				...PolicyGuard.contextOptions(policy),
			};
			isolated = await lease.newIsolatedPage(
				contained ? contextOptions : { ...contextOptions, proxy },
				contained,
			);
			const { page, egress } = isolated;
			const context = page.context();
			// First, so its route runs after every other one (Playwright runs the newest route first).
			const guard = new PolicyGuard(policy);
			await guard.install(
				context,
				egress,
				contained && options.proxy ? upstreamProxyOf(options.proxy) : undefined,
			);
			// Applied after the context is made, so the spare context prepared for the next session
			// (keyed by the options above) never holds this session's login.
			stage = 'storageState';
			if (options.storageState) await context.setStorageState(options.storageState);
			stage = 'context';
			const blocked = options.blockResourceTypes?.length
				? await blockResourceTypes(context, options.blockResourceTypes)
				: undefined;
			// Before the session exists: a failure here only has the context to close.
			const trace = options.recordTrace
				? await SessionTrace.start(context, `Browser Agent session "${name}"`)
				: undefined;
			const session = new Session(owner, name, options, lease, context, page, log, guard);
			session.trace = trace;
			if (egress) session.once('end', () => egress.leave());
			if (blocked) {
				session.controls.store.set(BLOCKED_REQUESTS_KEY, blocked);
				session.once('end', () =>
					session.log.debug(
						{ sessionId: session.id, blockedRequests: blocked },
						'requests blocked by the session',
					),
				);
			}
			session.log.debug({ sessionId: session.id, owner, name }, 'session opened');
			return session;
		} catch (error) {
			await isolated?.page
				.context()
				.close()
				.catch(() => undefined);
			isolated?.egress?.leave();
			lease.release();
			const reason = withoutSecrets(
				error instanceof Error ? error.message.split('\n')[0] : String(error),
				options,
			);
			// Playwright's error may quote what it was given; keep it only when no secret was set.
			const cause = options.proxy?.password ? undefined : error;
			if (stage === 'storageState') {
				throw new BrowserAgentError(
					'INVALID_INPUT',
					`Could not restore the storage state: ${reason}`,
					{
						field: 'storageState',
						advice:
							'Pass the storage state that Storage → Export State produced (cookies and origins), unchanged.',
						cause,
					},
				);
			}
			throw new BrowserAgentError(
				'BROWSER_CRASHED',
				`Could not open a browser session: ${reason}`,
				{
					advice:
						'The browser may have crashed or the remote endpoint refused a new context; try again.',
					cause,
				},
			);
		}
	}

	get state(): SessionState {
		return this.stateValue;
	}

	get isOpen(): boolean {
		return this.endError === undefined;
	}

	/** A folder that lives as long as the session. */
	get directoryPath(): string {
		return this.directory.name;
	}

	/** Queues an action; actions of one session run one at a time, in the order they arrive. */
	run<Result>(
		action: ActionDefinition<any, Result>,
		input: Record<string, any>,
		call: ActionCall = {},
	): Promise<ActionRun<Result>> {
		const run = this.queue.then(() => this.execute(action, input, call));
		this.queue = run.catch(() => undefined);
		return run;
	}

	/**
	 * A JPEG of the current tab's viewport, taken between actions (queued like one, but not one:
	 * no record, no quota, no idle reset). Undefined when the session or tab is gone.
	 */
	viewportScreenshot(quality: number): Promise<Buffer | undefined> {
		const shot = this.queue.then(async () => {
			if (this.endError || this.page.isClosed()) return undefined;
			return this.page
				.screenshot({ type: 'jpeg', quality, scale: 'css', timeout: 3_000 })
				.catch(() => undefined);
		});
		this.queue = shot.catch(() => undefined);
		return shot;
	}

	/**
	 * The tab the flow works on now, for a live view: not an action, so a person can watch it while
	 * actions run. Undefined once the session ended.
	 */
	currentTab(): Page | undefined {
		if (this.endError) return undefined;
		if (!this.page.isClosed()) return this.page;
		return this.context.pages().find((page) => !page.isClosed());
	}

	/** Whether the session records a Playwright trace. */
	get recordsTrace(): boolean {
		return this.trace !== undefined;
	}

	/**
	 * The session's Playwright trace so far (a trace.zip without secrets), taken between actions like
	 * a screenshot; recording goes on. Undefined when the session records none or has ended.
	 */
	exportTrace(): Promise<Buffer | undefined> {
		const exported = this.queue.then(() =>
			this.trace && !this.endError
				? this.trace.export(this.secrets, this.directory.name)
				: undefined,
		);
		this.queue = exported.catch(() => undefined);
		return exported;
	}

	/** The whole Playwright trace (trace.zip without secrets) once the session ended; undefined when it recorded none. */
	async finalTrace(): Promise<Buffer | undefined> {
		return this.recordedTrace?.build(this.secrets);
	}

	async status(): Promise<SessionStatus> {
		const open = this.isOpen && !this.page.isClosed();
		const last = this.history.at(-1);
		return {
			id: this.id,
			owner: this.owner,
			name: this.name,
			state: this.stateValue,
			createdAt: this.createdAt.toISOString(),
			lastActivityAt: new Date(this.lastActivity).toISOString(),
			...(this.endedAt && { endedAt: this.endedAt.toISOString() }),
			...(open && { url: this.page.url(), title: await readTitle(this.page) }),
			tabs: this.isOpen ? this.context.pages().length : 0,
			actionCount: this.history.length,
			...(last?.error && { lastError: last.error }),
			...(this.endError && { endReason: this.endError.message }),
			...(this.queuedMs > 0 && { queuedMs: this.queuedMs }),
			...this.guard.status(),
		};
	}

	/** Ends the session and frees its browser context and folder. Safe to call more than once. */
	close(state: EndState = 'completed', reason?: BrowserAgentError): Promise<void> {
		if (this.closing) return this.closing;
		const failure =
			reason ??
			new BrowserAgentError(
				'SESSION_CLOSED',
				`The browser session "${this.name}" was ${state === 'aborted' ? 'aborted' : 'closed'}.`,
				{
					advice: 'Open a new session (Session → Open) before further actions.',
				},
			);
		this.endError = failure;
		this.inFlightFailure ??= failure;
		this.closing = this.shutDown(state, failure);
		return this.closing;
	}

	private async execute<Result>(
		action: ActionDefinition<any, Result>,
		input: Record<string, any>,
		call: ActionCall,
	): Promise<ActionRun<Result>> {
		if (this.endError)
			throw this.endError.withContext({ action: action.name, selector: input.selector });
		// Quotas, and a tab the page sent to a refused host since the last action: before anything runs.
		this.guard.beforeAction();
		const started = Date.now();
		const attempts = { count: 0 };
		let context: ActionContext | undefined;
		const signal = this.beginAction();
		try {
			for (const field of action.sensitiveFields) this.secrets.add(input[field]);
			context = await this.actionContext(signal, input, call);
			// Refs of a snapshot (ref=e12) become Playwright selectors, or fail as STALE_REF.
			const resolved = await withRefsResolved(context, input, action.name);
			// On a tab that never opened a page, an element appears only if a popup still loading or a
			// script fills it later. Someone building a flow step by step is told at once instead
			// (failFastOnBlankPage); otherwise the action waits its whole timeout as usual.
			const blankAtStart =
				this.options.failFastOnBlankPage && (await onBlankPage(action, resolved, context));
			const effective = blankAtStart
				? { ...resolved, timeoutMs: Math.min(resolved.timeoutMs, BLANK_PAGE_WAIT_MS) }
				: resolved;
			context.timeoutMs = effective.timeoutMs;
			const attempt = () =>
				this.attempt(action, effective, context!, attempts).catch(async (error: unknown) => {
					// Either way the error says so when the page was blank, not only that nothing matched.
					const blank =
						blankAtStart || (await waitedInVainOnBlankPage(error, action, effective, context!));
					throw blank ? blankPageFailure(error, action, effective) : error;
				});
			const output = await (this.trace ? this.trace.around(action, input, attempt) : attempt());
			return await this.succeeded(action, input, context, output, started, attempts.count, call);
		} catch (error) {
			throw await this.failed(action, input, context, error, started, attempts.count, call);
		} finally {
			this.guard.actionEnded();
			this.endAction();
		}
	}

	/** Marks the session busy: no idle timeout while an action runs. Returns what aborts the action when the session ends. */
	private beginAction(): AbortSignal {
		clearTimeout(this.idleTimer);
		this.setState('running');
		this.running = new AbortController();
		return this.running.signal;
	}

	/** Back to idle, whatever happened, unless the session ended meanwhile. */
	private endAction(): void {
		this.running = undefined;
		this.lastActivity = Date.now();
		if (!this.endError) {
			this.setState('idle');
			this.armIdleTimer();
		}
	}

	private async actionContext(
		signal: AbortSignal,
		input: Record<string, any>,
		call: ActionCall,
	): Promise<ActionContext> {
		const page = await this.currentPage();
		return {
			page,
			scope: this.frame && !this.frame.isDetached() ? this.frame : page,
			context: this.context,
			timeoutMs: input.timeoutMs,
			signal,
			sessionDir: this.directory.name,
			session: this.controls,
			host: call.host ?? {},
		};
	}

	/** Runs the action within its deadline (with retries for the transient failures of retryable actions). */
	private attempt<Result>(
		action: ActionDefinition<any, Result>,
		input: Record<string, any>,
		context: ActionContext,
		attempts: { count: number },
	) {
		const sessionEnd = context.signal;
		const once = async () => {
			attempts.count++;
			// Past its deadline an attempt is told to stop too (keys still to type, a drag, a wait), so
			// it does not go on acting on the page during the next action or the next attempt.
			const deadline = new AbortController();
			context.signal = AbortSignal.any([sessionEnd, deadline.signal]);
			try {
				const output = await withDeadline(
					action.run(context, input),
					input.timeoutMs + DEADLINE_GRACE_MS,
					sessionEnd,
					action.name,
					deadline,
				);
				if (action.personDrives) this.guard.forgetRefusedNavigation();
				else await this.guard.afterAction();
				return output;
			} catch (error) {
				await this.browserGoneSettled(error);
				throw await normalizeError(this.guard.explain(error), {
					action: action.name,
					selector: input.selector,
					timeoutMs: input.timeoutMs,
					scope: this.endError ? undefined : context.scope,
					sessionEnd: this.inFlightFailure,
				});
			}
		};
		return action.retryable
			? withRetries(once, { retries: input.retries, signal: sessionEnd })
			: once();
	}

	private async succeeded<Result>(
		action: ActionDefinition<any, Result>,
		input: Record<string, any>,
		context: ActionContext,
		output: Awaited<ReturnType<ActionDefinition<any, Result>['run']>>,
		started: number,
		attempts: number,
		call: ActionCall,
	): Promise<ActionRun<Result>> {
		const closed = context.page.isClosed();
		const url = closed ? '' : context.page.url();
		const files = output.files ?? [];
		const durationMs = Date.now() - started;
		// Navigation results carry the title already; otherwise it costs the page a round trip, spent
		// only when the caller wants the title.
		const title =
			closed || call.pageTitle === false
				? (knownTitle(output.result) ?? '')
				: (knownTitle(output.result) ?? readTitle(context.page));
		this.record(action, input, started, attempts, { url }, { result: output.result, files }, call);
		return {
			sessionId: this.id,
			sessionName: this.name,
			action: action.name,
			result: output.result,
			files,
			url,
			title: await title,
			durationMs,
			attempts,
		};
	}

	/** Records the failure (with its screenshot) and does what On Timeout asks; returns the error to throw. */
	private async failed(
		action: ActionDefinition<any, any>,
		input: Record<string, any>,
		context: ActionContext | undefined,
		error: unknown,
		started: number,
		attempts: number,
		call: ActionCall,
	): Promise<BrowserAgentError> {
		const failure =
			error instanceof BrowserAgentError
				? error
				: await normalizeError(error, {
						action: action.name,
						timeoutMs: input.timeoutMs,
						sessionEnd: this.inFlightFailure,
					});
		failure.message = this.secrets.scrub(failure.message);
		// Only while the session lives: after its end there is no page to show (and the error may be shared).
		const screenshot =
			this.endError || !context || this.options.screenshotOnFailure === false
				? undefined
				: await screenshotForTheRecord(context.page);
		if (screenshot) attachFailureScreenshot(failure, screenshot);
		if (!this.endError && context && !context.page.isClosed())
			// Scrubbed like the message: a page may echo what was typed into its address or title.
			attachFailurePage(failure, {
				url: this.secrets.scrub(context.page.url()),
				title: this.secrets.scrub(await readTitle(context.page)),
			});
		const onTimeout =
			!this.endError && ranOutOfTime(failure) && input.onTimeout !== 'fail'
				? (input.onTimeout as ActionRecord['onTimeout'])
				: undefined;
		if (onTimeout === 'screenshotAndReload')
			await context?.page.reload({ timeout: input.timeoutMs }).catch(() => undefined);
		this.record(
			action,
			input,
			started,
			attempts,
			{ error: { code: failure.code, message: failure.message }, onTimeout },
			{ files: [], failureScreenshot: screenshot, failure },
			call,
		);
		if (onTimeout === 'closeSession') {
			this.running = undefined;
			await this.close(
				'failed',
				new BrowserAgentError(
					'SESSION_CLOSED',
					`The browser session "${this.name}" was closed because ${action.name} ran out of time (On Timeout: Close Session).`,
					{
						action: action.name,
						advice: 'Open a new session (Session → Open) before further actions.',
					},
				),
			);
		}
		return failure;
	}

	/** The tab actions work on: the last one in use, or another open one if it was closed. */
	private async currentPage(): Promise<Page> {
		if (!this.page.isClosed()) return this.page;
		this.frame = undefined;
		this.page =
			this.context.pages().find((page) => !page.isClosed()) ?? (await this.context.newPage());
		return this.page;
	}

	private pageClosed(page: Page): void {
		if (page === this.page) this.frame = undefined;
	}

	private record(
		action: ActionDefinition<any, any>,
		input: Record<string, any>,
		started: number,
		attempts: number,
		outcome: {
			url?: string;
			error?: { code: string; message: string };
			onTimeout?: ActionRecord['onTimeout'];
		},
		artifacts: ActionArtifacts,
		call: ActionCall,
	): void {
		const ended = Date.now();
		const reason = call.reason?.trim().slice(0, REASON_CHARACTERS);
		const entry: ActionRecord = this.secrets.scrubDeep({
			id: randomUUID(),
			action: action.name,
			input: summarize(input, action.sensitiveFields),
			startedAt: new Date(started).toISOString(),
			endedAt: new Date(ended).toISOString(),
			durationMs: ended - started,
			status: outcome.error ? 'failed' : 'succeeded',
			attempts,
			...(outcome.url !== undefined && { url: outcome.url }),
			...(outcome.error && { error: outcome.error }),
			...(outcome.onTimeout && { onTimeout: outcome.onTimeout }),
			...(reason && { reason }),
		});
		this.history.push(entry);
		if (this.history.length > HISTORY_LIMIT) this.history.shift();
		this.log.debug({ sessionId: this.id, ...entry }, 'action finished');
		this.emit('action', entry, withResultScrubbedWhenRead(artifacts, this.secrets));
	}

	private armIdleTimer(): void {
		clearTimeout(this.idleTimer);
		this.idleTimer = setTimeout(() => void this.expire('idle'), this.options.idleTimeoutMs);
		this.idleTimer.unref();
	}

	private async expire(kind: 'idle' | 'total'): Promise<void> {
		if (this.closing) return;
		const limit = kind === 'idle' ? this.options.idleTimeoutMs : this.options.totalTimeoutMs;
		const what =
			kind === 'idle'
				? `was idle for ${formatDuration(limit)}`
				: `reached its total time limit of ${formatDuration(limit)}`;
		this.inFlightFailure = new BrowserAgentError(
			'TIMEOUT',
			`The browser session "${this.name}" ${what}; the running action was stopped.`,
			{
				advice:
					'Raise the session’s total timeout (Session → Open), or split the work across sessions.',
			},
		);
		// Keep a picture of where the flow stood, for whoever investigates the timeout.
		this.finalScreenshot = await this.page.screenshot({ timeout: 3_000 }).catch(() => undefined);
		await this.close(
			'timeout',
			new BrowserAgentError(
				'SESSION_TIMEOUT',
				`The browser session "${this.name}" ${what} and was closed.`,
				{
					advice:
						kind === 'idle'
							? 'Raise the idle timeout (Session → Open) for slow steps, or open a new session before continuing.'
							: 'Raise the total timeout (Session → Open), or open a new session before continuing.',
				},
			),
		);
	}

	/**
	 * A browser that goes away (a remote one whose server was killed, most of all) fails the running
	 * call with "closed" a moment before it reports 'disconnected' (1 ms, measured): wait for that
	 * moment, up to half a second, so the action fails as BROWSER_CRASHED, not SESSION_CLOSED.
	 */
	private async browserGoneSettled(error: unknown): Promise<void> {
		// Closed on purpose (Close, a timeout, the execution's end): nothing to wait for.
		if (
			this.closing ||
			this.inFlightFailure ||
			!/closed|disconnected/i.test(String((error as Error)?.message))
		)
			return;
		const browser = this.lease.browser;
		if (!browser.isConnected()) return;
		await new Promise<void>((resolve) => {
			const settled = () => {
				clearTimeout(timer);
				browser.off('disconnected', settled);
				resolve();
			};
			const timer = setTimeout(settled, 500);
			browser.once('disconnected', settled);
		});
	}

	private async browserGone(): Promise<void> {
		const crashed = new BrowserAgentError(
			'BROWSER_CRASHED',
			`The browser of session "${this.name}" closed unexpectedly (crashed or was killed).`,
			{
				advice:
					'Run the workflow again: a fresh browser is started, or the remote browser reached again. If it keeps happening, check the memory of the machine the browser runs on.',
			},
		);
		this.inFlightFailure = crashed;
		await this.close('failed', crashed);
	}

	private async shutDown(state: EndState, reason: BrowserAgentError): Promise<void> {
		// The state changes at once; the 'end' event follows once everything is freed.
		this.setState(state);
		clearTimeout(this.idleTimer);
		clearTimeout(this.totalTimer);
		this.running?.abort(reason);
		this.lease.browser.off('disconnected', this.onBrowserGone);
		// While the context lives, into the folder that goes next.
		this.recordedTrace = await this.trace?.finish(this.directory.name).catch(() => undefined);
		await this.context.close().catch(() => undefined);
		this.lease.release();
		try {
			this.directory.removeCallback();
		} catch (error) {
			this.log.warn({ sessionId: this.id, err: error }, 'could not remove the session folder');
		}
		this.endedAt = new Date();
		this.log.debug({ sessionId: this.id, state }, 'session ended');
		this.emit('end', {
			state,
			reason: state === 'completed' ? undefined : reason,
			finalScreenshot: this.finalScreenshot,
		});
	}

	private setState(state: SessionState): void {
		if (this.stateValue === state) return;
		this.stateValue = state;
		this.emit('state', state);
	}
}

/** The session's store: one value per typed key. */
class KeyedStore implements SessionStore {
	private readonly values = new Map<StoreKey<unknown>, unknown>();

	get<Value>(key: StoreKey<Value>): Value | undefined {
		return this.values.get(key) as Value | undefined;
	}

	set<Value>(key: StoreKey<Value>, value: Value): void {
		this.values.set(key, value);
	}

	obtain<Value>(key: StoreKey<Value>, create: () => Value): Value {
		if (!this.values.has(key)) this.values.set(key, create());
		return this.values.get(key) as Value;
	}
}

/** Waits for an action, but never past its deadline (then aborts `deadline`) or the session ending. */
function withDeadline<T>(
	work: Promise<T>,
	deadlineMs: number,
	signal: AbortSignal,
	action: string,
	deadline: AbortController,
): Promise<T> {
	work.catch(() => undefined);
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => {
			const timedOut = new BrowserAgentError(
				'TIMEOUT',
				`${action} did not finish within ${deadlineMs - DEADLINE_GRACE_MS} ms.`,
				{
					advice: 'Raise the timeout, or check what the page is waiting for.',
				},
			);
			reject(timedOut);
			deadline.abort(timedOut);
		}, deadlineMs);
		timer.unref();
		const onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, { once: true });
		work.then(resolve, reject).finally(() => {
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
		});
	});
}

/**
 * How long an element action waits on a blank page with failFastOnBlankPage: enough for the action
 * to check its own input.
 */
const BLANK_PAGE_WAIT_MS = 250;

/**
 * Whether an element action works on a tab that never opened a page (an empty about:blank): unless
 * a popup still loading or a script fills it, it waits in vain. A page written by script or
 * setContent has content.
 */
async function onBlankPage(
	action: ActionDefinition<any, any>,
	input: Record<string, any>,
	context: ActionContext,
): Promise<boolean> {
	const selector: unknown = input.selector;
	// Waiting for an element to go away or to be written later is a legitimate use of a blank page.
	if (typeof selector !== 'string' || !selector || action.name === 'waitFor') return false;
	if (context.scope.url() !== BLANK_PAGE_URL) return false;
	return context.scope
		.evaluate(() => !document.body || document.body.childElementCount === 0)
		.catch(() => false);
}

/** Whether an element wait ran out of time on a tab that was still blank when it gave up. */
async function waitedInVainOnBlankPage(
	error: unknown,
	action: ActionDefinition<any, any>,
	input: Record<string, any>,
	context: ActionContext,
): Promise<boolean> {
	if (!(error instanceof BrowserAgentError) || !ranOutOfTime(error)) return false;
	return onBlankPage(action, input, context);
}

/** The element wait's failure on a blank page, said as what it is; other failures stay as they are. */
function blankPageFailure(
	error: unknown,
	action: ActionDefinition<any, any>,
	input: Record<string, any>,
): unknown {
	if (!(error instanceof BrowserAgentError) || !ranOutOfTime(error)) return error;
	return new BrowserAgentError(
		'ELEMENT_NOT_FOUND',
		`No element matches "${input.selector}": the page is blank (${BLANK_PAGE_URL}), nothing has been opened in this tab yet.`,
		{
			action: action.name,
			selector: input.selector,
			advice:
				'Open a page first (Page → Navigate) in this session: a new session starts on a blank page.',
		},
	);
}

/**
 * The artifacts with their result scrubbed on first read. The audit trail reads a result only for
 * the uploads it lists, and scrubs every line it writes anyway; walking every string of every
 * result once a secret is known (100 000 strings for a 10 000-row table) served nobody.
 */
function withResultScrubbedWhenRead(
	artifacts: ActionArtifacts,
	secrets: SecretValues,
): ActionArtifacts {
	const { result, ...rest } = artifacts;
	let scrubbed: { value: unknown } | undefined;
	return {
		...rest,
		get result() {
			scrubbed ??= { value: secrets.scrubDeep(result) };
			return scrubbed.value;
		},
	};
}

function knownTitle(result: unknown): string | undefined {
	const title = (result as { title?: unknown } | null)?.title;
	return typeof title === 'string' ? title : undefined;
}

function summarize(
	input: Record<string, any>,
	sensitive: readonly string[],
): Record<string, unknown> {
	const summary: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(input)) {
		if (sensitive.includes(key)) summary[key] = '[redacted]';
		else if (typeof value === 'string' && value.length > 200)
			summary[key] = `${value.slice(0, 200)}… (${value.length} characters)`;
		else summary[key] = value;
	}
	return summary;
}

function formatDuration(ms: number): string {
	if (ms % 60_000 === 0) return `${ms / 60_000} min`;
	if (ms % 1_000 === 0) return `${ms / 1_000} s`;
	return `${ms} ms`;
}
