import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import type { SessionKey } from '../../../lib';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** What a page can see of automation, and the User-Agent header the server received. */
async function signsOf(page: Page): Promise<Record<string, unknown>> {
	const seen = await page.evaluate(async () => ({
		webdriver: navigator.webdriver,
		webdriverOwn: 'webdriver' in navigator,
		userAgent: navigator.userAgent,
		outerAtLeastInner:
			window.outerWidth >= window.innerWidth && window.outerHeight >= window.innerHeight,
		getterLooksNative: String(
			Object.getOwnPropertyDescriptor(Navigator.prototype, 'webdriver')!.get,
		).includes('[native code]'),
		header: ((await (await fetch('/echo/headers')).json()) as Record<string, string>)['user-agent'],
	}));
	return seen;
}

describe('Session option stealth', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function openAt(options: Record<string, unknown>): Promise<SessionKey> {
		const key = env.key();
		await env.pool.open(key, { options });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		return key;
	}

	it('hides webdriver and "HeadlessChrome" in every page of the session, popups included', async () => {
		const key = await openAt({ stealth: true, viewport: { width: 1400, height: 900 } });
		const page = await env.page(key);
		const popup = page.context().waitForEvent('page');
		await page.click('#window-open');
		const opened = await popup;
		await opened.waitForLoadState();
		for (const [name, seen] of [
			['page', await signsOf(page)],
			['popup', await signsOf(opened)],
		] as const) {
			assert.equal(seen.webdriver, false, name);
			assert.equal(seen.webdriverOwn, true, name);
			assert.doesNotMatch(String(seen.userAgent), /Headless/, name);
			assert.match(String(seen.userAgent), / Chrome\/\d+\.0\.0\.0 /, name);
			assert.equal(seen.header, seen.userAgent, `${name}: the header says the same`);
			assert.equal(seen.outerAtLeastInner, true, name);
			assert.equal(seen.getterLooksNative, true, name);
		}
		assert.equal((await env.pool.session(key))!.options.stealth, true);
	});

	it('leaves the other sessions of the same browser as they are', async () => {
		await openAt({ stealth: true });
		const plain = await signsOf(await env.page(await openAt({})));
		assert.equal(plain.webdriver, true);
		assert.match(String(plain.userAgent), /HeadlessChrome\//);
		assert.equal(env.pool.browserCount, 1, 'one browser for both');
	});

	it('keeps the user agent the session or its device sets', async () => {
		const own = await signsOf(
			await env.page(await openAt({ stealth: true, userAgent: 'AcmeBot/2.0 (compatible)' })),
		);
		assert.equal(own.userAgent, 'AcmeBot/2.0 (compatible)');
		assert.equal(own.webdriver, false);
		const device = await signsOf(
			await env.page(await openAt({ stealth: true, device: 'Pixel 7' })),
		);
		assert.match(String(device.userAgent), /Android.*Pixel 7/);
		assert.equal(device.webdriver, false);
	});
});
