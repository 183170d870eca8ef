import { BrowserAgentError } from '../../errors';
import type { SessionPolicy } from '../../policy/policy';
import { SharedQuotaStore, type SharedQuotaSettings } from './sharedQuotas';

/** Environment variable with the most sessions one process may hold open, whatever the credentials say. */
export const MAX_SESSIONS_ENV = 'BROWSER_AGENT_MAX_SESSIONS';
export const DEFAULT_MAX_SESSIONS_PER_PROCESS = 20;

/** The process limit: $BROWSER_AGENT_MAX_SESSIONS when it is a positive whole number, else 20. */
export function processSessionLimit(env: NodeJS.ProcessEnv = process.env): number {
	const configured = Number(env[MAX_SESSIONS_ENV]?.trim() || NaN);
	return Number.isInteger(configured) && configured > 0
		? configured
		: DEFAULT_MAX_SESSIONS_PER_PROCESS;
}

/** Environment variable: how long a session over a limit waits for a free place (ms) before QUOTA_EXCEEDED. */
export const QUOTA_WAIT_ENV = 'BROWSER_AGENT_QUOTA_WAIT_MS';
export const DEFAULT_QUOTA_WAIT_MS = 60_000;

/**
 * $BROWSER_AGENT_QUOTA_WAIT_MS: how long a session waits for a place, in ms (0 refuses at once);
 * 60 s when unset. A value that is no such number is refused, as a mistyped setting should not
 * silently fall back.
 */
export function quotaWaitMs(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env[QUOTA_WAIT_ENV]?.trim();
	if (!raw) return DEFAULT_QUOTA_WAIT_MS;
	const configured = Number(raw);
	if (Number.isInteger(configured) && configured >= 0) return configured;
	throw new BrowserAgentError(
		'INVALID_INPUT',
		`${QUOTA_WAIT_ENV} is "${raw}"; it must be a whole number of milliseconds, 0 or more.`,
		{
			field: QUOTA_WAIT_ENV,
			advice: `Set ${QUOTA_WAIT_ENV}=60000 to wait up to a minute for a place, 0 to refuse at once, or unset it (60 s).`,
		},
	);
}

/** A place for one session: give it back once, when the session has ended. */
export interface Admission {
	release(): void;
	/** How long the session waited in the queue for its place, in ms (0: it got one at once). */
	queuedMs: number;
}

export interface AdmitOptions {
	/** How long to wait for a place when the limits are reached; 0 refuses at once. */
	waitMs?: number;
	/** Leaves the queue (the execution was cancelled): rejects with the signal's reason. */
	signal?: AbortSignal;
	/**
	 * Count this session across processes too, in this Redis (see sharedQuotas.ts): its credential's
	 * limit and the process limit then hold for the sessions of all processes that share it. The
	 * process limit is still kept in this process as well.
	 */
	shared?: SharedQuotaSettings;
}

interface Waiter {
	policy: SessionPolicy;
	since: number;
	admit(admission: Admission): void;
	refuse(error: unknown): void;
}

/**
 * Counts a pool's open sessions, in all and per policy scope (credential). A new session over
 * either limit waits for a place in a first-come, first-served queue, up to its wait time, then
 * fails with QUOTA_EXCEEDED: a burst of webhook executions waits instead of failing. Sessions count
 * from the moment they start opening, so parallel opens cannot slip past the limit together.
 */
export class SessionQuotas {
	private total = 0;
	private readonly byScope = new Map<string, number>();
	private readonly waiting: Waiter[] = [];
	private readonly shared = new Map<string, SharedQuotaStore>();
	/** Sessions that hold a place here but still wait for one across processes: queued, not open. */
	private waitingAcross = 0;

	constructor(readonly maxPerProcess: number = processSessionLimit()) {}

	/**
	 * A place for a new session: at once when the limits allow, else after those queued before it.
	 * With `shared`, first a place under this process's limit, then one across processes (the
	 * credential's limit is counted there only), within the same wait time.
	 */
	admit(policy: SessionPolicy, options: AdmitOptions = {}): Promise<Admission> {
		return options.shared
			? this.admitShared(policy, options, options.shared)
			: this.admitHere(policy, options);
	}

	/** Closes the connections of the limits across processes (leases still held are given back first). */
	async close(): Promise<void> {
		const stores = [...this.shared.values()];
		this.shared.clear();
		await Promise.all(stores.map((store) => store.close()));
	}

	/** The store of the limits across processes for these settings (one connection each per pool). */
	private sharedStore(settings: SharedQuotaSettings): SharedQuotaStore {
		const id = JSON.stringify(settings);
		let store = this.shared.get(id);
		if (!store) this.shared.set(id, (store = new SharedQuotaStore(settings)));
		return store;
	}

