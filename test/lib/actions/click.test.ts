import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('click', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('submits the login form and lands on the dashboard', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		const page = await env.page(key);
		await page.waitForURL('**/dashboard');
		assert.equal(await page.textContent('#welcome'), 'Welcome, admin');
	});

	it('waits for an element that appears late, and for a button that becomes enabled', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=700` });
		await env.pool.run(key, 'click', { selector: '#late-button', timeoutMs: 5_000 });
		assert.equal(await (await env.page(key)).textContent('#late-result'), 'clicked');
		await env.pool.run(key, 'click', { selector: '#disabled-then-enabled', timeoutMs: 5_000 });
	});

	it('accepts XPath, text= and role= selectors', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'click', { selector: '//button[@id="counter"]' });
		await env.pool.run(key, 'click', { selector: 'xpath=//button[@id="counter"]' });
		await env.pool.run(key, 'click', { selector: '#counter' });
		assert.match((await (await env.page(key)).textContent('#click-log'))!, /click:3/);
		const roleRun = await env.pool.run(key, 'click', {
			selector: 'role=button[name="Save profile"]',
		});
		assert.deepEqual(roleRun.result, { clicked: true });
	});

	it('double clicks and right clicks', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'click', { selector: '#counter', clickCount: 2 });
		await env.pool.run(key, 'click', { selector: '#counter', button: 'right' });
		const log = (await (await env.page(key)).textContent('#click-log'))!;
		assert.match(log, /dblclick:1/);
		assert.match(log, /contextmenu:1/);
	});

	it('fails with ELEMENT_NOT_FOUND naming the selector when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: '#does-not-exist', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.selector, '#does-not-exist');
		assert.equal(error.action, 'click');
		assert.match(error.message, /#does-not-exist/);
		assert.match(error.advice, /selector/);
	});

	it('fails with TIMEOUT saying what it saw when the element never becomes clickable', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=60000` });
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: '#disabled-then-enabled', timeoutMs: 600 }),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.match(error.message, /not enabled|disabled/i);
	});

	it('refuses an ambiguous selector unless an index picks the match', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(env.pool.run(key, 'click', { selector: 'input[name="plan"]' }));
		assert.equal(error.code, 'ELEMENT_AMBIGUOUS');
		assert.match(error.advice, /Index/);
		await env.pool.run(key, 'click', { selector: 'input[name="plan"]', index: 1 });
		assert.equal(await (await env.page(key)).isChecked('#plan-pro'), true);
	});

	describe('waitUntilAfter: a page the click opens', () => {
		/** Opens the reports page whose links lead to a report that takes `ms` to finish loading. */
		async function reports(ms = 1_500) {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/slow-links?ms=${ms}` });
			return key;
		}
		const heading = (key: ReturnType<RunnerEnvironment['key']>) =>
			env.pool
				.run<any>(key, 'extractText', { selector: 'h1' })
				.then((run) => run.result.text as string);

		it('by default returns as soon as the new page starts showing: an extract sees "Loading…"', async () => {
			const key = await reports();
			const run = await env.pool.run<any>(key, 'click', { selector: '#slow-link' });
			assert.deepEqual(run.result, { clicked: true });
			assert.equal(await heading(key), 'Loading…');
		});

		it('with load, returns once the page it opened has loaded: the next extract sees it', async () => {
			const key = await reports();
			const run = await env.pool.run<any>(key, 'click', {
				selector: '#slow-link',
				waitUntilAfter: 'load',
			});
			assert.equal(await heading(key), 'Report ready');
			assert.equal(run.result.navigation.navigated, true);
			assert.match(run.result.navigation.url, /\/slow-page\?ms=1500$/);
		});

		it('waits for loads a script or a form submit starts too', async () => {
			for (const selector of ['#slow-js', '#slow-submit']) {
				const key = await reports(800);
				await env.pool.run(key, 'click', { selector, waitUntilAfter: 'load' });
				assert.equal(await heading(key), 'Report ready', selector);
			}
		});

		it('with networkidle, also waits for the data a page fetches after it loaded', async () => {
			const key = await reports(1_000);
			await env.pool.run(key, 'click', {
				selector: '#slow-fetch-link',
				waitUntilAfter: 'networkidle',
			});
			const page = await env.page(key);
			assert.equal(await page.getAttribute('#slow-status', 'data-status'), 'loaded');
		});

		it('returns promptly, without a fixed wait, when the click opens no page (or only a download)', async (t) => {
			const key = await reports();
			const plain = await timed(() => env.pool.run<any>(key, 'click', { selector: '#stay' }));
			const waiting = await timed(() =>
				env.pool.run<any>(key, 'click', { selector: '#stay', waitUntilAfter: 'load' }),
			);
			t.diagnostic(`click ${plain.ms} ms, with waitUntilAfter ${waiting.ms} ms`);
			assert.deepEqual(waiting.value.result, { clicked: true, navigation: { navigated: false } });
			// One round trip through the page (tens of ms when idle), never a fixed delay; the margin is for busy machines.
			assert.ok(
				waiting.ms < plain.ms + 1_000,
				`took ${waiting.ms} ms (plain click ${plain.ms} ms)`,
			);
			const download = await env.pool.run<any>(key, 'click', {
				selector: '#pdf-link',
				waitUntilAfter: 'load',
			});
			assert.deepEqual(download.result.navigation, { navigated: false });
			assert.equal(await heading(key), 'Reports');
		});

		it('fails with TIMEOUT on waitUntilAfter when the page it opened never finishes loading', async () => {
			const key = await reports();
			const error = await failureOf(
				env.pool.run(key, 'click', {
					selector: '#never-load-link',
					waitUntilAfter: 'load',
					// Long enough for the click on a busy machine; the load never comes anyway.
					timeoutMs: 4_000,
				}),
			);
			assert.equal(error.code, 'TIMEOUT');
			assert.equal(error.field, 'waitUntilAfter');
			assert.match(error.message, /did not reach "load" within 4000 ms/);
		});
	});
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const started = performance.now();
	const value = await work();
	return { value, ms: Math.round(performance.now() - started) };
}
