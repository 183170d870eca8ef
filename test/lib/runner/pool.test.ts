import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('SessionPool', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('gives every action of one owner the same session, opened lazily by the first action', async () => {
		const key = env.key();
		assert.equal(await env.pool.status(key), undefined);
		const first = await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const second = await env.pool.run(key, 'click', { selector: '#counter' });
		assert.equal(first.sessionId, second.sessionId);
		assert.equal(first.sessionName, 'default');
		assert.equal((await env.pool.status(key))!.state, 'idle');
	});

	it('keeps owners apart: cookies of one execution are not seen by another', async () => {
		const alice = env.key();
		const bob = env.key();
		await env.pool.run(alice, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(alice, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(alice, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(alice, 'click', { selector: '#login-submit' });
		await (await env.page(alice)).waitForURL('**/dashboard');
		const aliceRun = await env.pool.run<any>(alice, 'navigate', {
			url: `${env.site.url}/dashboard`,
		});
		const bobRun = await env.pool.run<any>(bob, 'navigate', { url: `${env.site.url}/dashboard` });
		assert.equal(aliceRun.result.url, `${env.site.url}/dashboard`);
		assert.equal(bobRun.result.url, `${env.site.url}/login`, 'the other owner is not logged in');
		assert.notEqual(aliceRun.sessionId, bobRun.sessionId);
	});

	it('keeps named sessions of one owner apart', async () => {
		const owner = env.key().owner;
		const main = await env.pool.run(owner ? { owner } : env.key(), 'navigate', {
			url: `${env.site.url}/form`,
		});
		const second = await env.pool.run({ owner, name: 'second' }, 'navigate', {
			url: `${env.site.url}/tables`,
		});
		assert.notEqual(main.sessionId, second.sessionId);
		assert.equal(second.sessionName, 'second');
		assert.match((await env.pool.status({ owner }))!.url!, /\/form$/);
		assert.match((await env.pool.status({ owner, name: 'second' }))!.url!, /\/tables$/);
	});

	it('opens a session with the requested viewport, user agent, locale and time zone', async () => {
		const key = env.key();
		const opened = await env.pool.open(key, {
			options: {
				viewport: { width: 800, height: 600 },
				userAgent: 'AcmeBot/1.0',
				locale: 'de-DE',
				timezoneId: 'Asia/Tokyo',
			},
		});
		assert.equal(opened.opened, true);
		assert.equal(opened.state, 'created', 'no action has run yet');
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const seen = await (
			await env.page(key)
		).evaluate(() => ({
			width: innerWidth,
			height: innerHeight,
			userAgent: navigator.userAgent,
			language: navigator.language,
			timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
		}));
		assert.deepEqual(seen, {
			width: 800,
			height: 600,
			userAgent: 'AcmeBot/1.0',
			language: 'de-DE',
			timeZone: 'Asia/Tokyo',
		});
	});

	it('keeps an open session on a second open, and replaces it when asked', async () => {
		const key = env.key();
		const first = await env.pool.open(key);
		const again = await env.pool.open(key);
		assert.equal(again.opened, false);
		assert.equal(again.id, first.id);
		const replaced = await env.pool.open(key, { replace: true });
		assert.equal(replaced.opened, true);
		assert.notEqual(replaced.id, first.id);
		// The replacement is the key's session: its owner closes it, and its place under the limits is given back.
		const before = env.pool.openSessionCount;
		assert.equal((await env.pool.status(key))?.id, replaced.id);
		assert.equal(await env.pool.closeOwner(key.owner), 1);
		assert.equal(env.pool.openSessionCount, before - 1);
	});

	it('rejects invalid session options naming the option', async () => {
		const error = await failureOf(env.pool.open(env.key(), { options: { idleTimeoutMs: -5 } }));
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'idleTimeoutMs');
		const unknownAction = await failureOf(env.pool.run(env.key(), 'teleport', {}));
		assert.equal(unknownAction.code, 'UNKNOWN_ACTION');
		assert.match(unknownAction.advice, /navigate/);
	});

	it('closes by session and by owner; closing twice is harmless; later actions say the session is closed', async () => {
		const owner = env.key().owner;
		await env.pool.run({ owner }, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run({ owner, name: 'other' }, 'navigate', { url: `${env.site.url}/form` });
		const closed = await env.pool.close({ owner });
		assert.equal(closed!.state, 'completed');
		assert.equal((await env.pool.close({ owner }))!.state, 'completed');
		assert.equal(await env.pool.closeOwner(owner), 1, 'one session was still open');
		assert.equal((await env.pool.status({ owner, name: 'other' }))!.state, 'completed');
		assert.equal(await env.pool.closeOwner(owner), 0);
		// A closed session is gone; the next action opens a fresh one.
		const fresh = await env.pool.run({ owner }, 'navigate', { url: `${env.site.url}/form` });
		assert.notEqual(fresh.sessionId, closed!.id);
	});

	it('runs the actions of one session one at a time, in arrival order', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const letters = ['a', 'b', 'c', 'd', 'e', 'f'];
		// Fired together, without waiting: each must still run after the previous one.
		await Promise.all(
			letters.map((value) =>
				env.pool.run(key, 'fill', { selector: '#name', value, clearFirst: false }),
			),
		);
		assert.equal(await (await env.page(key)).inputValue('#name'), 'abcdef');
		const history = (await env.pool.session(key))!.history.slice(1);
		for (let i = 1; i < history.length; i++) {
			assert.ok(
				history[i].startedAt >= history[i - 1].endedAt,
				'no two actions of a session overlap',
			);
		}
	});

	it('runs different sessions in parallel', async () => {
		const [first, second] = [env.key(), env.key()];
		await Promise.all(
			[first, second].map((key) => env.pool.run(key, 'navigate', { url: `${env.site.url}/form` })),
		);
		// The API answers after 1.5 s; two sessions wait for it at the same time.
		await Promise.all(
			[first, second].map((key) =>
				env.pool.run(key, 'navigate', { url: `${env.site.url}/api/data?delay=1500` }),
			),
		);
		const [a, b] = await Promise.all(
			[first, second].map(async (key) => (await env.pool.session(key))!.history.at(-1)!),
		);
		assert.ok(
			a.startedAt < b.endedAt && b.startedAt < a.endedAt,
			`the two actions overlap in time: ${JSON.stringify([a, b])}`,
		);
	});

	it('shares one browser among sessions', async () => {
		await Promise.all([env.key(), env.key(), env.key()].map((key) => env.pool.open(key)));
		assert.equal(env.pool.browserCount, 1);
	});
});
