import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type BrowserServer } from 'playwright';
import {
	BrowserAgentError,
	BrowserManager,
	SessionPool,
	browserConnectionSchema,
	browserConnectionFromEnvironment,
	checkBrowserConnection,
	findExecutable,
	findHeadlessShell,
} from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { descendantProcesses, eventually, processesMentioning } from '../../helpers/processes';
import { startDebuggableChromium } from '../../helpers/debuggableChromium';
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
		const remote = await startDebuggableChromium();
		try {
			const pool = new SessionPool({ browser: { mode: 'cdp', endpointURL: remote.endpoint } });
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
			await remote.close();
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

	it('keeps the token out of a refusal that quotes the address it asked (CDP discovery)', async () => {
		// Refuses everything: Playwright's error then quotes the /json/version/ address, query included.
		const refusing = createServer((_request, response) => response.writeHead(403).end());
		await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
		const { port } = refusing.address() as { port: number };
		const pool = new SessionPool({
			browser: { mode: 'cdp', endpointURL: `http://127.0.0.1:${port}/?token=very-secret-token` },
		});
		try {
			const error = await failureOf(
				pool.run({ owner: 'remote-refusing' }, 'navigate', { url: site.url }),
			);
			assert.equal(error.code, 'BROWSER_CONNECT_FAILED');
			assert.match(error.message, /403/);
			assert.match(error.message, /json\/version\/\?token=\*\*\*/);
			assert.ok(!error.message.includes('very-secret-token'), error.message);
		} finally {
			await pool.shutdown();
			refusing.closeAllConnections();
			await new Promise((resolve) => refusing.close(resolve));
		}
	});
});

describe('a remote browser that restarts mid-run', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(() => site.close());

	const kinds = {
		/** A Playwright server in a process of its own (`launchServer`), killed with its browser. */
		playwright: async (port: number) => {
			const server = await startPlaywrightServerProcess(port);
			return { endpoint: server.wsEndpoint, kill: server.kill };
		},
		/** A Chromium with remote debugging, reached at its http:// address (its ws:// one changes with each start). */
		cdp: async (port: number) => {
			const remote = await startDebuggableChromium(port);
			return { endpoint: remote.httpUrl, kill: remote.close };
		},
	};

	for (const [kind, start] of Object.entries(kinds)) {
		it(`${kind}: the running action fails with BROWSER_CRASHED at once, and the next session reconnects`, async (t) => {
			const port = Number(new URL(await unreachableUrl()).port);
			let remote = await start(port);
			const pool = new SessionPool({
				browser:
					kind === 'playwright'
						? { mode: 'playwright', wsEndpoint: remote.endpoint }
						: { mode: 'cdp', endpointURL: remote.endpoint },
			});
			try {
				const key = { owner: `restart-${kind}` };
				await pool.run(key, 'navigate', { url: `${site.url}/form` });
				const waiting = failureOf(
					pool.run(key, 'waitFor', {
						until: 'elementVisible',
						selector: '#never-there',
						timeoutMs: 25_000,
					}),
				);
				await new Promise((resolve) => setTimeout(resolve, 300));
				const killed = Date.now();
				await remote.kill();
				const error = await waiting;
				const failedAfterMs = Date.now() - killed;
				assert.equal(error.code, 'BROWSER_CRASHED', error.message);
				assert.ok(failedAfterMs < 3_000, `failed ${failedAfterMs} ms after the kill`);
				t.diagnostic(`${kind}: BROWSER_CRASHED ${failedAfterMs} ms after the kill`);
				assert.equal((await pool.status(key))?.state, 'failed');

				// While it is down, a new session is refused as such, not left waiting.
				const down = await failureOf(
					pool.run({ owner: `restart-${kind}-down` }, 'navigate', { url: site.url }),
				);
				assert.equal(down.code, 'BROWSER_CONNECT_FAILED');

				// Back on the same endpoint: the next execution reconnects and works.
				remote = await start(port);
				const next = await pool.run<any>({ owner: `restart-${kind}-next` }, 'navigate', {
					url: `${site.url}/tables`,
				});
				assert.equal(next.result.status, 200);
				const table = await pool.run<any>({ owner: `restart-${kind}-next` }, 'extractTable', {
					selector: '#simple',
				});
				assert.equal(table.result.rowCount, 3);
				// And so does the execution whose session failed, in a fresh session.
				const again = await pool.run<any>(key, 'navigate', { url: `${site.url}/login` });
				assert.equal(again.result.status, 200);
			} finally {
				await pool.shutdown();
				await remote.kill();
			}
		});
	}
});

