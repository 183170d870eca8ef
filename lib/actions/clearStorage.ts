import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { assertWebOrigin } from './support/webStorage';

export const clearStorage = defineAction({
	name: 'clearStorage',
	description:
		'Empty the localStorage and sessionStorage of the current page’s site; optionally also delete that site’s cookies and empty the browser’s HTTP cache.',
	retryable: true,
	input: {
		cookies: z
			.boolean()
			.default(false)
			.describe(
				'Also delete the cookies of the current site (its host and parent domains, any path).',
			),
		cache: z
			.boolean()
			.default(false)
			.describe('Also empty the HTTP cache (Chromium only), so files are downloaded again.'),
	},
	async run(context, { cookies, cache }) {
		const cleared = await context.scope.evaluate(() => {
			if (window.location.origin === 'null')
				return { origin: 'null', url: window.location.href, hostname: '', local: 0, session: 0 };
			const counts = { local: window.localStorage.length, session: window.sessionStorage.length };
			window.localStorage.clear();
			window.sessionStorage.clear();
			return {
				origin: window.location.origin,
				url: window.location.href,
				hostname: window.location.hostname,
				...counts,
			};
		});
		assertWebOrigin(cleared.origin, cleared.url);
		let deletedCookies: number | undefined;
		if (cookies) {
			const host = cleared.hostname.toLowerCase();
			const own = (await context.context.cookies()).filter((cookie) => {
				const domain = cookie.domain.replace(/^\./, '').toLowerCase();
				return host === domain || host.endsWith(`.${domain}`);
			});
			for (const cookie of own)
				await context.context.clearCookies({
					name: cookie.name,
					domain: cookie.domain,
					path: cookie.path,
				});
			deletedCookies = own.length;
		}
		if (cache) {
			try {
				const cdp = await context.context.newCDPSession(context.page);
				try {
					await cdp.send('Network.clearBrowserCache');
				} finally {
					await cdp.detach().catch(() => undefined);
				}
			} catch (error) {
				throw new BrowserAgentError(
					'ACTION_FAILED',
					`Could not empty the HTTP cache: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
					{
						advice:
							'Emptying the cache needs a Chromium browser reached directly (launched, or over CDP or a Playwright server); leave "cache" off otherwise.',
						cause: error,
					},
				);
			}
		}
		return {
			result: {
				origin: cleared.origin,
				localStorageCleared: cleared.local,
				sessionStorageCleared: cleared.session,
				...(deletedCookies !== undefined && { cookiesDeleted: deletedCookies }),
				cacheCleared: cache,
			},
		};
	},
});
