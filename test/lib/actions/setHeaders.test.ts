import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionKey } from '../../../lib';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('setHeaders', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	/** The headers the server received for a navigation to /echo/headers. */
	async function echoed(key: SessionKey, query = ''): Promise<Record<string, string>> {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/echo/headers${query}` });
		return JSON.parse((await env.pool.run<any>(key, 'extractText', {})).result.text);
	}

	/** The headers the server received for a fetch() the page makes. */
	async function fetched(key: SessionKey, path: string): Promise<Record<string, string>> {
		return (await env.page(key)).evaluate(async (url) => (await fetch(url)).json(), path);
	}

	it('adds headers to every request and echoes only their names', async () => {
		const key = env.key();
		const run = await env.pool.run<any>(key, 'setHeaders', {
			headers: { 'X-Trace-Id': 'run-42', 'X-Api-Key': 'secret-key' },
		});
		assert.deepEqual(run.result, {
			headerNames: ['X-Trace-Id', 'X-Api-Key'],
			urlPattern: null,
			ruleCount: 1,
		});
		const headers = await echoed(key);
		assert.equal(headers['x-trace-id'], 'run-42');
		assert.equal(headers['x-api-key'], 'secret-key');
		assert.equal(
			(await fetched(key, '/echo/headers'))['x-trace-id'],
			'run-42',
			'fetch() requests too',
		);
		const history = (await env.pool.session(key))!.history;
		assert.equal(
			history.find((record) => record.action === 'setHeaders')?.input.headers,
			'[redacted]',
		);
	});

	it('adds headers only to requests whose URL matches the pattern', async () => {
		const key = env.key();
		await env.pool.run(key, 'setHeaders', {
			headers: { 'X-Scoped': 'yes' },
			urlPattern: '*scoped=1*',
		});
		await env.pool.run(key, 'setHeaders', { headers: { 'X-Everywhere': 'yes' } });
		const plain = await echoed(key, '?scoped=0');
		assert.equal(plain['x-scoped'], undefined);
		assert.equal(plain['x-everywhere'], 'yes');
		const scoped = await fetched(key, '/echo/headers?scoped=1');
		assert.equal(scoped['x-scoped'], 'yes');
		assert.equal(scoped['x-everywhere'], 'yes');
	});

	it('overrides a header the browser sends, and keeps the login cookie', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		await (await env.page(key)).waitForURL('**/dashboard');
		await env.pool.run(key, 'setHeaders', { headers: { 'Accept-Language': 'de-CH' } });
		const headers = await echoed(key);
		assert.equal(headers['accept-language'], 'de-CH');
		assert.match(headers.cookie ?? '', /session=/);
		const dashboard = await env.pool.run<any>(key, 'navigate', {
			url: `${env.site.url}/dashboard`,
		});
		assert.equal(dashboard.url, `${env.site.url}/dashboard`);
	});

	it('keeps the headers the session was opened with', async () => {
		const key = env.key();
		await env.pool.open(key, { options: { extraHTTPHeaders: { 'X-Session': 'opened' } } });
		await env.pool.run(key, 'setHeaders', { headers: { 'X-Step': 'set' } });
		const headers = await echoed(key);
		assert.equal(headers['x-session'], 'opened');
		assert.equal(headers['x-step'], 'set');
	});

	it('replaces the headers of the same pattern; no headers removes them', async () => {
		const key = env.key();
		await env.pool.run(key, 'setHeaders', { headers: { 'X-One': '1' } });
		await env.pool.run(key, 'setHeaders', { headers: { 'X-Two': '2' } });
		const replaced = await echoed(key);
		assert.equal(replaced['x-one'], undefined);
		assert.equal(replaced['x-two'], '2');
		const removed = await env.pool.run<any>(key, 'setHeaders', {});
		assert.equal(removed.result.ruleCount, 0);
		assert.equal((await echoed(key))['x-two'], undefined);
	});

	it('rejects invalid header names and values', async () => {
		const name = await failureOf(
			env.pool.run(env.key(), 'setHeaders', { headers: { 'X Trace': '1' } }),
		);
		assert.equal(name.code, 'INVALID_INPUT');
		assert.match(name.field, /^headers/);
		const value = await failureOf(
			env.pool.run(env.key(), 'setHeaders', { headers: { 'X-Trace': 'a\r\nInjected: 1' } }),
		);
		assert.equal(value.code, 'INVALID_INPUT');
		assert.equal(value.field, 'headers.X-Trace');
		assert.doesNotMatch(value.message, /Injected/, 'the value is not echoed');
	});
});