describe('the remote browser of the n8n environment', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(() => site.close());

	it('reads BROWSER_AGENT_BROWSER_ENDPOINT and its kind, else n8n-nodes-puppeteer’s variables as CDP', () => {
		assert.equal(browserConnectionFromEnvironment({}), undefined);
		assert.deepEqual(
			browserConnectionFromEnvironment({ BROWSER_AGENT_BROWSER_ENDPOINT: ' ' }),
			undefined,
		);
		assert.deepEqual(
			browserConnectionFromEnvironment({ BROWSER_AGENT_BROWSER_ENDPOINT: 'http://chrome:9222' }),
			{ mode: 'cdp', endpointURL: 'http://chrome:9222' },
		);
		assert.deepEqual(
			browserConnectionFromEnvironment({
				BROWSER_AGENT_BROWSER_ENDPOINT: 'ws://pw:3000/',
				BROWSER_AGENT_BROWSER_CONNECTION: 'Playwright',
				PUPPETEER_BROWSER_WS_ENDPOINT: 'ws://old:3000/',
			}),
			{ mode: 'playwright', wsEndpoint: 'ws://pw:3000/' },
		);
		assert.deepEqual(
			browserConnectionFromEnvironment({
				PUPPETEER_WS_ENDPOINT: 'ws://second:3000/',
				PUPPETEER_BROWSER_WS_ENDPOINT: 'ws://first:3000/',
			}),
			{ mode: 'cdp', endpointURL: 'ws://first:3000/' },
		);
		assert.deepEqual(
			browserConnectionFromEnvironment({ PUPPETEER_WS_ENDPOINT: 'ws://second:3000/' }),
			{
				mode: 'cdp',
				endpointURL: 'ws://second:3000/',
			},
		);
		assert.throws(
			() =>
				browserConnectionFromEnvironment({
					BROWSER_AGENT_BROWSER_ENDPOINT: 'ws://pw:3000/',
					BROWSER_AGENT_BROWSER_CONNECTION: 'webdriver',
				}),
			(error: BrowserAgentError) =>
				error.code === 'INVALID_INPUT' &&
				error.field === 'BROWSER_AGENT_BROWSER_CONNECTION' &&
				/cdp or playwright/.test(error.message),
		);
	});

	// Launching is made impossible (a bad executable path), so a session can only open on the remote browser.
	const NO_LAUNCH = { BROWSER_AGENT_EXECUTABLE_PATH: '/nonexistent/chromium' };

	async function pagesOf(httpUrl: string): Promise<string[]> {
		const targets = (await (await fetch(`${httpUrl}/json/list`)).json()) as Array<{ url: string }>;
		return targets.map((target) => target.url);
	}

	it('opens sessions on the Chromium that BROWSER_AGENT_BROWSER_ENDPOINT or PUPPETEER_BROWSER_WS_ENDPOINT names', async () => {
		const remote = await startDebuggableChromium();
		try {
			for (const [variable, path] of [
				['BROWSER_AGENT_BROWSER_ENDPOINT', '/tables'],
				['PUPPETEER_BROWSER_WS_ENDPOINT', '/form'],
			] as const) {
				await withEnvironment(
					{
						...NO_LAUNCH,
						BROWSER_AGENT_BROWSER_ENDPOINT: undefined,
						BROWSER_AGENT_BROWSER_CONNECTION: undefined,
						PUPPETEER_WS_ENDPOINT: undefined,
						PUPPETEER_BROWSER_WS_ENDPOINT: undefined,
						[variable]: remote.endpoint,
					},
					async () => {
						const pool = new SessionPool();
						try {
							const run = await pool.run<any>({ owner: `env-${variable}` }, 'navigate', {
								url: `${site.url}${path}`,
							});
							assert.equal(run.result.status, 200, variable);
							assert.ok((await pagesOf(remote.httpUrl)).includes(`${site.url}${path}`), variable);
						} finally {
							await pool.shutdown();
						}
					},
				);
			}
			// Without any of them, the pool launches, here impossibly: proof that the variables were what it used.
			await withEnvironment(
				{
					...NO_LAUNCH,
					BROWSER_AGENT_BROWSER_ENDPOINT: undefined,
					PUPPETEER_WS_ENDPOINT: undefined,
					PUPPETEER_BROWSER_WS_ENDPOINT: undefined,
				},
				async () => {
					const pool = new SessionPool();
					const error = await failureOf(
						pool.run({ owner: 'env-none' }, 'navigate', { url: site.url }),
					);
					assert.equal(error.code, 'BROWSER_NOT_FOUND');
					await pool.shutdown();
				},
			);
		} finally {
			await remote.close();
		}
	});

	it('opens sessions on a Playwright server with BROWSER_AGENT_BROWSER_CONNECTION=playwright', async () => {
		const server: BrowserServer = await chromium.launchServer({
			executablePath: findExecutable(),
			args: ['--no-sandbox'],
		});
		try {
			await withEnvironment(
				{
					...NO_LAUNCH,
					BROWSER_AGENT_BROWSER_ENDPOINT: server.wsEndpoint(),
					BROWSER_AGENT_BROWSER_CONNECTION: 'playwright',
				},
				async () => {
					const pool = new SessionPool();
					try {
						const run = await pool.run<any>({ owner: 'env-playwright' }, 'navigate', {
							url: `${site.url}/login`,
						});
						assert.equal(run.result.status, 200);
					} finally {
						await pool.shutdown();
					}
					// The same endpoint spoken to as CDP (the default kind) is refused: the kind is what decides.
					await withEnvironment({ BROWSER_AGENT_BROWSER_CONNECTION: undefined }, async () => {
						const cdpPool = new SessionPool();
						const error = await failureOf(
							cdpPool.run({ owner: 'env-playwright-as-cdp' }, 'navigate', { url: site.url }),
						);
						assert.equal(error.code, 'BROWSER_CONNECT_FAILED');
						await cdpPool.shutdown();
					});
				},
			);
		} finally {
			await server.close();
		}
	});
});

