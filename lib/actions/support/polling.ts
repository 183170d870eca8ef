import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks `probe` again and again (every `intervalMs`) until it returns something, the deadline
 * passes (then undefined) or the session ends. For states Playwright has no event for, such as
 * "a tab whose title matches".
 */
export async function pollUntil<T>(
	probe: () => Promise<T | undefined> | T | undefined,
	options: { deadline: number; signal: AbortSignal; intervalMs?: number },
): Promise<T | undefined> {
	for (;;) {
		const found = await probe();
		if (found !== undefined) return found;
		const left = options.deadline - Date.now();
		if (left <= 0 || options.signal.aborted) return undefined;
		await sleep(Math.min(options.intervalMs ?? 100, left), undefined, {
			signal: options.signal,
		}).catch(() => undefined);
	}
}

/** Milliseconds left until `deadline`, at least 1 (Playwright treats 0 as "no timeout"). */
export function remaining(deadline: number): number {
	return Math.max(1, deadline - Date.now());
}
