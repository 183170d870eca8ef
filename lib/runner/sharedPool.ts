import { BROWSER_ENDPOINT_ENV, browserConnectionFromEnvironment } from './browsers';
import { installExitCleanup } from './exit';
import { createLogger, type Logger } from './logger';
import { SessionPool, type PoolOptions } from './pool';

// On globalThis, not in a module variable: a host may load this package more than once
// (n8n reloads community packages), and two pools would mean two browsers and lost sessions.
const SHARED = Symbol.for('n8n-nodes-browser-agent.sharedPool');
const PRELAUNCHED = Symbol.for('n8n-nodes-browser-agent.prelaunched');

type WithSharedPool = typeof globalThis & { [SHARED]?: SessionPool; [PRELAUNCHED]?: true };

/** Set to true to start the shared browser when the host loads the package (see prelaunchSharedBrowser). */
export const PRELAUNCH_ENV = 'BROWSER_AGENT_PRELAUNCH';

/**
 * The process-wide pool that every Browser Agent node of every execution uses. Creating it also
 * makes the process clean up on SIGTERM/SIGINT and exit, and removes what killed processes left
 * in the temp folder (see installExitCleanup).
 */
export function sharedPool(options?: PoolOptions): SessionPool {
	const holder = globalThis as WithSharedPool;
	if (!holder[SHARED]) {
		holder[SHARED] = new SessionPool(options);
		installExitCleanup(() => holder[SHARED], { logger: options?.logger ?? createLogger() });
	}
	return holder[SHARED];
}

/**
 * With $BROWSER_AGENT_PRELAUNCH=true, starts the shared pool's default browser (the one a node
 * without a credential uses) once per process, so even the first execution finds it warm. It then
 * stays up as after a session ($BROWSER_AGENT_BROWSER_IDLE_MS) and never keeps the process alive.
 * Only a local launch: reaching a remote browser costs no launch, and its open connection would
 * keep a process alive that has nothing else to do.
 * Never throws: a browser that cannot start is logged, and the first session tries again.
 * Returns the attempt, or undefined when none was made.
 */
export function prelaunchSharedBrowser(
	env: NodeJS.ProcessEnv = process.env,
	logger: Pick<Logger, 'info' | 'warn'> = createLogger(),
): Promise<void> | undefined {
	if (!/^(true|1|yes|on)$/i.test(env[PRELAUNCH_ENV]?.trim() ?? '')) return undefined;
	const holder = globalThis as WithSharedPool;
	if (holder[PRELAUNCHED]) return undefined;
	holder[PRELAUNCHED] = true;
	const started = Date.now();
	return (async () => {
		if (browserConnectionFromEnvironment(env)) return false;
		await sharedPool().prelaunch();
		return true;
	})().then(
		(launched) =>
			logger.info(
				{ ms: Date.now() - started },
				launched
					? `browser started ahead (${PRELAUNCH_ENV})`
					: `${PRELAUNCH_ENV} ignored: the browser is remote ($${BROWSER_ENDPOINT_ENV} or n8n-nodes-puppeteer's endpoint), nothing to start`,
			),
		(error: unknown) =>
			logger.warn(
				{ err: error },
				`could not start the browser ahead (${PRELAUNCH_ENV}); the first session will try again`,
			),
	);
}
