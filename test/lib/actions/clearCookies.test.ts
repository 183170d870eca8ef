import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import type { SessionKey } from '../../../lib';

describe('clearCookies', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function withCookies(): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'setCookies', {
			cookies: [
				{ name: 'session', value: '1', url: 'https://one.example/' },
				{ name: 'theme', value: 'dark', url: 'https://one.example/' },
				{ name: 'session', value: '2', domain: '.two.example', path: '/' },
			],
		});
		return key;
	}

	async function remaining(key: SessionKey): Promise<string[]> {
		const run = await env.pool.run<any>(key, 'getCookies', {});
		return run.result.cookies.map((cookie: any) => `${cookie.name}@${cookie.domain}`).sort();
	}

	it('deletes every cookie without a filter', async () => {
		const key = await withCookies();
		const run = await env.pool.run<any>(key, 'clearCookies', {});
		assert.deepEqual(run.result, { deleted: 3, remaining: 0 });
	});

	it('deletes by name, by domain (leading dot or not), or both', async () => {
		const byName = await withCookies();
		assert.deepEqual(
			(await env.pool.run<any>(byName, 'clearCookies', { name: 'session' })).result,
			{ deleted: 2, remaining: 1 },
		);
		assert.deepEqual(await remaining(byName), ['theme@one.example']);

		const byDomain = await withCookies();
		assert.equal(
			(await env.pool.run<any>(byDomain, 'clearCookies', { domain: 'two.example' })).result.deleted,
			1,
		);
		assert.deepEqual(await remaining(byDomain), ['session@one.example', 'theme@one.example']);

		const both = await withCookies();
		assert.equal(
			(await env.pool.run<any>(both, 'clearCookies', { name: 'session', domain: '.one.example' }))
				.result.deleted,
			1,
		);
		assert.deepEqual(await remaining(both), ['session@.two.example', 'theme@one.example']);
	});

	it('deletes nothing when nothing matches', async () => {
		const key = await withCookies();
		assert.deepEqual((await env.pool.run<any>(key, 'clearCookies', { domain: 'example' })).result, {
			deleted: 0,
			remaining: 3,
		});
	});
});