describe('chrome-headless-shell', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(() => site.close());

	it('is found by explicit path, BROWSER_AGENT_HEADLESS_SHELL_PATH, then the PATH', () => {
		const shell = findHeadlessShell();
		assert.ok(shell, 'install chromium-headless-shell (scripts/setup.sh does)');
		assert.equal(findHeadlessShell(shell, {}), shell);
		assert.equal(
			findHeadlessShell(undefined, { BROWSER_AGENT_HEADLESS_SHELL_PATH: shell, PATH: '' }),
			shell,
		);
		assert.equal(findHeadlessShell(undefined, { PATH: '/nonexistent' }), undefined);
		assert.throws(
			() =>
				findHeadlessShell(undefined, { BROWSER_AGENT_HEADLESS_SHELL_PATH: '/nonexistent/shell' }),
			(error: BrowserAgentError) =>
				error.code === 'BROWSER_NOT_FOUND' &&
				/BROWSER_AGENT_HEADLESS_SHELL_PATH/.test(error.message),
		);
	});

	it('runs a session on the headless shell when asked, on the full Chromium otherwise', async () => {
		const pages = { shell: undefined as any, new: undefined as any };
		for (const headlessMode of ['shell', 'new'] as const) {
			const pool = new SessionPool({ browser: { mode: 'launch', headlessMode } });
			try {
				const run = await pool.run<any>({ owner: `headless-${headlessMode}` }, 'navigate', {
					url: `${site.url}/form`,
				});
				assert.equal(run.result.status, 200);
				const session = await pool.session({ owner: `headless-${headlessMode}` });
				pages[headlessMode] = await session!.context.pages()[0].evaluate(() => ({
					pdfViewer: navigator.pdfViewerEnabled,
					chrome: typeof (window as any).chrome,
					userAgent: navigator.userAgent,
				}));
				const running = descendantExecutables().map((path) => path.split('/').pop());
				assert.equal(
					running.some((name) => /^chrom(e|ium)-headless-shell$/.test(name!)),
					headlessMode === 'shell',
					`${headlessMode}: ${running.join(', ')}`,
				);
			} finally {
				await pool.shutdown();
			}
		}
		// The shell has no PDF viewer and no window.chrome; the full browser has both.
		assert.deepEqual([pages.shell.pdfViewer, pages.shell.chrome], [false, 'undefined']);
		assert.deepEqual([pages.new.pdfViewer, pages.new.chrome], [true, 'object']);
		assert.match(pages.shell.userAgent, /HeadlessChrome/);
	});

	it('runs a headed session on the full Chromium, whatever the headless mode', async () => {
		// Only the decision is checked: no display here, so the launch itself fails, naming Chromium.
		const pool = new SessionPool({ browser: { mode: 'launch', headlessMode: 'shell' } });
		try {
			const error = await withEnvironment({ DISPLAY: undefined, WAYLAND_DISPLAY: undefined }, () =>
				failureOf(pool.open({ owner: 'headed-shell' }, { options: { headless: false } })),
			);
			assert.equal(error.code, 'BROWSER_NOT_FOUND');
			assert.match(error.message, /^Chromium at /);
			assert.match(error.advice, /display/);
		} finally {
			await pool.shutdown();
		}
	});
});

