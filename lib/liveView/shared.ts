import { sharedPool } from '../runner/sharedPool';
import { LiveViews } from './liveViews';
import { liveViewServerOptionsFromEnvironment } from './server';

// On globalThis for the reason sharedPool is: a host may load the package more than once.
const SHARED = Symbol.for('n8n-nodes-browser-agent.sharedLiveViews');
type WithSharedLiveViews = typeof globalThis & { [SHARED]?: LiveViews };

/**
 * The live views of the shared pool's sessions, served by one server per process at the address
 * $BROWSER_AGENT_LIVE_VIEW_HOST / _PORT (loopback, a free port by default), linked as
 * $BROWSER_AGENT_LIVE_VIEW_URL when people reach it through a proxy.
 */
export function sharedLiveViews(): LiveViews {
	const holder = globalThis as WithSharedLiveViews;
	holder[SHARED] ??= new LiveViews(sharedPool(), liveViewServerOptionsFromEnvironment());
	return holder[SHARED];
}
