import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogin, KeptLogins, SessionPool } from '../../../lib';
import { ADMIN_WELCOME, LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

const SECRET = 'a3f9c1e07b2d4e6f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d';

describe('KeptLogins: a login kept across a wait, for another process to open again', () => {
	let env: RunnerEnvironment;
	let folders: string;
	/** Each test's own folder. */
	let folder: string;
	let sessionCookie: string;

	before(async () => {
		env = await startRunnerEnvironment();
		folders = mkdtempSync(join(tmpdir(), 'kept-logins-test-'));
	});
	beforeEach(() => {
		folder = mkdtempSync(join(folders, 'test-'));
	});
	after(async () => {
		await env.close();
		rmSync(folders, { recursive: true, force: true });
	});

	/** A session signed in to the fixture site, on the reports page, opened with a few options. */
	async function signedIn() {
		const key = env.key();
		await env.pool.open(key, {
			options: {
				keepLoginAcrossWaits: true,
				locale: 'de-DE',
				viewport: { width: 900, height: 700 },
			},
		});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/dashboard?tab=reports` });
		const session = (await env.pool.session(key))!;
		sessionCookie = (await session.context.cookies()).find(
			(cookie) => cookie.name === 'session',
		)!.value;
		return session;
	}

	it('another process opens the session again from it: signed in, on the same page, with the same options', async () => {
		const logins = new KeptLogins({ folder, secret: SECRET });
		await logins.save('1042', 'default', await captureLogin(await signedIn()));

		const [file] = readdirSync(folder);
		assert.equal(statSync(join(folder, file)).mode & 0o777, 0o600, 'only n8n’s user may read it');
		const onDisk = readFileSync(join(folder, file), 'utf8');
		assert.ok(!onDisk.includes(sessionCookie), 'the session cookie is not on disk in the clear');
		assert.ok(!onDisk.includes('dashboard'), 'nor is the page');

		// Another process: its own pool, its own KeptLogins with the shared secret.
		const elsewhere = new SessionPool({ maxSessions: 5 });
		try {
			const login = await new KeptLogins({ folder, secret: SECRET }).take('1042', 'default');
			assert.ok(login);
			assert.equal(login.url, `${env.site.url}/dashboard?tab=reports`);
			assert.equal(login.options.locale, 'de-DE');
			const key = { owner: 'resumed-1042', name: 'default' };
			await elsewhere.open(key, {
				options: { ...login.options, storageState: login.storageState },
			});
			await elsewhere.run(key, 'navigate', { url: login.url });
			const welcome = await elsewhere.run(key, 'extractText', { selector: '#welcome' });
			assert.deepEqual(welcome.result, { text: ADMIN_WELCOME });
			const page = (await elsewhere.session(key))!.context.pages().at(-1)!;
			assert.deepEqual(page.viewportSize(), { width: 900, height: 700 });
			assert.equal(await page.evaluate(() => navigator.language), 'de-DE');
		} finally {
			await elsewhere.shutdown();
		}
		assert.deepEqual(readdirSync(folder), [], 'taken once: the file is gone');
		assert.equal(
			await new KeptLogins({ folder, secret: SECRET }).take('1042', 'default'),
			undefined,
		);
	});

	it('does not open with another key, nor for another execution or session', async () => {
		const logins = new KeptLogins({ folder, secret: SECRET });
		const login = await captureLogin(await signedIn());

		await logins.save('7', 'default', login);
		const wrongKey = await failureOf(
			new KeptLogins({ folder, secret: `${SECRET}0` }).take('7', 'default'),
		);
		assert.equal(wrongKey.code, 'SESSION_LOST');
		assert.match(wrongKey.message, /not encrypted with this n8n's key/);
		assert.match(wrongKey.advice, /N8N_ENCRYPTION_KEY/);

		// A file copied to another execution's name does not open there: the names are sealed in.
		await logins.save('8', 'default', login);
		const [eight] = readdirSync(folder);
		const sealed = readFileSync(join(folder, eight));
		rmSync(join(folder, eight));
		await logins.save('9', 'second', login);
		const [nine] = readdirSync(folder);
		writeFileSync(join(folder, nine), sealed);
		const moved = await failureOf(logins.take('9', 'second'));
		assert.equal(moved.code, 'SESSION_LOST');
	});

	it('forgets an execution’s logins when it ends, and logins no one came back for', async () => {
		const logins = new KeptLogins({ folder, secret: SECRET, maxAgeMs: 60_000 });
		const login = await captureLogin(await signedIn());
		await logins.save('20', 'default', login);
		await logins.save('20', 'second', login);
		await logins.save('21', 'default', login);
		await logins.discard('20');
		assert.equal(await logins.take('20', 'default'), undefined);
		assert.equal(await logins.take('20', 'second'), undefined);
		assert.ok(await logins.take('21', 'default'), 'another execution’s login stays');

		await logins.save('22', 'default', login);
		const [old] = readdirSync(folder);
		const twoMinutesAgo = new Date(Date.now() - 120_000);
		utimesSync(join(folder, old), twoMinutesAgo, twoMinutesAgo);
		await logins.save('23', 'default', login);
		assert.equal(
			await logins.take('22', 'default'),
			undefined,
			'swept: older than the maximum age',
		);
		assert.ok(await logins.take('23', 'default'));
	});
});
