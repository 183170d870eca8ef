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

	it('opens a page and reports the final URL, title, HTTP status and response headers', async () => {
		const run = await env.pool.run<any>(env.key(), 'navigate', { url: `${env.site.url}/login` });
		const { headers, ...rest } = run.result;
		assert.deepEqual(rest, {
			url: `${env.site.url}/login`,
			title: run.title,
			status: 200,
			ok: true,
		});
		assert.equal(headers['content-type'], 'text/html; charset=utf-8');
		assert.equal(headers['cache-control'], 'no-store');
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
		assert.equal(run.result.headers['content-type'], 'text/html; charset=utf-8');
	});

	it('fails with NAVIGATION_FAILED on an HTTP error status when failOnHttpError is on', async () => {
		const key = env.key();
		const url = `${env.site.url}/no-such-page?from=test`;
		const error = await failureOf(env.pool.run(key, 'navigate', { url, failOnHttpError: true }));
		assert.equal(error.code, 'NAVIGATION_FAILED');
		assert.equal(error.action, 'navigate');
		assert.match(error.message, /HTTP status 404 Not Found/);
		assert.ok(error.message.includes(url), error.message);
		assert.match(error.advice, /Check the URL/);
		assert.match(error.advice, /Fail on HTTP Error/);
		const fine = await env.pool.run<any>(key, 'navigate', {
			url: `${env.site.url}/login`,
			failOnHttpError: true,
		});
		assert.equal(fine.result.ok, true, 'a page that loads fine still passes');
	});

	it('returns the main response’s headers with lower-case names', async () => {
		const run = await env.pool.run<any>(env.key(), 'navigate', {
			url: `${env.site.url}/echo/query`,
		});
		const { headers } = run.result;
		assert.equal(headers['x-acme-echo'], 'query', 'a header the page sent as X-Acme-Echo');
		assert.equal(headers['content-type'], 'application/json');
		for (const name of Object.keys(headers)) assert.equal(name, name.toLowerCase());
	});

	it('adds query parameters to the URL, encoded as URLSearchParams.append encodes them', async () => {
		const key = env.key();
		const added = [
			{ name: 'q', value: 'a b&c=d' },
			{ name: 'q', value: 'Zürich' },
			{ name: 'empty', value: '' },
		];
		const run = await env.pool.run<any>(key, 'navigate', {
			url: `${env.site.url}/echo/query?keep=a%20b#top`,
			queryParameters: added,
		});
		const expected = new URL(`${env.site.url}/echo/query?keep=a%20b`);
		for (const { name, value } of added) expected.searchParams.append(name, value);
		const received = JSON.parse(await (await env.page(key)).locator('body').innerText());
		assert.deepEqual(received.pairs, [
			['keep', 'a b'],
			['q', 'a b&c=d'],
			['q', 'Zürich'],
			['empty', ''],
		]);
		assert.equal(
			received.search,
			`?keep=a%20b&${new URLSearchParams(added.map(({ name, value }) => [name, value]))}`,
			'the query in the URL stays as written; the added pairs are form-encoded',
		);
		assert.equal(received.search, '?keep=a%20b&q=a+b%26c%3Dd&q=Z%C3%BCrich&empty=');
		assert.equal(run.result.url, `${env.site.url}/echo/query${received.search}#top`);

		const unnamed = await failureOf(
			env.pool.run(key, 'navigate', {
				url: env.site.url,
				queryParameters: [{ name: '', value: 'x' }],
			}),
		);
		assert.equal(unnamed.code, 'INVALID_INPUT');
		assert.equal(unnamed.field, 'queryParameters.0.name');
	});

	it('waits for networkidle0 as for networkidle: no request open for 500 ms', async () => {
		const key = env.key();
		const started = Date.now();
		const run = await env.pool.run<any>(key, 'navigate', {
			url: `${env.site.url}/network-idle?hold=1500`,
			waitUntil: 'networkidle0',
		});
		assert.equal(run.result.status, 200);
		assert.ok(Date.now() - started >= 1_900, 'waited for the held request, then 500 ms');
		const error = await failureOf(
			env.pool.run(key, 'navigate', {
				url: `${env.site.url}/network-idle?hold=8000`,
				waitUntil: 'networkidle0',
				timeoutMs: 1_500,
			}),
		);
		assert.equal(error.code, 'TIMEOUT');
	});

	it('waits for networkidle2: at most two requests open for 500 ms', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const page = await env.page(key);
		const open = new Set<string>();
		page.on('request', (request) => {
			if (request.url().includes('/hold')) open.add(request.url());
		});
		page.on('requestfinished', (request) => open.delete(request.url()));
		page.on('requestfailed', (request) => open.delete(request.url()));

		// Two requests held for 8 s: almost idle as soon as the page is parsed, plus 500 ms.
		let started = Date.now();
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/network-idle?hold=8000,8001`,
			waitUntil: 'networkidle2',
		});
		let waited = Date.now() - started;
		assert.ok(waited >= 500 && waited < 4_000, `returned after ${waited} ms`);
		assert.equal(open.size, 2, 'both requests were still open');

		// Three: it waits until the short one ends (after 2 s), then 500 ms more.
		started = Date.now();
		await env.pool.run(key, 'navigate', {
			url: `${env.site.url}/network-idle?hold=2000,8002,8003`,
			waitUntil: 'networkidle2',
		});
		waited = Date.now() - started;
		assert.ok(waited >= 2_400 && waited < 6_000, `returned after ${waited} ms`);
		assert.deepEqual(
			[...open].map((url) => new URL(url).search).sort(),
			['?ms=8002', '?ms=8003'],
			'the 2 s request had ended, the two long ones had not',
		);

		// Three that stay open: TIMEOUT within the time limit, naming what was still loading.
		started = Date.now();
		const error = await failureOf(
			env.pool.run(key, 'navigate', {
				url: `${env.site.url}/network-idle?hold=9000,9001,9002`,
				waitUntil: 'networkidle2',
				timeoutMs: 2_000,
			}),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.equal(error.field, 'waitUntil');
		assert.match(error.message, /networkidle2/);
		assert.match(error.message, /3 requests were still open: GET .*\/hold\?ms=900\d/);
		assert.ok(Date.now() - started < 4_000, 'within its time limit');
	});

	it('turns the tab’s cache off for this and later page loads, and back on with useCache', async () => {
		const key = env.key();
		const token = `t${Date.now()}`;
		const url = `${env.site.url}/cache/page?v=${token}`;
		const served = async () =>
			(
				(await (await fetch(`${env.site.url}/cache/count?v=${token}`)).json()) as {
					requests: number;
				}
			).requests;
		await env.pool.run(key, 'navigate', { url });
		await env.pool.run(key, 'navigate', { url });
		assert.equal(await served(), 1, 'by default the script comes from the cache the second time');

		await env.pool.run(key, 'navigate', { url, useCache: false });
		assert.equal(await served(), 2, 'useCache false fetches it again');
		const tab = await env.page(key);
		await tab.goto(url);
		assert.equal(await served(), 3, 'a later page load in the tab still skips the cache');
		assert.equal(await tab.locator('#cache-heading').getAttribute('data-served'), '3');

		await env.pool.run(key, 'navigate', { url, useCache: true });
		await tab.goto(url);
		assert.equal(await served(), 3, 'useCache true uses the cache again');
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
