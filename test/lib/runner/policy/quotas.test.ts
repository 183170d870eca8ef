import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SESSIONS_ENV, SessionPool } from '../../../../lib';
import { processSessionLimit } from '../../../../lib/runner/policy/quotas';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../../helpers/runner';

describe('policy: quotas and schemes in a real pool', () => {
	let env: RunnerEnvironment;
	before(async () => {
		// Refused at once here (no queue), to see the refusals; the queue has its own test below.
		env = await startRunnerEnvironment({ maxSessions: 3, quotaWaitMs: 0 });
	});
	after(() => env.close());

	it('refuses a session over the process limit until one closes', async () => {
		const keys = [env.key(), env.key(), env.key()];
		for (const key of keys)
			await env.pool.open(key, { environment: { policy: { scope: `process-${key.owner}` } } });
		const extra = env.key();
		const error = await failureOf(env.pool.run(extra, 'getPageInfo', {}));
		assert.equal(error.code, 'QUOTA_EXCEEDED');
		assert.match(error.message, /3 browser sessions are already open in this n8n process/);
		assert.equal(await env.pool.status(extra), undefined, 'no session was started');
		await env.pool.close(keys[0]);
		await env.pool.run(extra, 'getPageInfo', {});
		await Promise.all([...keys, extra].map((key) => env.pool.close(key)));
	});

	it('refuses a session over its credential’s limit, but not another credential’s', async () => {
		const policy = { scope: 'credential:a', maxConcurrentSessions: 1 };
		const first = env.key();
		await env.pool.open(first, { environment: { policy } });
		const error = await failureOf(env.pool.open(env.key(), { environment: { policy } }));
		assert.equal(error.code, 'QUOTA_EXCEEDED');
		assert.match(
			error.message,
			/1 browser sessions of this credential are already open, its limit \(Max Concurrent Sessions\)/,
		);
		const other = env.key();
		await env.pool.open(other, {
			environment: { policy: { scope: 'credential:b', maxConcurrentSessions: 1 } },
		});
		await env.pool.close(first);
		const again = env.key();
		await env.pool.open(again, { environment: { policy } });
		await Promise.all([other, again].map((key) => env.pool.close(key)));
	});

	it('stops a session at its action limits', async () => {
		const key = env.key();
		await env.pool.open(key, { environment: { policy: { maxActionsPerSession: 2 } } });
		await env.pool.run(key, 'getPageInfo', {});
		await env.pool.run(key, 'getPageInfo', {});
		const error = await failureOf(env.pool.run(key, 'getPageInfo', {}));
		assert.equal(error.code, 'QUOTA_EXCEEDED');
		assert.match(error.message, /Max Actions per Session/);
		await env.pool.close(key);

		const perMinute = env.key();
		await env.pool.open(perMinute, { environment: { policy: { maxActionsPerMinute: 2 } } });
		await env.pool.run(perMinute, 'getPageInfo', {});
		await env.pool.run(perMinute, 'getPageInfo', {});
		const tooFast = await failureOf(env.pool.run(perMinute, 'getPageInfo', {}));
		assert.equal(tooFast.code, 'QUOTA_EXCEEDED');
		assert.match(tooFast.message, /Max Actions per Minute/);
		await env.pool.close(perMinute);
	});

	it('refuses file:, data:, javascript: and chrome: addresses unless allowed', async () => {
		const key = env.key();
		for (const url of [
			'file:///etc/passwd',
			'data:text/html,<h1 id=x>data</h1>',
			'javascript:document.title="x"',
			'chrome://version',
		]) {
			const error = await failureOf(env.pool.run(key, 'navigate', { url }));
			assert.equal(error.code, 'NOT_ALLOWED', url);
			assert.equal(error.field, 'url');
			const tab = await failureOf(env.pool.run(key, 'openTab', { url }));
			assert.equal(tab.code, 'NOT_ALLOWED', url);
		}
		const download = await failureOf(env.pool.run(key, 'download', { url: 'file:///etc/passwd' }));
		assert.equal(download.code, 'NOT_ALLOWED');
		await env.pool.close(key);

		const allowed = env.key();
		await env.pool.open(allowed, {
			environment: { policy: { allowedSchemes: ['http', 'https', 'data'] } },
		});
		await env.pool.run(allowed, 'navigate', { url: 'data:text/html,<title>From data</title>' });
		const info = await env.pool.run<any>(allowed, 'getPageInfo', {});
		assert.equal(info.result.title, 'From data');
		await env.pool.close(allowed);
	});

	it('reports a broken policy as INVALID_INPUT naming the setting', async () => {
		const error = await failureOf(
			env.pool.open(env.key(), { environment: { policy: { allowedDomains: ['two words'] } } }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'allowedDomains.0');
		assert.match(error.advice, /Policy settings of the Browser Agent credential/);
	});
});

describe('policy: a burst over the session limit waits for places', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment({ maxSessions: 3, quotaWaitMs: 60_000 });
	});
	after(() => env.close());

	it('3× the limit at once: every session runs, never more than the limit open, each says how long it waited', async () => {
		let mostOpen = 0;
		const sampler = setInterval(() => {
			mostOpen = Math.max(mostOpen, env.pool.openSessionCount);
		}, 5);
		try {
			const keys = Array.from({ length: 9 }, () => env.key());
			const runs = await Promise.all(
				keys.map(async (key) => {
					await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
					const status = (await env.pool.status(key))!;
					await env.pool.close(key);
					return status;
				}),
			);
			assert.equal(runs.length, 9);
			assert.ok(mostOpen <= 3, `at most 3 open, saw ${mostOpen}`);
			const waited = runs.filter((status) => (status.queuedMs ?? 0) > 0);
			assert.ok(waited.length >= 6, `the 6 over the limit waited (${waited.length})`);
		} finally {
			clearInterval(sampler);
		}
	});

	it('a session whose caller gives up leaves the queue', async () => {
		const held = [env.key(), env.key(), env.key()];
		for (const key of held) await env.pool.open(key);
		const cancel = new AbortController();
		const waiting = failureOf(
			env.pool.run(env.key(), 'getPageInfo', {}, { signal: cancel.signal }),
		);
		await new Promise((resolve) => setTimeout(resolve, 200));
		cancel.abort(new Error('execution cancelled'));
		assert.match((await waiting).message, /execution cancelled/);
		// Its place was never taken: the next one gets the first free place.
		await env.pool.close(held[0]);
		const next = env.key();
		await env.pool.run(next, 'getPageInfo', {});
		await Promise.all([...held, next].map((key) => env.pool.close(key)));
	});
});

describe('policy: process session limit', () => {
	it(`comes from ${MAX_SESSIONS_ENV}, else 20`, () => {
		assert.equal(processSessionLimit({}), 20);
		assert.equal(processSessionLimit({ [MAX_SESSIONS_ENV]: '5' }), 5);
		assert.equal(processSessionLimit({ [MAX_SESSIONS_ENV]: '-1' }), 20);
		assert.equal(new SessionPool({ maxSessions: 2 }).openSessionCount, 0);
	});
});
