import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('goBack', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('says moved: false, without failing, when there is no earlier page', async () => {
		const key = env.key();
		const run = await env.pool.run<any>(key, 'goBack', {});
		assert.equal(run.result.moved, false);
		assert.equal(run.result.status, null);
		assert.deepEqual(run.result.headers, {});
		assert.equal(run.result.url, 'about:blank');
	});

	it('returns to the previous page with its URL, title and status', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const run = await env.pool.run<any>(key, 'goBack', {});
		assert.equal(run.result.moved, true);
		assert.equal(run.result.url, `${env.site.url}/form`);
		assert.equal(run.result.status, 200);
		assert.equal(run.result.headers['content-type'], 'text/html; charset=utf-8');
		assert.equal(run.title, run.result.title);
		assert.match(run.result.title, /Acme Finance/);
	});

	it('counts a step back within the same document (history.pushState) as a move', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await (await env.page(key)).evaluate(() => history.pushState({}, '', '/form?step=2'));
		const run = await env.pool.run<any>(key, 'goBack', {});
		assert.equal(run.result.moved, true);
		assert.equal(run.result.url, `${env.site.url}/form`);
		assert.equal(run.result.status, null, 'no new document, so no HTTP status');
	});

	it('waits for networkidle2 on the page it returns to', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/network-idle?hold=1500,9000,9001`,
			waitUntil: 'domcontentloaded',
		});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const started = Date.now();
		const run = await env.pool.run<any>(key, 'goBack', { waitUntil: 'networkidle2' });
		const waited = Date.now() - started;
		assert.equal(run.result.moved, true);
		assert.ok(waited >= 1_900 && waited < 5_000, `waited for one of three to end (${waited} ms)`);
		const stay = await env.pool.run<any>(env.key(), 'goBack', { waitUntil: 'networkidle2' });
		assert.equal(stay.result.moved, false, 'no earlier page: nothing to wait for');
	});

	it('fails with TIMEOUT when the earlier page does not load in time, and rejects bad input', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/never-load`,
			waitUntil: 'domcontentloaded',
		});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const failure = await failureOf(env.pool.run(key, 'goBack', { timeoutMs: 800 }));
		assert.equal(failure.code, 'TIMEOUT');
		const bad = await failureOf(env.pool.run(key, 'goBack', { waitUntil: 'soon' }));
		assert.equal(bad.code, 'INVALID_INPUT');
		assert.equal(bad.field, 'waitUntil');
	});
});