	private async admitShared(
		policy: SessionPolicy,
		options: AdmitOptions,
		settings: SharedQuotaSettings,
	): Promise<Admission> {
		const { waitMs = 0, signal } = options;
		const started = Date.now();
		// Here only the process limit: the credential's is counted across processes.
		const local = await this.admitHere({ ...policy, maxConcurrentSessions: undefined }, options);
		this.waitingAcross++;
		try {
			const shared = await this.sharedStore(settings).acquire({
				scope: policy.scope,
				scopeLimit: policy.maxConcurrentSessions,
				totalLimit: this.maxPerProcess,
				waitMs: Math.max(0, waitMs - (Date.now() - started)),
				signal,
				waitedBeforeMs: local.queuedMs,
			});
			return {
				queuedMs: local.queuedMs + shared.queuedMs,
				release: () => {
					shared.release();
					local.release();
				},
			};
		} catch (error) {
			local.release();
			throw error;
		} finally {
			this.waitingAcross--;
		}
	}

	private admitHere(policy: SessionPolicy, options: AdmitOptions): Promise<Admission> {
		const { waitMs = 0, signal } = options;
		if (signal?.aborted) return Promise.reject(signal.reason);
		// Those already waiting go first, unless they wait for another credential's place.
		if (this.fits(policy) && !this.waiting.some((waiter) => this.blocks(waiter, policy)))
			return Promise.resolve(this.take(policy, 0));
		if (waitMs <= 0) return Promise.reject(this.refusal(policy, 0));
		return new Promise<Admission>((resolve, reject) => {
			const since = Date.now();
			const leave = () => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', onAbort);
				const index = this.waiting.indexOf(waiter);
				if (index !== -1) this.waiting.splice(index, 1);
			};
			const waiter: Waiter = {
				policy,
				since,
				admit: (admission) => {
					leave();
					resolve(admission);
				},
				refuse: (error) => {
					leave();
					reject(error);
				},
			};
			const onAbort = () => waiter.refuse(signal!.reason);
			const timer = setTimeout(
				() => waiter.refuse(this.refusal(policy, Date.now() - since)),
				waitMs,
			);
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.push(waiter);
		});
	}

	/** Sessions counted now, in all (not those still waiting for a place across processes) and for one scope. */
	count(scope?: string): number {
		return scope === undefined ? this.total - this.waitingAcross : (this.byScope.get(scope) ?? 0);
	}

	/** Sessions waiting for a place now (here, or across processes). */
	get queued(): number {
		return this.waiting.length + this.waitingAcross;
	}

	private fits(policy: SessionPolicy): boolean {
		if (this.total >= this.maxPerProcess) return false;
		const inScope = this.byScope.get(policy.scope) ?? 0;
		return policy.maxConcurrentSessions === undefined || inScope < policy.maxConcurrentSessions;
	}

	/** Whether an earlier waiter goes before `policy`: it waits for the same places (the process, or the same credential). */
	private blocks(waiter: Waiter, policy: SessionPolicy): boolean {
		return waiter.policy.scope === policy.scope || this.fits(waiter.policy);
	}

	private take(policy: SessionPolicy, queuedMs: number): Admission {
		this.total++;
		this.byScope.set(policy.scope, (this.byScope.get(policy.scope) ?? 0) + 1);
		let released = false;
		return {
			queuedMs,
			release: () => {
				if (released) return;
				released = true;
				this.total--;
				const left = (this.byScope.get(policy.scope) ?? 1) - 1;
				if (left > 0) this.byScope.set(policy.scope, left);
				else this.byScope.delete(policy.scope);
				this.admitWaiting();
			},
		};
	}

	/** Gives freed places to waiters in arrival order; one whose credential is still full lets the next go. */
	private admitWaiting(): void {
		for (const waiter of [...this.waiting]) {
			if (this.total >= this.maxPerProcess) return;
			if (this.fits(waiter.policy))
				waiter.admit(this.take(waiter.policy, Date.now() - waiter.since));
		}
	}

	private refusal(policy: SessionPolicy, waitedMs: number): BrowserAgentError {
		const waited = waitedMs > 0 ? ` It waited ${Math.round(waitedMs / 1000)} s for a place.` : '';
		if (this.total >= this.maxPerProcess)
			return new BrowserAgentError(
				'QUOTA_EXCEEDED',
				`${this.maxPerProcess} browser sessions are already open in this n8n process, its limit (${MAX_SESSIONS_ENV}).${waited}`,
				{
					advice: `Close sessions you no longer need (Session → Close), wait for other workflows to finish, or ask the n8n admin to raise the limit or ${QUOTA_WAIT_ENV} (how long a session waits for a place).`,
				},
			);
		return new BrowserAgentError(
			'QUOTA_EXCEEDED',
			`${policy.maxConcurrentSessions} browser sessions of this credential are already open, its limit (Max Concurrent Sessions).${waited}`,
			{
				advice: `Close sessions you no longer need (Session → Close), wait for other executions to finish, or ask the owner of the Browser Agent credential to raise Max Concurrent Sessions (or the n8n admin ${QUOTA_WAIT_ENV}).`,
			},
		);
	}
}
