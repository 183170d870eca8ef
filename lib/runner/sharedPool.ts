import { SessionPool, type PoolOptions } from './pool';

// On globalThis, not in a module variable: a host may load this package more than once
// (n8n reloads community packages), and two pools would mean two browsers and lost sessions.
const SHARED = Symbol.for('n8n-nodes-browser-agent.sharedPool');

type WithSharedPool = typeof globalThis & { [SHARED]?: SessionPool };

/** The process-wide pool that every Browser Agent node of every execution uses. */
export function sharedPool(options?: PoolOptions): SessionPool {
	const holder = globalThis as WithSharedPool;
	holder[SHARED] ??= new SessionPool(options);
	return holder[SHARED];
}
