import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import type { SessionKey } from '../../../lib';

describe('clearStorage', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function withStorage(): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'setLocalStorage', { values: { a: '1', b: '2' } });
		await env.pool.run(key, 'setLocalStorage', { values: { s: '1' }, storage: 'session' });
		await env.pool.run(key, 'setCookies', {
			cookies: [
				{ name: 'here', value: '1', url: env.site.url },
				{ name: 'deep', value: '1', domain: '127.0.0.1', path: '/api' },
				{ name: 'elsewhere', value: '1', url: 'https://other.example/' },
			],
		});
		return key;
	}

	it('empties localStorage and sessionStorage of the current site, keeping cookies', async () => {
		const key = await withStorage();
		const run = await env.pool.run<any>(key, 'clearStorage', {});
		assert.deepEqual(run.result, {
			origin: env.site.url,
			localStorageCleared: 2,
			sessionStorageCleared: 1,
			cacheCleared: false,
		});
		const after = await env.pool.run<any>(key, 'getLocalStorage', {});
		assert.deepEqual([after.result.localStorage, after.result.sessionStorage], [{}, {}]);
		assert.equal((await env.pool.run<any>(key, 'getCookies', {})).result.count, 3);
	});

	it('also deletes the current site’s cookies (any path), not other sites’, and empties the HTTP cache', async () => {
		const key = await withStorage();
		const run = await env.pool.run<any>(key, 'clearStorage', { cookies: true, cache: true });
		assert.equal(run.result.cookiesDeleted, 2);
		assert.equal(run.result.cacheCleared, true);
		const left = await env.pool.run<any>(key, 'getCookies', {});
		assert.deepEqual(
			left.result.cookies.map((cookie: any) => cookie.name),
			['elsewhere'],
		);
	});

	it('fails with advice on a page without a web origin', async () => {
		const error = await failureOf(env.pool.run(env.key(), 'clearStorage', { cookies: true }));
		assert.equal(error.code, 'ACTION_FAILED');
		assert.match(error.advice, /Navigate/);
	});
});
