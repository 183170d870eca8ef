import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('getPageInfo', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('describes the tab: address, title, loading state, viewport, tabs and (no) dialogs', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.deepEqual(run.result, {
			url: `${env.site.url}/form`,
			title: run.title,
			readyState: 'complete',
			viewport: { width: 1280, height: 800 },
			deviceScaleFactor: 1,
			tabCount: 1,
			dialogPolicy: null,
			dialogs: [],
			dialogCount: 0,
		});
		assert.match(run.result.title, /Acme Finance/);
	});

	it('reports a page that is still loading, more tabs and a changed viewport', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/never-load`,
			waitUntil: 'domcontentloaded',
		});
		await env.pool.run(key, 'setViewport', { width: 700, height: 500 });
		const page = await env.page(key);
		await page.context().newPage();
		await env.pool.run(key, 'getPageInfo', {});
		const run = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.equal(
			run.result.readyState,
			'interactive',
			'the image that never arrives keeps the page from completing',
		);
		assert.deepEqual(run.result.viewport, { width: 700, height: 500 });
		assert.equal(run.result.tabCount, 2);
	});

	it('rejects input it does not know', async () => {
		const failure = await failureOf(env.pool.run(env.key(), 'getPageInfo', { selector: '#x' }));
		assert.equal(failure.code, 'INVALID_INPUT');
	});
});
