import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('reload', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('loads the page again and returns its URL, title, status and headers', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		const page = await env.page(key);
		await page.locator('#api-status[data-status="loaded"]').waitFor();
		const before = Number(await page.locator('#api-status').getAttribute('data-version'));
		const run = await env.pool.run<any>(key, 'reload', {});
		const { headers, ...rest } = run.result;
		assert.deepEqual(rest, {
			url: `${env.site.url}/api-page`,
			title: 'Live data - Acme Finance',
			status: 200,
		});
		assert.equal(headers['content-type'], 'text/html; charset=utf-8');
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

	it('waits for networkidle2 and networkidle0 as Navigate does', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/network-idle?hold=1500,9000,9001`,
			waitUntil: 'domcontentloaded',
		});
		let started = Date.now();
		const run = await env.pool.run<any>(key, 'reload', { waitUntil: 'networkidle2' });
		let waited = Date.now() - started;
		assert.equal(run.result.status, 200);
		assert.ok(
			waited >= 1_900 && waited < 5_000,
			`three open: waited for one to end (${waited} ms)`,
		);
		const failure = await failureOf(
			env.pool.run(key, 'reload', { waitUntil: 'networkidle0', timeoutMs: 1_500 }),
		);
		assert.equal(failure.code, 'TIMEOUT', 'two requests stay open: never idle');
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/network-idle?hold=9000,9001`,
			waitUntil: 'domcontentloaded',
		});
		started = Date.now();
		await env.pool.run<any>(key, 'reload', { waitUntil: 'networkidle2' });
		waited = Date.now() - started;
		assert.ok(waited < 4_000, `two open count as almost idle (${waited} ms)`);
	});

	it('rejects an unknown wait condition', async () => {
		const failure = await failureOf(env.pool.run(env.key(), 'reload', { waitUntil: 'whenever' }));
		assert.equal(failure.code, 'INVALID_INPUT');
		assert.equal(failure.field, 'waitUntil');
	});
});
