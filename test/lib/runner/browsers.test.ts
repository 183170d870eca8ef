import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type BrowserServer } from 'playwright';
import {
	BrowserAgentError,
	SessionPool,
	checkBrowserConnection,
	findExecutable,
} from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { failureOf, unreachableUrl } from '../../helpers/runner';

describe('findExecutable', () => {
	const systemChromium = findExecutable();

	it('prefers an explicit path, then BROWSER_AGENT_EXECUTABLE_PATH', () => {
		const real = systemChromium ?? chromium.executablePath();
		assert.equal(findExecutable(real, {}), real);
		assert.equal(
			findExecutable(undefined, { BROWSER_AGENT_EXECUTABLE_PATH: real, PATH: '' }),
			real,
		);
	});

	it('refuses a path that is not an executable, naming where it came from', () => {
		assert.throws(
			() => findExecutable('/nonexistent/chrome', {}),
			(error: BrowserAgentError) =>
				error.code === 'BROWSER_NOT_FOUND' && /executable path setting/.test(error.message),
		);
		assert.throws(
			() => findExecutable(undefined, { BROWSER_AGENT_EXECUTABLE_PATH: '/nonexistent/chrome' }),
			(error: BrowserAgentError) =>
				error.code === 'BROWSER_NOT_FOUND' && /BROWSER_AGENT_EXECUTABLE_PATH/.test(error.message),
		);
	});

	it('finds a Chromium on the PATH, or says exactly how to get one', (t) => {
		if (existsSync(chromium.executablePath())) {
			t.skip('Playwright’s own Chromium is installed here, so it is always found first');
			return;
		}
		assert.equal(findExecutable(undefined, { PATH: '/usr/bin' }), '/usr/bin/chromium');
		assert.throws(
			() => findExecutable(undefined, { PATH: '/nonexistent' }),
			(error: BrowserAgentError) =>
				error.code === 'BROWSER_NOT_FOUND' &&
				/playwright install chromium/.test(error.advice!) &&
				/BROWSER_AGENT_EXECUTABLE_PATH/.test(error.advice!),
		);
	});
});

describe('remote browsers', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(() => site.close());

	it('connects to a Playwright server and runs actions there', async () => {
		const server: BrowserServer = await chromium.launchServer({
			executablePath: findExecutable(),
			args: ['--no-sandbox'],
		});
		const pool = new SessionPool({
			browser: { mode: 'playwright', wsEndpoint: server.wsEndpoint() },
		});
		try {
			const run = await pool.run<any>({ owner: 'remote-playwright' }, 'navigate', {
				url: `${site.url}/login`,
			});
			assert.equal(run.result.status, 200);
			assert.match(
				(await checkBrowserConnection({ mode: 'playwright', wsEndpoint: server.wsEndpoint() }))
					.version,
				/^\d+\./,
			);
		} finally {
			await pool.shutdown();
			await server.close();
		}
	});

	it('connects over CDP to a Chromium started with remote debugging', async () => {
		const profile = mkdtempSync(join(tmpdir(), 'browser-agent-cdp-'));
		const browser: ChildProcess = spawn(
			findExecutable() ?? chromium.executablePath(),
			[
				'--headless',
				'--no-sandbox',
				'--remote-debugging-port=0',
				'--disable-background-networking',
				'--no-first-run',
				`--user-data-dir=${profile}`,
				'about:blank',
			],
			// Its own process group, so the kill below takes its helper processes (which write to the profile) too.
			{ stdio: ['ignore', 'ignore', 'pipe'], detached: true },
		);
		try {
			const endpoint = await new Promise<string>((resolve, reject) => {
				let output = '';
				browser.stderr!.on('data', (chunk) => {
					output += chunk;
					const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
					if (found) resolve(found[1]);
				});
				browser.once('exit', () => reject(new Error(`Chromium exited: ${output}`)));
			});
			const pool = new SessionPool({ browser: { mode: 'cdp', endpointURL: endpoint } });
			try {
				const run = await pool.run<any>({ owner: 'remote-cdp' }, 'navigate', {
					url: `${site.url}/tables`,
				});
				assert.equal(run.result.status, 200);
				const table = await pool.run<any>({ owner: 'remote-cdp' }, 'extractTable', {
					selector: '#simple',
				});
				assert.equal(table.result.rowCount, 3);
			} finally {
				await pool.shutdown();
			}
		} finally {
			if (browser.exitCode === null && browser.signalCode === null) {
				const exited = new Promise((resolve) => browser.once('exit', resolve));
				process.kill(-browser.pid!, 'SIGKILL');
				await exited;
			}
			// A helper may still be flushing the profile for a moment after the kill.
			rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 200 });
		}
	});

	it('fails with BROWSER_CONNECT_FAILED, without leaking the token, when nothing answers', async () => {
		const endpoint = (await unreachableUrl()).replace('http', 'ws') + '?token=very-secret-token';
		const pool = new SessionPool({
			browser: { mode: 'playwright', wsEndpoint: endpoint, connectTimeoutMs: 2_000 },
		});
		const error = await failureOf(
			pool.run({ owner: 'remote-down' }, 'navigate', { url: site.url }),
		);
		assert.equal(error.code, 'BROWSER_CONNECT_FAILED');
		assert.ok(!error.message.includes('very-secret-token'), error.message);
		assert.match(error.advice, /reachable/);
		assert.equal(await pool.status({ owner: 'remote-down' }), undefined);
		await pool.shutdown();
	});
});
