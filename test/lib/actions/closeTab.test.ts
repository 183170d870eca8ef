import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('closeTab', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('closes the current popup; the tab that opened it becomes current', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/form`, switchTo: false });
		await env.pool.run(key, 'waitForPopup', { selector: '#window-open' });
		const run = await env.pool.run<any>(key, 'closeTab', {});
		assert.deepEqual(run.result.closed, {
			index: 2,
			url: `${env.site.url}/popup?via=js`,
			title: 'Popup',
			current: false,
		});
		assert.deepEqual(run.result.tab, {
			index: 0,
			url: `${env.site.url}/tabs`,
			title: 'Tabs - Acme Finance',
			current: true,
		});
		assert.equal(run.result.tabCount, 2);
		assert.equal(run.result.openedNewTab, false);
		assert.equal(run.url, `${env.site.url}/tabs`);
		await env.pool.run(key, 'click', { selector: '#window-open' });
	});

	it('closes the current tab; the one before it becomes current', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/tables` });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/tabs` });
		await env.pool.run(key, 'switchTab', { index: 1 });
		const run = await env.pool.run<any>(key, 'closeTab', {});
		assert.equal(run.result.closed.url, `${env.site.url}/tables`);
		assert.equal(run.result.tab.url, `${env.site.url}/form`);
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: 'h1' })).result.text,
			'Profile',
		);
	});

	it('closes another tab by index and stays where it is', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/tables` });
		const run = await env.pool.run<any>(key, 'closeTab', { index: 0 });
		assert.equal(run.result.closed.url, `${env.site.url}/form`);
		assert.deepEqual(run.result.tab, {
			index: 0,
			url: `${env.site.url}/tables`,
			title: 'Reports - Acme Finance',
			current: true,
		});
		assert.equal(run.result.tabCount, 1);
		assert.equal(run.url, `${env.site.url}/tables`);
	});

	it('closing the last tab opens a fresh one, so the session stays usable', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'closeTab', {});
		assert.equal(run.result.openedNewTab, true);
		assert.deepEqual(run.result.tab, { index: 0, url: 'about:blank', title: '', current: true });
		assert.equal(run.result.tabCount, 1);
		const next = await env.pool.run<any>(key, 'navigate', { url: `${env.site.url}/tables` });
		assert.equal(next.result.title, 'Reports - Acme Finance');
		assert.equal((await env.pool.status(key))?.state, 'idle');
	});

	it('fails with INVALID_INPUT for an index with no tab', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(env.pool.run(key, 'closeTab', { index: 1 }));
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'index');
		assert.match(error.advice, /0: Profile/);
	});
});
