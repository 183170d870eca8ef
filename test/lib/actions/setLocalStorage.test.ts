import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('setLocalStorage', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('writes localStorage of the current site, which the page and later pages see', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'setLocalStorage', {
			values: { theme: 'dark', settings: { compact: true }, visits: 3 },
		});
		assert.deepEqual(run.result, {
			origin: env.site.url,
			storage: 'local',
			keys: ['theme', 'settings', 'visits'],
			written: 3,
			total: 3,
		});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const seen = await (await env.page(key)).evaluate(() => ({ ...localStorage }));
		assert.deepEqual(seen, { theme: 'dark', settings: '{"compact":true}', visits: '3' });
	});

	it('writes sessionStorage, keeps other keys, or clears them first', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'setLocalStorage', {
			values: '{"a": "1", "b": "2"}',
			storage: 'session',
		});
		await env.pool.run(key, 'setLocalStorage', { values: { c: '3' }, storage: 'session' });
		const page = await env.page(key);
		assert.deepEqual(await page.evaluate(() => ({ ...sessionStorage })), {
			a: '1',
			b: '2',
			c: '3',
		});
		assert.deepEqual(
			await page.evaluate(() => ({ ...localStorage })),
			{},
			'localStorage is untouched',
		);
		const cleared = await env.pool.run<any>(key, 'setLocalStorage', {
			values: { only: 'this' },
			storage: 'session',
			clear: true,
		});
		assert.equal(cleared.result.total, 1);
		assert.deepEqual(await page.evaluate(() => ({ ...sessionStorage })), { only: 'this' });
	});

	it('fails on a page without a web origin, and on bad input', async () => {
		const blank = await failureOf(
			env.pool.run(env.key(), 'setLocalStorage', { values: { a: '1' } }),
		);
		assert.equal(blank.code, 'ACTION_FAILED');
		assert.match(blank.message, /no web origin/);
		assert.match(blank.advice, /Navigate/);
		const badStorage = await failureOf(
			env.pool.run(env.key(), 'setLocalStorage', { values: { a: '1' }, storage: 'cookie' }),
		);
		assert.equal(badStorage.field, 'storage');
		const badJson = await failureOf(
			env.pool.run(env.key(), 'setLocalStorage', { values: 'theme=dark' }),
		);
		assert.equal(badJson.field, 'values');
		assert.match(badJson.message, /not valid JSON/);
		const list = await failureOf(env.pool.run(env.key(), 'setLocalStorage', { values: ['a'] }));
		assert.equal(list.field, 'values');
	});
});
