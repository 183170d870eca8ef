import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('getCookies', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('returns the login cookie the site set, with its flags', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		await (await env.page(key)).waitForURL('**/dashboard');
		const run = await env.pool.run<any>(key, 'getCookies', {});
		assert.equal(run.result.count, 1);
		const [cookie] = run.result.cookies;
		assert.equal(cookie.name, 'session');
		assert.match(cookie.value, /^[0-9a-f]+$/);
		assert.equal(cookie.domain, '127.0.0.1');
		assert.equal(cookie.path, '/');
		assert.equal(cookie.httpOnly, true);
		assert.equal(cookie.sameSite, 'Lax');
	});

	it('filters by URL and by name', async () => {
		const key = env.key();
		await env.pool.run(key, 'setCookies', {
			cookies: [
				{ name: 'a', value: '1', url: 'https://one.example/' },
				{ name: 'b', value: '2', url: 'https://one.example/' },
				{ name: 'a', value: '3', domain: 'two.example', path: '/app' },
			],
		});
		const all = await env.pool.run<any>(key, 'getCookies', {});
		assert.equal(all.result.count, 3);
		const one = await env.pool.run<any>(key, 'getCookies', { urls: 'https://one.example/page' });
		assert.deepEqual(one.result.cookies.map((cookie: any) => cookie.name).sort(), ['a', 'b']);
		const twoOutsidePath = await env.pool.run<any>(key, 'getCookies', {
			urls: ['https://two.example/'],
		});
		assert.equal(twoOutsidePath.result.count, 0, 'a cookie of path /app is not sent to /');
		const both = await env.pool.run<any>(key, 'getCookies', {
			urls: ['https://one.example/', 'https://two.example/app/x'],
			name: 'a',
		});
		assert.deepEqual(both.result.cookies.map((cookie: any) => cookie.value).sort(), ['1', '3']);
		const none = await env.pool.run<any>(key, 'getCookies', { name: 'missing' });
		assert.deepEqual(none.result, { cookies: [], count: 0 });
	});

	it('rejects a URL that is not absolute', async () => {
		const error = await failureOf(env.pool.run(env.key(), 'getCookies', { urls: ['example.com'] }));
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'urls.0');
		assert.match(error.message, /not a valid absolute URL/);
	});
});
