import type { Logger } from './logger';
import { ownBrowserProfiles, removeLeftovers, removeOwnLeftoversSync } from './leftovers';

/** What exit handling needs of a pool: SessionPool.shutdown (sessions, browsers, audit flush). */
export interface ClosablePool {
	shutdown(): Promise<void>;
}

export interface ExitCleanupOptions {
	/** Longest wait for the pool to close before the remaining browsers are killed. Default 10 s (n8n waits 30 s). */
	graceMs?: number;
	logger?: Pick<Logger, 'info' | 'warn'>;
}

export const EXIT_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export const DEFAULT_EXIT_GRACE_MS = 10_000;

// On globalThis like the shared pool: a host that loads this package again must not add a second set of listeners.
const INSTALLED = Symbol.for('n8n-nodes-browser-agent.exitCleanup');

type WithExitCleanup = typeof globalThis & { [INSTALLED]?: true };

/**
 * Makes the host process's SIGTERM/SIGINT and exit clean up after the pool (once per process;
 * later calls do nothing):
 * - on the signal, the pool closes its sessions and browsers and flushes the audit, for at most
 *   `graceMs`; then whatever is left is killed and removed. If no other listener for the signal
 *   exists, the signal is raised again so the process still ends as it would have without this
 *   listener (a listener alone keeps Node alive); a host with its own listeners (n8n) ends itself;
 * - on 'exit' (a host calling process.exit before the close ended), browsers still running are
 *   killed and temp folders removed, synchronously;
 * - folders that killed processes left in the temp folder are removed, in the background.
 * `pool` is read when a signal comes, so it may be created later.
 */
export function installExitCleanup(
	pool: () => ClosablePool | undefined,
	options: ExitCleanupOptions = {},
): void {
	const holder = globalThis as WithExitCleanup;
	if (holder[INSTALLED]) return;
	holder[INSTALLED] = true;

	let closing: Promise<void> | undefined;
	/** The browsers' profiles when the signal came, while they still ran (see removeOwnLeftoversSync). */
	let profilesAtSignal: string[] = [];
	const removeOwnLeftovers = () => removeOwnLeftoversSync({}, profilesAtSignal);
	const onSignal = (signal: NodeJS.Signals) => {
		if (closing) {
			// A second signal while closing: stop waiting.
			removeOwnLeftovers();
			reraise(signal);
			return;
		}
		profilesAtSignal = ownBrowserProfiles();
		options.logger?.info({ signal }, 'closing browser sessions before the process ends');
		closing = closeWithin(pool(), options.graceMs ?? DEFAULT_EXIT_GRACE_MS, options.logger).then(
			() => {
				removeOwnLeftovers();
				closing = undefined;
				reraise(signal);
			},
		);
	};
	const reraise = (signal: NodeJS.Signals) => {
		if (process.listeners(signal).some((listener) => listener !== onSignal)) return;
		for (const name of EXIT_SIGNALS) process.off(name, onSignal);
		process.kill(process.pid, signal);
	};
	for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
	process.on('exit', removeOwnLeftovers);
	void removeLeftovers().then(
		(removed) =>
			removed.length &&
			options.logger?.info({ removed }, 'removed folders that ended processes left behind'),
		(error: unknown) =>
			options.logger?.warn(
				{ err: error },
				'could not remove folders that ended processes left behind',
			),
	);
}

async function closeWithin(
	pool: ClosablePool | undefined,
	graceMs: number,
	logger: ExitCleanupOptions['logger'],
): Promise<void> {
	if (!pool) return;
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<'late'>(
		(resolve) => (timer = setTimeout(() => resolve('late'), graceMs)),
	);
	const outcome = await Promise.race([
		pool
			.shutdown()
			.catch((error: unknown) =>
				logger?.warn({ err: error }, 'closing the browser sessions failed'),
			),
		late,
	]);
	clearTimeout(timer);
	if (outcome === 'late')
		logger?.warn({ graceMs }, 'browser sessions did not close in time; killing the browsers');
}
