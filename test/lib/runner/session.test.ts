import { existsSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SessionPool } from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { chromiumProcesses, eventually } from '../../helpers/processes';
import { failureOf } from '../../helpers/runner';

describe('Session lifecycle', () => {
	let site: FixtureSite;
	let pool: SessionPool;
	let owners = 0;
	const key = () => ({ owner: `lifecycle-${++owners}` });

	before(async () => {
		site = await startFixtureSite();
	});
	afterEach(() => pool?.shutdown());
	after(() => site.close());

	it('moves created → running → idle → completed, and records every state', async () => {
		pool = new SessionPool();
		const k = key();
		await pool.open(k);
		const session = (await pool.session(k))!;
		const states: string[] = [session.state];
		session.on('state', (state) => states.push(state));
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		await pool.close(k);
		assert.deepEqual(states, ['created', 'running', 'idle', 'completed']);
	});

	it('an action that fails before it reaches the page leaves the session idle, with its idle timeout running', async () => {
		pool = new SessionPool();
		const k = key();
		await pool.open(k, { options: { idleTimeoutMs: 1_500 } });
		const session = (await pool.session(k))!;
		// No page, and none can be opened: finding the page to act on is what fails.
		await session.context.close();
		const error = await failureOf(pool.run(k, 'getPageInfo', {}));
		assert.ok(error.code, 'a typed error');
		assert.equal(session.state, 'idle');
		assert.equal(session.history.at(-1)?.status, 'failed', 'the failure is on the record');
		await eventually(() => session.state === 'timeout', 'the idle timeout still ends the session');
	});

	it('times out when idle: state timeout, last page kept as a screenshot, context and folder freed', async () => {
		pool = new SessionPool();
		const k = key();
		await pool.open(k, { options: { idleTimeoutMs: 400 } });
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		const session = (await pool.session(k))!;
		const folder = session.directoryPath;
		await eventually(() => session.state === 'timeout', 'the idle session timed out');
		await eventually(() => !existsSync(folder), 'the session folder was removed');
		assert.deepEqual(
			[...session.finalScreenshot!.subarray(0, 4)],
			[0x89, 0x50, 0x4e, 0x47],
			'a PNG of the last page was kept',
		);
		const status = (await pool.status(k))!;
		assert.equal(status.state, 'timeout');
		assert.match(status.endReason!, /idle/);
		const error = await failureOf(pool.run(k, 'navigate', { url: `${site.url}/form` }));
		assert.equal(error.code, 'SESSION_TIMEOUT');
		assert.match(error.advice, /Open/);
		// An explicit open starts over.
		assert.equal((await pool.open(k)).opened, true);
	});

	it('aborts a running action with TIMEOUT when the total timeout fires', async () => {
		pool = new SessionPool();
		const k = key();
		await pool.open(k, { options: { totalTimeoutMs: 1_500 } });
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		const started = Date.now();
		const error = await failureOf(
			pool.run(k, 'click', { selector: '#never-there', timeoutMs: 20_000 }),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.match(error.message, /total time limit/);
		assert.ok(
			Date.now() - started < 10_000,
			'the action was stopped, not left to run out its own timeout',
		);
		assert.equal((await pool.status(k))!.state, 'timeout');
		const later = await failureOf(pool.run(k, 'click', { selector: '#counter' }));
		assert.equal(later.code, 'SESSION_TIMEOUT');
	});

	it('an action past its deadline stops acting on the page: no key of a timed-out sequence comes later', async () => {
		pool = new SessionPool();
		const k = key();
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		const error = await failureOf(
			pool.run(k, 'pressKey', {
				selector: '#name',
				keys: 'a b c d e f g h i j',
				delayMs: 700,
				timeoutMs: 500,
			}),
		);
		assert.equal(error.code, 'TIMEOUT');
		const typed = async () =>
			(await pool.run<any>(k, 'getState', { selector: '#name' })).result.value as string;
		const atTheFailure = await typed();
		assert.match(atTheFailure, /^abc/, 'it was typing until then');
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		assert.equal(await typed(), atTheFailure, 'nothing was typed after the failure');
	});

	it('queued actions after a closed session fail with SESSION_CLOSED, not hang', async () => {
		pool = new SessionPool();
		const k = key();
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		const running = failureOf(
			pool.run(k, 'click', { selector: '#never-there', timeoutMs: 20_000 }),
		);
		const queued = failureOf(pool.run(k, 'click', { selector: '#counter' }));
		await new Promise((resolve) => setTimeout(resolve, 300));
		await pool.close(k);
		assert.equal((await running).code, 'SESSION_CLOSED');
		assert.equal((await queued).code, 'SESSION_CLOSED');
	});

	it('fails a running action with BROWSER_CRASHED when the browser dies, and starts a fresh browser next time', async () => {
		pool = new SessionPool();
		const k = key();
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		const running = failureOf(
			pool.run(k, 'click', { selector: '#never-there', timeoutMs: 30_000 }),
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const started = Date.now();
		for (const { pid } of chromiumProcesses()) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone with its parent.
			}
		}
		const error = await running;
		assert.equal(error.code, 'BROWSER_CRASHED');
		assert.ok(Date.now() - started < 5_000, 'the crash was noticed promptly');
		assert.equal((await pool.status(k))!.state, 'failed');
		const fresh = await pool.run(key(), 'navigate', { url: `${site.url}/form` });
		assert.match(fresh.url, /\/form$/);
	});

	it('leaves no Chromium process and no session folder behind after shutdown', async () => {
		pool = new SessionPool();
		const folders: string[] = [];
		await Promise.all(
			[key(), key(), key()].map(async (k) => {
				await pool.run(k, 'navigate', { url: `${site.url}/downloads` });
				folders.push((await pool.session(k))!.directoryPath);
			}),
		);
		assert.ok(chromiumProcesses().length > 0, 'a browser is running');
		await pool.shutdown();
		assert.equal(pool.browserCount, 0);
		await eventually(() => chromiumProcesses().length === 0, 'every Chromium process has exited');
		for (const folder of folders) assert.ok(!existsSync(folder), `${folder} was removed`);
	});

	it('closes a browser nobody uses after the keep-warm time', async () => {
		pool = new SessionPool({ keepBrowserWarmMs: 300 });
		const k = key();
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		await pool.close(k);
		assert.equal(pool.browserCount, 1, 'kept warm for the next session');
		await eventually(
			() => pool.browserCount === 0 && chromiumProcesses().length === 0,
			'the unused browser was closed',
		);
	});

	it('keeps no timer that would hold the process open', async () => {
		pool = new SessionPool();
		const timers = () =>
			process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
		const before = timers();
		const k = key();
		await pool.open(k, { options: { idleTimeoutMs: 600_000, totalTimeoutMs: 3_600_000 } });
		await pool.run(k, 'navigate', { url: `${site.url}/form` });
		// Idle and total timers run for minutes now; short-lived Playwright timers may be pending for a
		// moment. Only a timer that keeps the loop alive stays counted.
		await eventually(
			() => timers() <= before,
			`no session timer holds the process open (active: ${timers()}, before: ${before})`,
		);
		await pool.close(k);
		// Now the keep-warm timer of the unused browser runs.
		await eventually(
			() => timers() <= before,
			`no keep-warm timer holds the process open (active: ${timers()}, before: ${before})`,
		);
	});
});
