import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('getLocalStorage', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('returns localStorage and sessionStorage of the current site as objects', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await (
			await env.page(key)
		).evaluate(() => {
			localStorage.setItem('theme', 'dark');
			localStorage.setItem('cart', JSON.stringify([1, 2]));
			sessionStorage.setItem('step', '2');
		});
		const run = await env.pool.run<any>(key, 'getLocalStorage', {});
		assert.deepEqual(run.result, {
			origin: env.site.url,
			localStorage: { theme: 'dark', cart: '[1,2]' },
			sessionStorage: { step: '2' },
			localStorageCount: 2,
			sessionStorageCount: 1,
		});
	});

	it('returns empty objects for a site that stored nothing', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const run = await env.pool.run<any>(key, 'getLocalStorage', {});
		assert.deepEqual(run.result.localStorage, {});
		assert.deepEqual(run.result.sessionStorage, {});
	});

	it('fails with advice when no page of a site is open', async () => {
		const error = await failureOf(env.pool.run(env.key(), 'getLocalStorage', {}));
		assert.equal(error.code, 'ACTION_FAILED');
		assert.match(error.message, /about:blank/);
	});
});
