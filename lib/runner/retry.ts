import pRetry from 'p-retry';
import type { BrowserAgentError, ErrorCode } from '../errors';

/** Failures that a second attempt can fix; everything else fails at once. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set([
	'TIMEOUT',
	'NAVIGATION_FAILED',
	'DOWNLOAD_FAILED',
	'ELEMENT_NOT_FOUND',
]);

/** Runs `attempt` up to `retries + 1` times with exponential backoff (p-retry), retrying transient failures only. */
export async function withRetries<T>(
	attempt: () => Promise<T>,
	options: { retries: number; signal: AbortSignal; minTimeoutMs?: number },
): Promise<T> {
	if (options.retries <= 0) return attempt();
	return pRetry(attempt, {
		retries: options.retries,
		factor: 2,
		minTimeout: options.minTimeoutMs ?? 500,
		maxTimeout: 10_000,
		randomize: true,
		signal: options.signal,
		shouldRetry: ({ error }) => TRANSIENT.has((error as BrowserAgentError).code),
	});
}
