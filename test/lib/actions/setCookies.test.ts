import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('setCookies', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('adds cookies the site then receives, given as JSON text', async () => {
		const key = env.key();
		const run = await env.pool.run<any>(key, 'setCookies', {
			cookies: JSON.stringify([
				{ name: 'consent', value: 'yes', url: env.site.url },
				{
					name: 'prefs',
					value: 42,
					domain: '127.0.0.1',
					path: '/',
					httpOnly: true,
					sameSite: 'Strict',
					expires: Math.floor(Date.now() / 1000) + 3600,
				},
			]),
		});
		assert.deepEqual(run.result, { count: 2, names: ['consent', 'prefs'] });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		assert.equal(
			await page.evaluate(() => document.cookie),
			'consent=yes',
			'the HttpOnly cookie is hidden from scripts',
		);
		const sent = await page.evaluate(
			async (url) => (await fetch(url)).status,
			`${env.site.url}/api/data`,
		);
		assert.equal(sent, 200);
		const cookies = await (await env.pool.session(key))!.context.cookies(env.site.url);
		const prefs = cookies.find((cookie) => cookie.name === 'prefs')!;
		assert.equal(prefs.value, '42');
		assert.equal(prefs.httpOnly, true);
		assert.equal(prefs.sameSite, 'Strict');
		assert.ok(prefs.expires > Date.now() / 1000);
	});

	it('replaces a cookie of the same name, domain and path; one object is enough', async () => {
		const key = env.key();
		await env.pool.run(key, 'setCookies', {
			cookies: { name: 'n', value: 'old', url: 'https://shop.example/' },
		});
		await env.pool.run(key, 'setCookies', {
			cookies: [{ name: 'n', value: 'new', domain: 'shop.example', path: '/' }],
		});
		const cookies = await env.pool.run<any>(key, 'getCookies', { name: 'n' });
		assert.deepEqual(
			cookies.result.cookies.map((cookie: any) => cookie.value),
			['new'],
		);
	});

	it('needs a url, or a domain and a path, on every cookie; masks values in history', async () => {
		const key = env.key();
		const noPlace = await failureOf(
			env.pool.run(key, 'setCookies', {
				cookies: [
					{ name: 'ok', value: '1', url: 'https://a.example/' },
					{ name: 'x', value: 'secret-value' },
				],
			}),
		);
		assert.equal(noPlace.code, 'INVALID_INPUT');
		assert.equal(noPlace.field, 'cookies.1.url');
		assert.match(noPlace.message, /url .* or a domain and a path/);
		assert.doesNotMatch(noPlace.message, /secret-value/);
		const noPath = await failureOf(
			env.pool.run(key, 'setCookies', {
				cookies: [{ name: 'x', value: '1', domain: 'a.example' }],
			}),
		);
		assert.equal(noPath.field, 'cookies.0.path');
		const both = await failureOf(
			env.pool.run(key, 'setCookies', {
				cookies: [
					{ name: 'x', value: '1', url: 'https://a.example/', domain: 'a.example', path: '/' },
				],
			}),
		);
		assert.equal(both.field, 'cookies.0.url');
		const empty = await failureOf(env.pool.run(key, 'setCookies', { cookies: [] }));
		assert.equal(empty.field, 'cookies');
		const badJson = await failureOf(env.pool.run(key, 'setCookies', { cookies: '[{"name": ' }));
		assert.match(badJson.message, /cookies: not valid JSON/);

		await env.pool.run(key, 'setCookies', {
			cookies: [{ name: 'token', value: 'secret-value', url: 'https://a.example/' }],
		});
		const record = (await env.pool.session(key))!.history.at(-1)!;
		assert.equal(record.input.cookies, '[redacted]');
	});
});
