import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import type { SessionKey } from '../../../lib';

describe('importState (and exportState round trips)', () => {
	let env: RunnerEnvironment;
	let dataDir: string;
	const previousDataDir = process.env.BROWSER_AGENT_DATA_DIR;
	before(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'browser-agent-data-'));
		process.env.BROWSER_AGENT_DATA_DIR = dataDir;
		env = await startRunnerEnvironment();
	});
	after(async () => {
		await env.close();
		if (previousDataDir === undefined) delete process.env.BROWSER_AGENT_DATA_DIR;
		else process.env.BROWSER_AGENT_DATA_DIR = previousDataDir;
		rmSync(dataDir, { recursive: true, force: true });
	});

	async function logIn(key: SessionKey) {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		await (await env.page(key)).waitForURL('**/dashboard');
	}

	async function welcome(key: SessionKey): Promise<{ url: string; text?: string }> {
		const run = await env.pool.run<any>(key, 'navigate', { url: `${env.site.url}/dashboard` });
		if (!run.url.endsWith('/dashboard')) return { url: run.url };
		const text = await env.pool.run<any>(key, 'extractText', { selector: '#welcome' });
		return { url: run.url, text: text.result.text };
	}

	it('carries a login to a new owner’s session: export, import, /dashboard is logged in', async () => {
		const first = env.key();
		await logIn(first);
		await env.pool.run(first, 'setLocalStorage', { values: { theme: 'dark', token: 'abc123' } });
		const exported = await env.pool.run<any>(first, 'exportState', {});
		const { storageState } = exported.result;
		assert.equal(exported.result.cookieCount, 1);
		assert.ok(
			storageState.cookies.some((cookie: any) => cookie.name === 'session' && cookie.httpOnly),
		);
		assert.deepEqual(storageState.origins, [
			{
				origin: env.site.url,
				localStorage: [
					{ name: 'theme', value: 'dark' },
					{ name: 'token', value: 'abc123' },
				],
			},
		]);
		// What an n8n item carries is plain JSON.
		const carried = JSON.parse(JSON.stringify(storageState));

		const second = env.key();
		assert.match((await welcome(second)).url, /\/login$/, 'a new session starts logged out');
		const imported = await env.pool.run<any>(second, 'importState', { storageState: carried });
		assert.deepEqual(imported.result, {
			imported: true,
			source: 'item',
			cookieCount: 1,
			originCount: 1,
			replaced: false,
		});
		assert.deepEqual(await welcome(second), {
			url: `${env.site.url}/dashboard`,
			text: 'Welcome, admin',
		});
		const storage = await env.pool.run<any>(second, 'getLocalStorage', {});
		assert.deepEqual(storage.result.localStorage, { theme: 'dark', token: 'abc123' });
		// The imported state is masked in the session history.
		const record = (await env.pool.session(second))!.history.find(
			(entry) => entry.action === 'importState',
		)!;
		assert.equal(record.input.storageState, '[redacted]');
	});

	it('accepts the state as JSON text, or the whole Export State item', async () => {
		const first = env.key();
		await logIn(first);
		const { result } = await env.pool.run<any>(first, 'exportState', {});
		const asText = env.key();
		await env.pool.run(asText, 'importState', {
			storageState: JSON.stringify(result.storageState),
		});
		assert.equal((await welcome(asText)).text, 'Welcome, admin');
		const asItem = env.key();
		await env.pool.run(asItem, 'importState', { storageState: result });
		assert.equal((await welcome(asItem)).text, 'Welcome, admin');
	});

	it('adds to what the session has, and writes localStorage without visiting the site', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'setLocalStorage', { values: { keep: 'me', theme: 'light' } });
		const before = (await env.pool.session(key))!.context.pages().length;
		await env.pool.run(key, 'importState', {
			storageState: {
				cookies: [
					{
						name: 'extra',
						value: '1',
						domain: '127.0.0.1',
						path: '/',
						expires: -1,
						httpOnly: false,
						secure: false,
						sameSite: 'Lax',
					},
				],
				origins: [
					{ origin: env.site.url, localStorage: [{ name: 'theme', value: 'dark' }] },
					// Nothing listens there: the value is written without any request reaching a server.
					{
						origin: 'https://portal.example.invalid',
						localStorage: [{ name: 'remote', value: 'yes' }],
					},
				],
			},
		});
		const session = (await env.pool.session(key))!;
		assert.equal(session.context.pages().length, before, 'the temporary tab is closed again');
		assert.match((await env.page(key)).url(), /\/form$/, 'the current tab stays where it was');
		const storage = await env.pool.run<any>(key, 'getLocalStorage', {});
		assert.deepEqual(storage.result.localStorage, { keep: 'me', theme: 'dark' });
		const state = await session.context.storageState();
		assert.deepEqual(
			state.origins.find((origin) => origin.origin === 'https://portal.example.invalid')
				?.localStorage,
			[{ name: 'remote', value: 'yes' }],
		);
		const cookies = await env.pool.run<any>(key, 'getCookies', { name: 'extra' });
		assert.equal(cookies.result.count, 1);
	});

	it('with replace, drops what the session had before importing', async () => {
		const key = env.key();
		await logIn(key);
		await env.pool.run(key, 'setLocalStorage', { values: { old: 'value' } });
		await env.pool.run(key, 'importState', {
			storageState: {
				cookies: [],
				origins: [{ origin: env.site.url, localStorage: [{ name: 'fresh', value: '1' }] }],
			},
			replace: true,
		});
		assert.match((await welcome(key)).url, /\/login$/, 'the old login cookie is gone');
		const storage = await env.pool.run<any>(key, 'getLocalStorage', {});
		assert.deepEqual(storage.result.localStorage, { fresh: '1' });
	});

	it('saves a named profile (mode 0600) and imports it by name in another session', async () => {
		const first = env.key();
		await logIn(first);
		const exported = await env.pool.run<any>(first, 'exportState', { profile: 'acme-admin' });
		const file = join(dataDir, 'profiles', 'acme-admin.json');
		assert.equal(exported.result.profile, 'acme-admin');
		assert.equal(exported.result.savedTo, file);
		assert.equal(statSync(file).mode & 0o777, 0o600);
		assert.deepEqual(
			JSON.parse(readFileSync(file, 'utf8')),
			exported.result.storageState,
			'the file is a Playwright storage state',
		);

		const second = env.key();
		const imported = await env.pool.run<any>(second, 'importState', { profile: 'acme-admin' });
		assert.equal(imported.result.source, 'profile');
		assert.equal(imported.result.profile, 'acme-admin');
		assert.equal((await welcome(second)).text, 'Welcome, admin');

		// Saving again overwrites, and the file stays private.
		await env.pool.run(first, 'exportState', { profile: 'acme-admin' });
		assert.equal(statSync(file).mode & 0o777, 0o600);
	});

	it('rejects profile names that could leave the profiles folder', async () => {
		for (const profile of ['../evil', 'a/b', '..', 'x.json', '']) {
			const exported = await failureOf(env.pool.run(env.key(), 'exportState', { profile }));
			assert.equal(exported.code, 'INVALID_INPUT', profile);
			assert.equal(exported.field, 'profile');
			const imported = await failureOf(env.pool.run(env.key(), 'importState', { profile }));
			assert.equal(imported.code, 'INVALID_INPUT', profile);
		}
		assert.match(
			(await failureOf(env.pool.run(env.key(), 'exportState', { profile: '../evil' }))).message,
			/letters, digits, - and _/,
		);
	});

	it('says which profile is missing, and refuses a damaged profile file', async () => {
		const missing = await failureOf(env.pool.run(env.key(), 'importState', { profile: 'nobody' }));
		assert.equal(missing.code, 'INVALID_INPUT');
		assert.equal(missing.field, 'profile');
		assert.match(missing.message, /no saved profile "nobody"/);
		assert.match(missing.advice, /Export State/);
		mkdirSync(join(dataDir, 'profiles'), { recursive: true });
		writeFileSync(join(dataDir, 'profiles', 'broken.json'), '{ not json');
		const broken = await failureOf(env.pool.run(env.key(), 'importState', { profile: 'broken' }));
		assert.equal(broken.code, 'INVALID_INPUT');
		assert.match(broken.message, /not a valid storage state/);
	});

	it('needs exactly one of storageState and profile, and a well-formed state', async () => {
		const neither = await failureOf(env.pool.run(env.key(), 'importState', {}));
		assert.equal(neither.code, 'INVALID_INPUT');
		assert.equal(neither.field, 'storageState');
		const both = await failureOf(
			env.pool.run(env.key(), 'importState', { storageState: { cookies: [] }, profile: 'x' }),
		);
		assert.equal(both.code, 'INVALID_INPUT');
		const notJson = await failureOf(
			env.pool.run(env.key(), 'importState', { storageState: '{ cookies: oops' }),
		);
		assert.equal(notJson.code, 'INVALID_INPUT');
		assert.match(notJson.message, /storageState: not valid JSON/);
		const badOrigin = await failureOf(
			env.pool.run(env.key(), 'importState', {
				storageState: { origins: [{ origin: 'example.com/path', localStorage: [] }] },
			}),
		);
		assert.equal(badOrigin.field, 'storageState.origins.0.origin');
		const badCookie = await failureOf(
			env.pool.run(env.key(), 'importState', {
				storageState: { cookies: [{ name: 'a', value: 'b' }] },
			}),
		);
		assert.equal(badCookie.field, 'storageState.cookies.0.domain');
		assert.doesNotMatch(badCookie.message, /"b"/, 'cookie values are not quoted in errors');
	});
});
