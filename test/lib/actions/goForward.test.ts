import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('goForward', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('goes forward again after going back, and says moved: false at the newest page', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const atNewest = await env.pool.run<any>(key, 'goForward', {});
		assert.deepEqual(
			[atNewest.result.moved, atNewest.result.url, atNewest.result.status],
			[false, `${env.site.url}/tables`, null],
		);

		await env.pool.run(key, 'goBack', {});
		const run = await env.pool.run<any>(key, 'goForward', { waitUntil: 'domcontentloaded' });
		assert.equal(run.result.moved, true);
		assert.equal(run.result.url, `${env.site.url}/tables`);
		assert.equal(run.result.status, 200);
		assert.equal(run.result.title, 'Reports - Acme Finance');
	});

	it('fails with TIMEOUT when the next page does not load in time, and rejects bad input', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/never-load`,
			waitUntil: 'domcontentloaded',
		});
		await env.pool.run(key, 'goBack', {});
		const failure = await failureOf(env.pool.run(key, 'goForward', { timeoutMs: 800 }));
		assert.equal(failure.code, 'TIMEOUT');
		const bad = await failureOf(env.pool.run(key, 'goForward', { timeoutMs: 0 }));
		assert.equal(bad.code, 'INVALID_INPUT');
		assert.equal(bad.field, 'timeoutMs');
	});
});
