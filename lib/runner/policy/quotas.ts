import { BrowserAgentError } from '../../errors';
import type { SessionPolicy } from '../../policy/policy';

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

/**
 * Counts a pool's open sessions, in all and per policy scope (credential), and refuses a new one
 * over either limit. Sessions count from the moment they start opening, so parallel opens cannot
 * slip past the limit together.
 */
export class SessionQuotas {
	private total = 0;
	private readonly byScope = new Map<string, number>();

	constructor(readonly maxPerProcess: number = processSessionLimit()) {}

	/** Reserves a place for a new session, or throws QUOTA_EXCEEDED. Call the returned function once it has ended. */
	admit(policy: SessionPolicy): () => void {
		if (this.total >= this.maxPerProcess) {
			throw new BrowserAgentError(
				'QUOTA_EXCEEDED',
				`${this.maxPerProcess} browser sessions are already open in this n8n process, its limit (${MAX_SESSIONS_ENV}).`,
				{
					advice:
						'Close sessions you no longer need (Session → Close), wait for other workflows to finish, or ask the n8n admin to raise the limit.',
				},
			);
		}
		const inScope = this.byScope.get(policy.scope) ?? 0;
		if (policy.maxConcurrentSessions !== undefined && inScope >= policy.maxConcurrentSessions) {
			throw new BrowserAgentError(
				'QUOTA_EXCEEDED',
				`${policy.maxConcurrentSessions} browser sessions of this credential are already open, its limit (Max Concurrent Sessions).`,
				{
					advice:
						'Close sessions you no longer need (Session → Close), wait for other executions to finish, or ask the owner of the Browser Agent credential to raise Max Concurrent Sessions.',
				},
			);
		}
		this.total++;
		this.byScope.set(policy.scope, inScope + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.total--;
			const left = (this.byScope.get(policy.scope) ?? 1) - 1;
			if (left > 0) this.byScope.set(policy.scope, left);
			else this.byScope.delete(policy.scope);
		};
	}

	/** Sessions counted now, in all and for one scope. */
	count(scope?: string): number {
		return scope === undefined ? this.total : (this.byScope.get(scope) ?? 0);
	}
}
