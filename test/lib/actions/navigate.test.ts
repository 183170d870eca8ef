import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	failureOf,
	startRunnerEnvironment,
	unreachableUrl,
	type RunnerEnvironment,
} from '../../helpers/runner';

describe('navigate', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('opens a page and reports the final URL, title and HTTP status', async () => {
		const run = await env.pool.run(env.key(), 'navigate', { url: `${env.site.url}/login` });
		assert.deepEqual(run.result, {
			url: `${env.site.url}/login`,
			title: run.title,
			status: 200,
			ok: true,
		});
		assert.match(run.title, /Sign in/i);
		assert.equal(run.url, `${env.site.url}/login`);
	});

	it('follows redirects: the dashboard without login ends on the login page', async () => {
		const run = await env.pool.run<any>(env.key(), 'navigate', {
			url: `${env.site.url}/dashboard`,
		});
		assert.equal(run.result.url, `${env.site.url}/login`);
	});

	it('reports an HTTP error status without failing', async () => {
		const run = await env.pool.run<any>(env.key(), 'navigate', {
			url: `${env.site.url}/no-such-page`,
		});
		assert.equal(run.result.status, 404);
		assert.equal(run.result.ok, false);
	});

	it('waits only as far as waitUntil says', async () => {
		const key = env.key();
		// The image on /never-load never arrives: DOMContentLoaded fires, load does not.
		const run = await env.pool.run<any>(key, 'navigate', {
			url: `${env.site.url}/never-load`,
			waitUntil: 'domcontentloaded',
			timeoutMs: 5_000,
		});
		assert.equal(run.result.status, 200);
		const error = await failureOf(
			env.pool.run(key, 'navigate', {
				url: `${env.site.url}/never-load`,
				waitUntil: 'load',
				timeoutMs: 800,
			}),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.equal(error.action, 'navigate');
		assert.match(error.message, /800 ms/);
	});

	it('fails with TIMEOUT on a page that never finishes loading', async () => {
		const error = await failureOf(
			env.pool.run(env.key(), 'navigate', { url: `${env.site.url}/never`, timeoutMs: 700 }),
		);
		assert.equal(error.code, 'TIMEOUT');
	});

	it('fails with NAVIGATION_FAILED and the network error when the server is unreachable', async () => {
		const error = await failureOf(
			env.pool.run(env.key(), 'navigate', { url: await unreachableUrl() }),
		);
		assert.equal(error.code, 'NAVIGATION_FAILED');
		assert.match(error.message, /ERR_CONNECTION_REFUSED/);
		assert.ok(error.advice);
	});

	it('retries transient failures with backoff when asked, and records the attempts', async () => {
		const key = env.key();
		const error = await failureOf(
			env.pool.run(key, 'navigate', { url: await unreachableUrl(), retries: 2 }),
		);
		assert.equal(error.code, 'NAVIGATION_FAILED');
		const session = await env.pool.session(key);
		assert.equal(session!.history.at(-1)!.attempts, 3);
	});

	it('rejects a malformed URL before any browser is touched', async () => {
		const key = env.key();
		const error = await failureOf(
			env.pool.run(key, 'navigate', { url: 'portal.example.com/login' }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'url');
		assert.equal(await env.pool.status(key), undefined, 'no session was opened for invalid input');
	});

	it('rejects unknown and wrongly typed fields, naming them', async () => {
		const wrongType = await failureOf(
			env.pool.run(env.key(), 'navigate', { url: env.site.url, waitUntil: 'forever' }),
		);
		assert.equal(wrongType.code, 'INVALID_INPUT');
		assert.equal(wrongType.field, 'waitUntil');
		const unknown = await failureOf(
			env.pool.run(env.key(), 'navigate', { url: env.site.url, wait: 'load' }),
		);
		assert.equal(unknown.code, 'INVALID_INPUT');
		assert.match(unknown.message, /wait/);
	});

	it('points to the Download operation when the URL is a file download', async () => {
		const error = await failureOf(
			env.pool.run(env.key(), 'navigate', { url: `${env.site.url}/files/statement.pdf` }),
		);
		assert.equal(error.code, 'NAVIGATION_FAILED');
		assert.match(error.advice, /Download/);
	});
});
