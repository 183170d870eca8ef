import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright';
import {
	BrowserManager,
	SessionPool,
	browserConnectionSchema,
	type PoolOptions,
	type SessionKey,
} from '../../../lib';
import {
	DEFAULT_RECYCLE_BROWSER_AFTER_CONTEXTS,
	DEFAULT_RECYCLE_BROWSER_AFTER_MS,
	RECYCLE_BROWSER_AFTER_CONTEXTS_ENV,
	RECYCLE_BROWSER_AFTER_MS_ENV,
	recycleBrowserAfterContextsFromEnvironment,
	recycleBrowserAfterMsFromEnvironment,
} from '../../../lib/runner/browsers';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { chromiumProcesses, eventually } from '../../helpers/processes';

/** The main process of each Chromium this test launched (its helpers carry a --type=). */
function browserPids(): number[] {
	return chromiumProcesses()
		.filter(({ command }) => command.includes('--user-data-dir=') && !command.includes('--type='))
		.map(({ pid }) => pid)
		.sort((a, b) => a - b);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Recycling the launched browser after N contexts or M minutes', () => {
	let site: FixtureSite;
	let pool: SessionPool | undefined;
	let keys = 0;
	const previousTmp = process.env.TMPDIR;
	/** This file's own temp folder: what every browser and session left there is seen. */
	let tmp: string;
	const previousEnv = {
		contexts: process.env[RECYCLE_BROWSER_AFTER_CONTEXTS_ENV],
		ms: process.env[RECYCLE_BROWSER_AFTER_MS_ENV],
	};

	before(async () => {
		site = await startFixtureSite();
		// Short: Chromium's socket path under it must stay within the 107 characters Unix allows.
		tmp = mkdtempSync(join(tmpdir(), 'recycle-'));
		process.env.TMPDIR = tmp;
	});
	afterEach(async () => {
		await pool?.shutdown();
		pool = undefined;
		for (const [name, value] of [
			[RECYCLE_BROWSER_AFTER_CONTEXTS_ENV, previousEnv.contexts],
			[RECYCLE_BROWSER_AFTER_MS_ENV, previousEnv.ms],
		] as const) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});
	after(async () => {
		// A browser a failed test left open would keep this process from ending.
		for (const { pid } of chromiumProcesses()) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone with its parent.
			}
		}
		await site.close();
		if (previousTmp === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = previousTmp;
		rmSync(tmp, { recursive: true, force: true, maxRetries: 10 });
	});

	const key = (): SessionKey => ({ owner: `recycling-${process.pid}-${++keys}` });
	const newPool = (options: PoolOptions = {}) =>
		(pool = new SessionPool({ keepBrowserWarmMs: 60_000, ...options }));

	/** Opens a session on the pool and hands back its browser. */
	async function openOn(current: SessionPool, k: SessionKey): Promise<Browser> {
		await current.run(k, 'navigate', { url: `${site.url}/form` });
		return (await current.session(k))!.context.browser()!;
	}

	/** Opens a session, closes it, and hands back the browser it ran on. */
	async function useOnce(current: SessionPool): Promise<Browser> {
		const k = key();
		const browser = await openOn(current, k);
		await current.close(k);
		return browser;
	}

	/** What a session still open on a retired browser can do: navigate and extract. */
	async function stillWorks(current: SessionPool, k: SessionKey): Promise<void> {
		const navigated = await current.run<any>(k, 'navigate', { url: `${site.url}/tables` });
		assert.equal(navigated.result.status, 200);
		const table = await current.run<any>(k, 'extractTable', { selector: '#simple' });
		assert.equal(table.result.rowCount, 3);
	}

	it('after N contexts the next session gets a new browser, launched ahead; a session on the old one runs on, and the old process ends with it', async () => {
		const current = newPool({ recycleBrowserAfterContexts: 3, recycleBrowserAfterMs: 0 });
		const early = key();
		const old = await openOn(current, early); // context 1
		const [oldPid] = browserPids();
		assert.ok(oldPid, 'the first browser runs');
		assert.equal(await useOnce(current), old, 'context 2');
		// Context 3 is the spare made as the last session ended; this session takes it, and as it
		// ends the browser is retired and its replacement launched.
		assert.equal(await useOnce(current), old, 'context 3 (the spare)');
		assert.equal(
			current.browserLaunchCount,
			2,
			'the replacement was launched as that session ended',
		);

		const fresh = await useOnce(current);
		assert.notEqual(fresh, old, 'the next session runs on a new browser');
		assert.equal(current.browserLaunchCount, 2, 'and did not launch it itself');
		const pids = browserPids();
		assert.equal(pids.length, 2, 'the old browser still runs for its session');
		assert.ok(pids.includes(oldPid));
		assert.equal(current.browserCount, 2);

		await stillWorks(current, early);
		assert.ok(old.isConnected());
		await current.close(early);
		await eventually(
			() => !browserPids().includes(oldPid) && !old.isConnected(),
			'the old browser process ended with its last session',
			15_000,
		);
		await eventually(() => current.browserCount === 1, 'the pool let the old browser go', 15_000);
		assert.ok(fresh.isConnected(), 'the new browser stays, warm');
		assert.equal(await useOnce(current), fresh);
	});

	it('after M milliseconds likewise: as a session begins, and as one ends (the replacement then launched ahead)', async () => {
		const current = newPool({ recycleBrowserAfterContexts: 0, recycleBrowserAfterMs: 2_500 });
		const early = key();
		const old = await openOn(current, early);
		const [oldPid] = browserPids();
		await sleep(2_600);

		// Found too old as a session begins: that session launches the new one.
		const k = key();
		const second = await openOn(current, k);
		assert.notEqual(second, old, 'a session after M ms runs on a new browser');
		assert.equal(current.browserLaunchCount, 2);
		await stillWorks(current, early);
		await current.close(early);
		await eventually(
			() => !browserPids().includes(oldPid) && !old.isConnected(),
			'the old browser process ended with its last session',
			15_000,
		);

		// Found too old as a session ends: retired and closed at once, its replacement launched then.
		await sleep(2_600);
		await current.close(k);
		assert.equal(
			current.browserLaunchCount,
			3,
			'the replacement was launched as the session ended',
		);
		await eventually(
			() => !second.isConnected(),
			'the old browser closed, nobody using it',
			15_000,
		);
		// Checked while the session is open: on a slow machine it may itself outlive M ms.
		const last = key();
		const third = await openOn(current, last);
		assert.notEqual(third, second);
		assert.equal(current.browserLaunchCount, 3, 'the next session found it up');
		await eventually(() => browserPids().length === 1, 'one browser runs', 15_000);
		await current.close(last);
	});

	it('0 turns recycling off; the environment sets both, and a bad value is refused by name', async () => {
		assert.equal(DEFAULT_RECYCLE_BROWSER_AFTER_CONTEXTS, 500);
		assert.equal(DEFAULT_RECYCLE_BROWSER_AFTER_MS, 60 * 60_000);
		assert.equal(recycleBrowserAfterContextsFromEnvironment({}), undefined);
		assert.equal(recycleBrowserAfterMsFromEnvironment({}), undefined);
		assert.equal(
			recycleBrowserAfterContextsFromEnvironment({ [RECYCLE_BROWSER_AFTER_CONTEXTS_ENV]: ' 0 ' }),
			0,
		);
		assert.equal(
			recycleBrowserAfterMsFromEnvironment({ [RECYCLE_BROWSER_AFTER_MS_ENV]: '90000' }),
			90_000,
		);
		for (const [name, read, bads] of [
			[
				RECYCLE_BROWSER_AFTER_CONTEXTS_ENV,
				recycleBrowserAfterContextsFromEnvironment,
				['many', '-1', '1.5', '2000000'],
			],
			[
				RECYCLE_BROWSER_AFTER_MS_ENV,
				recycleBrowserAfterMsFromEnvironment,
				['an hour', '-1', '1.5', String(8 * 24 * 3_600_000)],
			],
		] as const) {
			for (const bad of bads) {
				assert.throws(
					() => read({ [name]: bad }),
					(error: any) =>
						error.code === 'INVALID_INPUT' &&
						error.message.includes(name) &&
						error.advice.includes(name),
					`${name}=${bad}`,
				);
			}
			process.env[name] = 'soon';
			assert.throws(
				() => new SessionPool(),
				(error: any) => error.code === 'INVALID_INPUT' && error.message.includes(name),
				`a pool refuses ${name}=soon`,
			);
			delete process.env[name];
		}

		process.env[RECYCLE_BROWSER_AFTER_CONTEXTS_ENV] = '0';
		process.env[RECYCLE_BROWSER_AFTER_MS_ENV] = '0';
		let current = newPool();
		const first = await useOnce(current);
		for (let index = 0; index < 3; index++) assert.equal(await useOnce(current), first);
		assert.equal(current.browserLaunchCount, 1, 'never recycled');
		await current.shutdown();

		process.env[RECYCLE_BROWSER_AFTER_CONTEXTS_ENV] = '2';
		current = newPool();
		await useOnce(current);
		await useOnce(current); // takes the spare: context 2
		assert.equal(
			current.browserLaunchCount,
			2,
			'recycled after the 2 contexts the environment says',
		);
		await current.shutdown();

		current = newPool({ recycleBrowserAfterContexts: 0 });
		for (let index = 0; index < 3; index++) await useOnce(current);
		assert.equal(current.browserLaunchCount, 1, 'the pool’s option wins over the environment');
	});

	it('closeAll closes a retired browser still in use too: no Chromium process, no temp folder left', async () => {
		const manager = new BrowserManager({ keepWarmMs: 60_000, recycleAfterContexts: 1 });
		const connection = browserConnectionSchema.parse({ mode: 'launch' });
		try {
			const first = await manager.acquire(connection);
			await first.newIsolatedPage({});
			const second = await manager.acquire(connection);
			assert.notEqual(second.browser, first.browser, 'the worn-out browser was replaced');
			assert.equal(browserPids().length, 2);
			assert.equal(manager.browserCount, 2, 'the retired one is still held by its lease');
			const profiles = readdirSync(tmp).filter((name) =>
				name.startsWith('playwright_chromiumdev_profile-'),
			);
			assert.equal(profiles.length, 2, 'each browser has its profile in this test’s temp folder');
		} finally {
			await manager.closeAll();
		}
		assert.equal(manager.browserCount, 0);
		await eventually(() => chromiumProcesses().length === 0, 'no Chromium process is left', 15_000);
		await eventually(() => readdirSync(tmp).length === 0, 'the temp folder is empty', 15_000);
	});
});
