import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('reload', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('loads the page again and returns its URL, title and status', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		const page = await env.page(key);
		await page.locator('#api-status[data-status="loaded"]').waitFor();
		const before = Number(await page.locator('#api-status').getAttribute('data-version'));
		const run = await env.pool.run<any>(key, 'reload', {});
		assert.deepEqual(run.result, {
			url: `${env.site.url}/api-page`,
			title: 'Live data - Acme Finance',
			status: 200,
		});
		await page.locator('#api-status[data-status="loaded"]').waitFor();
		assert.ok(
			Number(await page.locator('#api-status').getAttribute('data-version')) > before,
			'the page fetched its data again',
		);
	});

	it('waits as asked: commit returns while a page that never finishes loading is still loading', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/never-load`,
			waitUntil: 'domcontentloaded',
		});
		const run = await env.pool.run<any>(key, 'reload', { waitUntil: 'commit' });
		assert.equal(run.result.status, 200);
		const failure = await failureOf(
			env.pool.run(key, 'reload', { waitUntil: 'load', timeoutMs: 800 }),
		);
		assert.equal(failure.code, 'TIMEOUT');
		assert.match(failure.message, /reload timed out after 800 ms/);
	});

	it('rejects an unknown wait condition', async () => {
		const failure = await failureOf(env.pool.run(env.key(), 'reload', { waitUntil: 'whenever' }));
		assert.equal(failure.code, 'INVALID_INPUT');
		assert.equal(failure.field, 'waitUntil');
	});
});