/**
 * A Playwright server as a machine of its own would run it: `launchServer` in another Node process,
 * at ws://127.0.0.1:<port>/restart. `kill` ends that process and its browser with SIGKILL.
 */
async function startPlaywrightServerProcess(
	port: number,
): Promise<{ wsEndpoint: string; kill(): Promise<void> }> {
	const script = `
		const { chromium } = require('playwright');
		chromium
			.launchServer({ executablePath: process.argv[1], args: ['--no-sandbox'], port: Number(process.argv[2]), wsPath: '/restart' })
			.then((server) => console.log(server.wsEndpoint()), (error) => { console.error(error); process.exit(1); });`;
	const child = spawn(process.execPath, ['-e', script, findExecutable()!, String(port)], {
		cwd: join(__dirname, '..', '..', '..'),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const kill = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		// Playwright starts the browser in a process group of its own: kill it as well, not only the server.
		const exited = new Promise((resolve) => child.once('exit', resolve));
		for (const { pid } of descendantProcesses(child.pid)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
		child.kill('SIGKILL');
		await exited;
	};
	try {
		const wsEndpoint = await new Promise<string>((resolve, reject) => {
			let output = '';
			child.stdout!.on('data', (chunk) => {
				output += chunk;
				const found = /ws:\/\/\S+/.exec(output);
				if (found) resolve(found[0]);
			});
			child.stderr!.on('data', (chunk) => (output += chunk));
			child.once('exit', () => reject(new Error(`The Playwright server exited: ${output}`)));
		});
		return { wsEndpoint, kill };
	} catch (error) {
		await kill();
		throw error;
	}
}

/** Runs `work` with these environment variables set (undefined: unset), then puts the old values back. */
async function withEnvironment<T>(
	variables: Record<string, string | undefined>,
	work: () => Promise<T>,
): Promise<T> {
	const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
	const assign = (values: Record<string, string | undefined>) => {
		for (const [name, value] of Object.entries(values)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	};
	assign(variables);
	try {
		return await work();
	} finally {
		assign(saved);
	}
}

/** The executables of this process's descendants (Linux /proc), e.g. the browsers it launched. */
function descendantExecutables(): string[] {
	const parents = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// The process ended meanwhile.
		}
	}
	const isDescendant = (pid: number): boolean => {
		for (let parent = parents.get(pid); parent; parent = parents.get(parent))
			if (parent === process.pid) return true;
		return false;
	};
	return [...parents.keys()].filter(isDescendant).flatMap((pid) => {
		try {
			return [readlinkSync(`/proc/${pid}/exe`)];
		} catch {
			return [];
		}
	});
}

describe('The spare page for the next session', () => {
	const manager = new BrowserManager({ keepWarmMs: 60_000 });
	const connection = browserConnectionSchema.parse({
		mode: 'launch',
		executablePath: findExecutable(),
	});
	after(() => manager.closeAll());

	it('is made as a session ends, not while one runs, and the next session gets it', async () => {
		const first = await manager.acquire(connection);
		const { page } = await first.newIsolatedPage({ viewport: { width: 1000, height: 700 } });
		// A flow runs: nothing else is opened beside it to take the machine from it.
		await new Promise((resolve) => setTimeout(resolve, 500));
		assert.equal(first.browser.contexts().length, 1, 'no spare made while the session runs');

		await page.context().close();
		first.release();
		await eventually(() => first.browser.contexts().length === 1, 'the spare context is made');
		const spare = first.browser.contexts()[0];
		await eventually(() => spare.pages().length === 1, 'the spare page is open');

		const second = await manager.acquire(connection);
		const next = await second.newIsolatedPage({ viewport: { width: 1000, height: 700 } });
		assert.equal(next.page.context(), spare, 'the next session opened on the spare');
		assert.equal(second.browser.contexts().length, 1, 'and no new spare beside it');

		const other = await second.newIsolatedPage({ viewport: { width: 500, height: 500 } });
		assert.notEqual(other.page.context(), spare, 'other options get a page of their own');
		await other.page.context().close();
		await next.page.context().close();
		second.release();
	});
});

describe('a launched browser’s own temporary files', () => {
	it('are removed when the browser ends, even when it was killed', async () => {
		const temp = mkdtempSync(join(tmpdir(), 'ba-chromium-temp-'));
		const saved = process.env.TMPDIR;
		process.env.TMPDIR = temp; // os.tmpdir() reads it at each call; Chromium inherits it
		const manager = new BrowserManager({ keepWarmMs: 0, prepareSpareContext: false });
		const chromiumsOwn = () => readdirSync(temp).filter((name) => name.startsWith('org.chromium'));
		try {
			const lease = await manager.acquire({
				mode: 'launch',
				headless: true,
				headlessMode: 'new',
				args: [],
				launchTimeoutMs: 60_000,
				executablePath: findExecutable(),
			});
			const { page } = await lease.newIsolatedPage({});
			await page.goto('data:text/html,<h1>running</h1>');
			assert.equal(chromiumsOwn().length, 1, `Chromium's socket folder: ${readdirSync(temp)}`);
			const browserPid = descendantProcesses().find(
				({ command }) =>
					/chrom/i.test(command) && command.includes(temp) && !/--type=/.test(command),
			)?.pid;
			assert.ok(browserPid, 'the browser process');
			const gone = new Promise((resolve) => lease.browser.once('disconnected', resolve));
			process.kill(browserPid, 'SIGKILL');
			await gone;
			await eventually(
				() => chromiumsOwn().length === 0,
				'the killed browser’s socket folder is removed',
			);
			// Its helpers outlive it briefly and may still write into the profile Playwright removes.
			await eventually(
				() => processesMentioning(temp).length === 0 && readdirSync(temp).length === 0,
				'its helpers have ended and nothing of it is left in the temporary folder',
				10_000,
			);
			lease.release();
		} finally {
			process.env.TMPDIR = saved;
			await manager.closeAll();
			rmSync(temp, { recursive: true, force: true, maxRetries: 10 });
		}
	});
});
