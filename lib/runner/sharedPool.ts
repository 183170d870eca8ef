import { installExitCleanup } from './exit';
import { createLogger } from './logger';
import { SessionPool, type PoolOptions } from './pool';

// On globalThis, not in a module variable: a host may load this package more than once
// (n8n reloads community packages), and two pools would mean two browsers and lost sessions.
const SHARED = Symbol.for('n8n-nodes-browser-agent.sharedPool');

type WithSharedPool = typeof globalThis & { [SHARED]?: SessionPool };

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
