import type { CDPSession, Page } from 'playwright';
import { BrowserAgentError } from '../../errors';
import { storeKey, type ActionContext } from '../action';

/**
 * Tabs whose browser cache is off, each with the DevTools session that keeps it off: Chromium
 * drops the setting when that session detaches, so it lives as long as the tab (or until the
 * cache is turned on again).
 */
export const CACHE_OFF_KEY = storeKey<WeakMap<Page, CDPSession>>('cacheOff');

/**
 * Turns the browser cache of the current tab off or back on, as puppeteer's
 * page.setCacheEnabled does: while off, every request of the tab goes to the network.
 * Turning it on for a tab that never had it off does nothing (and needs no Chromium).
 */
export async function setCacheEnabled(context: ActionContext, enabled: boolean): Promise<void> {
	const { page, session } = context;
	const holder = session.store.get(CACHE_OFF_KEY)?.get(page);
	if (enabled) {
		if (!holder) return;
		session.store.get(CACHE_OFF_KEY)?.delete(page);
		await holder.send('Network.setCacheDisabled', { cacheDisabled: false }).catch(() => undefined);
		await holder.detach().catch(() => undefined);
		return;
	}
	if (holder) return;
	let cdp: CDPSession;
	try {
		cdp = await context.context.newCDPSession(page);
	} catch (error) {
		throw new BrowserAgentError(
			'ACTION_FAILED',
			'Turning the browser cache off needs a Chromium browser.',
			{
				field: 'useCache',
				advice: 'Leave Use Cache on, or use a Chromium-based browser.',
				cause: error,
			},
		);
	}
	// The cache switch belongs to the Network domain and only holds while it is enabled.
	await cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	session.store.obtain(CACHE_OFF_KEY, () => new WeakMap()).set(page, cdp);
}
