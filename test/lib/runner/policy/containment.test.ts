import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import type { PolicyInput, SessionKey, SessionStatus } from '../../../../lib';
import { ESCAPE_HOST } from '../../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../../helpers/runner';

/**
 * The escape pages of the fixture site reach for http://localhost:<port> (the same server under
 * another name) in every way a page can. With only 127.0.0.1 allowed, none may get through.
 */
describe('policy: a session cannot leave its allowed hosts', () => {
	let env: RunnerEnvironment;
	let otherOrigin: string;
	const onlySite: PolicyInput = { allowedDomains: ['127.0.0.1'] };

	before(async () => {
		env = await startRunnerEnvironment();
		otherOrigin = env.site.url.replace('127.0.0.1', ESCAPE_HOST);
	});
	after(() => env.close());

	async function open(policy: PolicyInput): Promise<SessionKey> {
		const key = env.key();
		await env.pool.open(key, { environment: { policy } });
		return key;
	}

	async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
		const deadline = Date.now() + 20_000;
		while (!(await check())) {
			if (Date.now() > deadline) assert.fail(`gave up waiting: ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	/** Waits until the policy has refused at least `count` requests to the escape host (no time assertions: a generous limit). */
	async function blockedAtLeast(key: SessionKey, count: number): Promise<SessionStatus> {
		const deadline = Date.now() + 20_000;
		for (;;) {
			const status = (await env.pool.status(key))!;
			if ((status.blockedByPolicy?.byHost[ESCAPE_HOST] ?? 0) >= count) return status;
			if (Date.now() > deadline)
				assert.fail(
					`expected ${count} requests to ${ESCAPE_HOST} refused, status: ${JSON.stringify(status.blockedByPolicy)}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	async function escaped(page: Page): Promise<boolean> {
		for (const frame of page.frames()) {
			if (
				(await frame
					.locator('#escaped, #leaf-heading, #popup-via')
					.count()
					.catch(() => 0)) > 0
			)
				return true;
		}
		return false;
	}

	it('control: without a host rule every escape route of the page works (so the checks below can fail)', async () => {
		const key = await open({});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/escape` });
		const page = await env.page(key);
		await page.locator('#escape-img-status[data-status="loaded"]').waitFor({ timeout: 20_000 });
		await page.locator('#escape-fetch[data-status="loaded"]').waitFor({ timeout: 20_000 });
		await page.frameLocator('#escape-frame').locator('#leaf-heading').waitFor({ timeout: 20_000 });
		const run = await env.pool.run(key, 'navigate', { url: `${env.site.url}/escape/redirect` });
		assert.equal(run.url, `${otherOrigin}/escape/landed`);
		assert.equal(
			(await env.pool.status(key))?.blockedByPolicy,
			undefined,
			'no host rule: requests are not checked',
		);
	});

	it('an allowed host may redirect to another allowed host', async () => {
		const key = await open({ allowedDomains: ['127.0.0.1', ESCAPE_HOST] });
		const run = await env.pool.run(key, 'navigate', { url: `${env.site.url}/escape/redirect` });
		assert.equal(run.url, `${otherOrigin}/escape/landed`);
		assert.equal(run.title, 'Partner site');
		assert.deepEqual((await env.pool.status(key))?.blockedByPolicy, { total: 0, byHost: {} });
	});

	it('refuses the frame, image, fetch and WebSocket of another host, and counts them; the refused frame fails the navigation', async () => {
		const key = await open(onlySite);
		const error = await failureOf(env.pool.run(key, 'navigate', { url: `${env.site.url}/escape` }));
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(error.message, /frames\/leaf was not opened/);
		const page = await env.page(key);
		assert.equal(page.url(), `${env.site.url}/escape`, 'the page itself loaded');
		await page.locator('#escape-img-status[data-status="error"]').waitFor({ timeout: 20_000 });
		await page.locator('#escape-fetch[data-status="error"]').waitFor({ timeout: 20_000 });
		// Our close code: the socket never reached the server.
		await page.locator('#escape-ws:text("closed 1008")').waitFor({ timeout: 20_000 });
		const status = await blockedAtLeast(key, 4);
		assert.ok(status.blockedByPolicy!.total >= 4);
		assert.equal(await escaped(page), false, 'no content of the other host was shown');
	});

	it('a server redirect to another host fails the navigation with DOMAIN_NOT_ALLOWED naming the host', async () => {
		const key = await open(onlySite);
		const error = await failureOf(
			env.pool.run(key, 'navigate', { url: `${env.site.url}/escape/redirect` }),
		);
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(error.message, new RegExp(`host ${ESCAPE_HOST} is not on the Allowed Domains`));
		assert.equal(error.action, 'navigate');
		assert.equal(await escaped(await env.page(key)), false);
		await blockedAtLeast(key, 1);
	});

	it('a redirect chain that leaves the allowed hosts after an allowed hop fails with DOMAIN_NOT_ALLOWED and leaves nothing of the host', async () => {
		const key = await open(onlySite);
		// /escape/redirect-chain → /escape/redirect (same host) → the other host: Playwright routes only the first hop.
		const error = await failureOf(
			env.pool.run(key, 'navigate', { url: `${env.site.url}/escape/redirect-chain` }),
		);
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(error.message, new RegExp(`host ${ESCAPE_HOST} is not on the Allowed Domains`));
		const page = await env.page(key);
		// The egress proxy refused the hop: the tab shows its refusal, nothing of the host.
		assert.match(await page.locator('body').innerText(), /Blocked by the Browser Agent policy/);
		assert.equal(await escaped(page), false);
		await blockedAtLeast(key, 1);
		const next = await env.pool.run(key, 'navigate', { url: `${env.site.url}/popup` });
		assert.equal(next.title, 'Popup', 'the session carries on');
	});

	it('a navigation straight to another host is refused before the browser is asked', async () => {
		const key = await open(onlySite);
		const error = await failureOf(
			env.pool.run(key, 'navigate', { url: `${otherOrigin}/escape/landed` }),
		);
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.equal(error.field, 'url');
		assert.match(error.message, /host localhost /);
		assert.equal(
			(await env.pool.status(key))?.blockedByPolicy?.total,
			0,
			'nothing reached the browser',
		);
		const tab = await failureOf(env.pool.run(key, 'openTab', { url: `${otherOrigin}/popup` }));
		assert.equal(tab.code, 'DOMAIN_NOT_ALLOWED');
		assert.equal((await env.pool.status(key))?.tabs, 1, 'no tab was opened');
	});

	it('blocked domains win over allowed ones', async () => {
		const key = await open({ allowedDomains: ['*', '127.0.0.1'], blockedDomains: [ESCAPE_HOST] });
		const fine = await env.pool.run(key, 'navigate', { url: `${env.site.url}/popup` });
		assert.equal(fine.title, 'Popup');
		const error = await failureOf(
			env.pool.run(key, 'navigate', { url: `${env.site.url}/escape/redirect` }),
		);
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(error.message, /is on the Blocked Domains list/);
	});

	/** The first action that fails within 10 s: the one after a late popup reached its refused host. */
	async function nextActionFailure(key: SessionKey): Promise<{ code: string; message: string }> {
		const deadline = Date.now() + 10_000;
		for (;;) {
			const failure = await env.pool.run(key, 'getPageInfo', {}).then(
				() => undefined,
				(caught: { code: string; message: string }) => caught,
			);
			if (failure || Date.now() > deadline)
				return failure ?? { code: 'none', message: 'no action failed' };
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	it('contains a script redirect, a script navigation on click, popups and target=_blank links, failing the action that started them', async () => {
		const key = await open(onlySite);
		const redirect = await failureOf(
			env.pool.run(key, 'navigate', { url: `${env.site.url}/escape/js-redirect` }),
		);
		assert.equal(redirect.code, 'DOMAIN_NOT_ALLOWED');
		await blockedAtLeast(key, 1);
		assert.equal(await escaped(await env.page(key)), false, 'the script redirect did not land');

		await failureOf(env.pool.run(key, 'navigate', { url: `${env.site.url}/escape` }));
		const before = (await blockedAtLeast(key, 5)).blockedByPolicy!.byHost[ESCAPE_HOST];
		for (const selector of ['#escape-popup', '#escape-link-popup', '#escape-js']) {
			// The click fails, or (when the popup shows up only after the click returned, as on a busy
			// machine) the next action after the refusal does: the refusal is never lost.
			const error =
				(await env.pool.run(key, 'click', { selector }).then(
					() => undefined,
					(caught: { code: string; message: string }) => caught,
				)) ?? (await nextActionFailure(key));
			assert.equal(error.code, 'DOMAIN_NOT_ALLOWED', `${selector}: ${error.message}`);
			assert.match(error.message, /host localhost /);
		}
		await blockedAtLeast(key, before + 3);
		const session = (await env.pool.session(key))!;
		for (const page of session.context.pages()) assert.equal(await escaped(page), false);
	});

	it('a popup that opens after its click returned fails the next action: a popup asks for its page before its tab has a frame', async () => {
		const key = await open(onlySite);
		await failureOf(env.pool.run(key, 'navigate', { url: `${env.site.url}/escape` }));
		const blocked = (await blockedAtLeast(key, 1)).blockedByPolicy!.byHost[ESCAPE_HOST];
		await env.pool.run(key, 'click', { selector: '#escape-late-popup' });
		await blockedAtLeast(key, blocked + 1);
		const error = await failureOf(env.pool.run(key, 'getPageInfo', {}));
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(
			error.message,
			/^After the previous action the page went on to a refused address\./,
		);
		assert.match(error.message, /host localhost /);
		const after = await env.pool.run(key, 'getPageInfo', {});
		assert.match(
			String(after.url),
			/\/escape$/,
			'the refusal is reported once; the session carries on',
		);
	});

	it('a download link to another host fails with DOMAIN_NOT_ALLOWED, and so does a download URL that redirects there', async () => {
		const key = await open(onlySite);
		// The escape page's frame of the other host fails the navigation; the page is there all the same.
		await failureOf(env.pool.run(key, 'navigate', { url: `${env.site.url}/escape` }));
		const byClick = await failureOf(
			env.pool.run(key, 'download', { selector: '#escape-remote-download', timeoutMs: 5_000 }),
		);
		assert.equal(byClick.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(byClick.message, /host localhost /);

		const direct = await failureOf(
			env.pool.run(key, 'download', { url: `${otherOrigin}/files/statement.pdf` }),
		);
		assert.equal(direct.code, 'DOMAIN_NOT_ALLOWED');
		const redirected = await failureOf(
			env.pool.run(key, 'download', {
				url: `${env.site.url}/escape/redirect?to=${encodeURIComponent(otherOrigin)}`,
			}),
		);
		assert.equal(redirected.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(redirected.message, /host localhost /);
		// The same download from the allowed host works.
		const allowed = await env.pool.run(key, 'download', {
			url: `${env.site.url}/files/statement.pdf`,
		});
		assert.equal(allowed.files.length, 1);
	});
});
