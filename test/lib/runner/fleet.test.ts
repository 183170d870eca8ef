import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import {
	connect,
	createServer as createNetServer,
	type Server as NetServer,
	type Socket,
} from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type BrowserServer } from 'playwright';
import {
	DEFAULT_ENDPOINT_COOLDOWN_MS,
	SessionPool,
	browserConnectionFromEnvironment,
	browserConnectionSchema,
	checkBrowserConnection,
	findExecutable,
	fleetMembers,
	splitEndpoints,
	type BrowserConnectionInput,
} from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { eventually } from '../../helpers/processes';
import { failureOf, unreachableUrl } from '../../helpers/runner';

describe('a remote-browser setting that lists several endpoints', () => {
	it('reads one endpoint as before, and several separated by commas or new lines', () => {
		// A saved one-endpoint value, even with commas in its query (a hosted browser's launch options).
		const hosted = 'wss://browser.example.com/?token=abc&launch={"args":["--a","--b"]}';
		assert.deepEqual(splitEndpoints(hosted), [hosted]);
		assert.deepEqual(splitEndpoints(' ws://pw:3000/ '), ['ws://pw:3000/']);
		assert.deepEqual(splitEndpoints('ws://a:1/x, ws://b:2/y,wss://c:3/'), [
			'ws://a:1/x',
			'ws://b:2/y',
			'wss://c:3/',
		]);
		assert.deepEqual(
			splitEndpoints('http://chrome-1:9222\r\n\n  http://chrome-2:9222  \nhttp://chrome-1:9222\n'),
			['http://chrome-1:9222', 'http://chrome-2:9222'],
		);
		assert.throws(() => browserConnectionSchema.parse({ mode: 'cdp', endpointURL: ' \n \n' }));
		// BROWSER_AGENT_BROWSER_ENDPOINT lists them the same way.
		const fromEnvironment = browserConnectionFromEnvironment({
			BROWSER_AGENT_BROWSER_ENDPOINT: 'ws://pw-1:3000/, ws://pw-2:3000/',
			BROWSER_AGENT_BROWSER_CONNECTION: 'playwright',
		});
		assert.deepEqual(
			fleetMembers(browserConnectionSchema.parse(fromEnvironment)).map(
				(member) => member.mode === 'playwright' && member.wsEndpoint,
			),
			['ws://pw-1:3000/', 'ws://pw-2:3000/'],
		);
	});

	it('gives each endpoint the setting’s headers, token, timeouts and cool-down', () => {
		const connection = browserConnectionSchema.parse({
			mode: 'playwright',
			wsEndpoint: 'ws://a:1/, ws://b:2/',
			headers: { Authorization: 'Bearer t0ken', 'X-Fleet': 'yes' },
			connectTimeoutMs: 5_000,
		});
		assert.deepEqual(fleetMembers(connection), [
			{ ...connection, wsEndpoint: 'ws://a:1/' },
			{ ...connection, wsEndpoint: 'ws://b:2/' },
		]);
		assert.equal(connection.mode === 'playwright' && connection.endpointCooldownMs, 30_000);
		assert.equal(DEFAULT_ENDPOINT_COOLDOWN_MS, 30_000);
		// One endpoint: the connection itself, so it shares its browser with sessions from before.
		const single = browserConnectionSchema.parse({ mode: 'cdp', endpointURL: 'http://c:9222' });
		assert.deepEqual(fleetMembers(single), [single]);
		// The same endpoint twice is one endpoint, written alone.
		const twice = browserConnectionSchema.parse({
			mode: 'cdp',
			endpointURL: 'http://c:9222\n http://c:9222',
		});
		assert.deepEqual(fleetMembers(twice), [{ ...twice, endpointURL: 'http://c:9222' }]);
	});
});

describe('a fleet of Playwright servers', () => {
	let site: FixtureSite;
	const servers: PlaywrightServer[] = [];
	const pools: SessionPool[] = [];
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await Promise.all(pools.map((pool) => pool.shutdown()));
		await Promise.all(servers.map((server) => server.close()));
		await site.close();
	});

	const poolFor = (wsEndpoint: string, extra: Partial<BrowserConnectionInput> = {}) => {
		const pool = new SessionPool({
			browser: { mode: 'playwright', wsEndpoint, ...extra } as BrowserConnectionInput,
			keepBrowserWarmMs: 60_000,
			maxSessions: 50,
		});
		pools.push(pool);
		return pool;
	};
	const visit = (pool: SessionPool, marker: string) =>
		pool.run<any>({ owner: marker }, 'navigate', { url: `${site.url}/form?fleet=${marker}` });

	it('spreads sessions over the endpoints, the one with the fewest open sessions first', async () => {
		const [a, b] = await Promise.all([startPlaywrightServer(), startPlaywrightServer()]);
		servers.push(a, b);
		const pool = poolFor(`${a.wsEndpoint},\n${b.wsEndpoint}`);

		// Four executions at once: two sessions on each server, as each server's own browser shows.
		const opened = await Promise.all(['s1', 's2', 's3', 's4'].map((marker) => visit(pool, marker)));
		assert.deepEqual(
			opened.map((run) => run.result.status),
			[200, 200, 200, 200],
		);
		const onA = await a.sessionMarkers();
		const onB = await b.sessionMarkers();
		assert.equal(onA.length, 2, `on A: ${onA}`);
		assert.equal(onB.length, 2, `on B: ${onB}`);
		assert.deepEqual([...onA, ...onB].sort(), ['s1', 's2', 's3', 's4']);

		// Two sessions end on B: the next two sessions go there (A still has two).
		await pool.close({ owner: onB[0] });
		await pool.close({ owner: onB[1] });
		await visit(pool, 's5');
		await visit(pool, 's6');
		assert.deepEqual((await b.sessionMarkers()).sort(), ['s5', 's6']);
		assert.deepEqual((await a.sessionMarkers()).sort(), [...onA].sort());
	});

	it('passes over an endpoint that refuses for the cool-down, then gives it sessions again', async () => {
		const cooldownMs = 8_000;
		const [a, b] = await Promise.all([startPlaywrightServer(), startPlaywrightServer()]);
		servers.push(a, b);
		const pool = poolFor(`${a.wsEndpoint}, ${b.wsEndpoint}`, { endpointCooldownMs: cooldownMs });
		// Both connected, one session on B, none on A: A is the first choice.
		await visit(pool, 'c0');
		await visit(pool, 'c1');
		assert.deepEqual([await a.sessionMarkers(), await b.sessionMarkers()], [['c0'], ['c1']]);
		await pool.close({ owner: 'c0' });

		await a.stop(); // down: its connection drops and its endpoint refuses new ones
		await eventually(() => pool.browserCount === 1, 'the pool has noticed that A is gone');
		const firstTried = Date.now();
		assert.equal((await visit(pool, 'c2')).result.status, 200, 'no error: B took it');
		assert.deepEqual((await b.sessionMarkers()).sort(), ['c1', 'c2']);

		// A is back on the same endpoint, but in its cool-down: B takes the sessions, though it has more.
		await a.start();
		await Promise.all([visit(pool, 'c3'), visit(pool, 'c4')]);
		assert.ok(
			Date.now() - firstTried < cooldownMs,
			'still within the cool-down (the machine was too slow to tell otherwise)',
		);
		assert.deepEqual((await b.sessionMarkers()).sort(), ['c1', 'c2', 'c3', 'c4']);
		assert.deepEqual(await a.sessionMarkers(), []);

		// The cool-down over (it began as A refused, just after firstTried): A, with no session, is first again.
		await new Promise((resolve) =>
			setTimeout(resolve, cooldownMs + 1_000 - (Date.now() - firstTried)),
		);
		await visit(pool, 'c5');
		assert.deepEqual(await a.sessionMarkers(), ['c5']);
		assert.equal((await b.sessionMarkers()).length, 4);
	});

	it('fails the sessions of an endpoint that goes away as BROWSER_CRASHED; the others run on, new ones go elsewhere', async (t) => {
		const [a, b] = await Promise.all([startPlaywrightServer(), startPlaywrightServer()]);
		servers.push(a, b);
		const pool = poolFor(`${a.wsEndpoint}, ${b.wsEndpoint}`);
		await Promise.all([visit(pool, 'g1'), visit(pool, 'g2')]);
		const [onA] = await a.sessionMarkers();
		const [onB] = await b.sessionMarkers();
		assert.deepEqual([onA, onB].sort(), ['g1', 'g2']);

		const waiting = failureOf(
			pool.run({ owner: onA }, 'waitFor', {
				until: 'elementVisible',
				selector: '#never-there',
				timeoutMs: 25_000,
			}),
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const cut = Date.now();
		await a.stop(); // the connection to A drops, and A refuses new ones
		const error = await waiting;
		assert.equal(error.code, 'BROWSER_CRASHED', error.message);
		t.diagnostic(`BROWSER_CRASHED ${Date.now() - cut} ms after A went away`);
		assert.equal((await pool.status({ owner: onA }))?.state, 'failed');

		// B's session goes on; a new session, though A has none now, goes to B without an error.
		const extracted = await pool.run<any>({ owner: onB }, 'extractText', { selector: 'h1' });
		assert.ok(extracted.result.text);
		assert.equal((await visit(pool, 'g3')).result.status, 200);
		assert.deepEqual((await b.sessionMarkers()).sort(), [onB, 'g3'].sort());
	});

	it('opens a session asked for as its endpoint goes away on another endpoint, without an error', async () => {
		const [a, b] = await Promise.all([startPlaywrightServer(), startPlaywrightServer()]);
		servers.push(a, b);
		const pool = poolFor(`${a.wsEndpoint}, ${b.wsEndpoint}`);
		// Two sessions on each; then A's end, so A (connected, no sessions) is chosen next.
		await Promise.all(['w1', 'w2', 'w3', 'w4'].map((marker) => visit(pool, marker)));
		for (const marker of await a.sessionMarkers()) await pool.close({ owner: marker });
		const stopped = a.stop(); // A's connection drops; the pool has not seen it yet
		const opened = await visit(pool, 'w5');
		await stopped;
		assert.equal(opened.result.status, 200);
		assert.ok((await b.sessionMarkers()).includes('w5'), 'w5 went to B');
	});

	it('fails with BROWSER_CONNECT_FAILED naming each endpoint when none connects, token and headers sent to each', async () => {
		for (const mode of ['playwright', 'cdp'] as const) {
			const [first, second] = await Promise.all([startRefusingServer(), startRefusingServer()]);
			try {
				const scheme = mode === 'playwright' ? 'ws' : 'http';
				const endpoints = [first, second].map(
					(refusing) => `${scheme}://127.0.0.1:${refusing.port}/browser?token=fleet-query-secret`,
				);
				const pool = new SessionPool({
					browser: {
						mode,
						[mode === 'playwright' ? 'wsEndpoint' : 'endpointURL']: endpoints.join('\n'),
						headers: { Authorization: 'Bearer fleet-header-secret', 'X-Fleet': 'one' },
						connectTimeoutMs: 5_000,
					} as unknown as BrowserConnectionInput,
				});
				pools.push(pool);
				const started = Date.now();
				const error = await failureOf(visit(pool, `refused-${mode}`));
				assert.equal(error.code, 'BROWSER_CONNECT_FAILED', error.message);
				assert.ok(Date.now() - started < 5_000, 'refused at once, not after a timeout');
				assert.match(error.message, /any of the 2 browsers/);
				for (const refusing of [first, second]) {
					assert.ok(
						error.message.includes(`${scheme}://127.0.0.1:${refusing.port}/browser?token=***`),
						error.message,
					);
					assert.ok(refusing.requests.length > 0, `${mode}: port ${refusing.port} was asked`);
					for (const headers of refusing.requests) {
						assert.equal(headers.authorization, 'Bearer fleet-header-secret');
						assert.equal(headers['x-fleet'], 'one');
					}
				}
				assert.doesNotMatch(error.message, /fleet-query-secret|fleet-header-secret/);
				assert.match(error.advice, /reachable/);
				assert.match(error.advice, /passed over for 30 s/);
			} finally {
				await Promise.all([first.close(), second.close()]);
			}
		}
	});

	it('checks every endpoint of the setting, and fails the check naming the one that is down', async () => {
		const [a, b] = await Promise.all([startPlaywrightServer(), startPlaywrightServer()]);
		servers.push(a, b);
		const both = await checkBrowserConnection({
			mode: 'playwright',
			wsEndpoint: `${a.wsEndpoint}, ${b.wsEndpoint}`,
		});
		assert.match(both.version, /^\d+\./);
		assert.deepEqual(
			both.endpoints?.map((reached) => reached.endpoint),
			[a.wsEndpoint, b.wsEndpoint],
		);
		await b.stop();
		const error = await failureOf(
			checkBrowserConnection({
				mode: 'playwright',
				wsEndpoint: `${a.wsEndpoint}, ${b.wsEndpoint}`,
			}),
		);
		assert.equal(error.code, 'BROWSER_CONNECT_FAILED');
		assert.match(error.message, /^Could not connect to 1 of the 2 browsers: /);
		assert.ok(error.message.includes(b.wsEndpoint), error.message);
		assert.ok(error.message.endsWith(`Connected to ${a.wsEndpoint}.`), error.message);
	});
});

interface PlaywrightServer {
	wsEndpoint: string;
	/** The `fleet` markers of the pages open in this server's browser, seen through its own debugging port. */
	sessionMarkers(): Promise<string[]>;
	/** Stops listening at the endpoint: connections to it are refused (the browser behind it stays). */
	stop(): Promise<void>;
	/** Listens at the same endpoint again. */
	start(): Promise<void>;
	close(): Promise<void>;
}

/**
 * A Playwright server on this machine (`launchServer`), reached through a port of its own that can
 * stop and start listening at once, so its endpoint can refuse and come back without waiting for a
 * browser launch. Its Chromium also listens on a debugging port, from which the test sees the pages
 * the server's browser holds, whichever client opened them.
 */
async function startPlaywrightServer(): Promise<PlaywrightServer> {
	const debuggingPort = Number(new URL(await unreachableUrl()).port);
	const server: BrowserServer = await chromium.launchServer({
		executablePath: findExecutable(),
		args: ['--no-sandbox', `--remote-debugging-port=${debuggingPort}`],
	});
	const behind = new URL(server.wsEndpoint());
	const port = Number(new URL(await unreachableUrl()).port);
	const sockets = new Set<Socket>();
	let gate: NetServer | undefined;
	const start = async () => {
		gate = createNetServer((socket) => {
			const upstream = connect(Number(behind.port), behind.hostname);
			for (const end of [socket, upstream]) {
				sockets.add(end);
				end.on('close', () => sockets.delete(end));
				end.on('error', () => undefined);
			}
			socket.pipe(upstream).pipe(socket);
			socket.on('close', () => upstream.destroy());
			upstream.on('close', () => socket.destroy());
		});
		await new Promise<void>((resolve) => gate!.listen(port, '127.0.0.1', resolve));
	};
	const stop = async () => {
		const closing = gate;
		gate = undefined;
		if (!closing) return;
		for (const socket of sockets) socket.destroy();
		await new Promise((resolve) => closing.close(resolve));
	};
	await start();
	return {
		wsEndpoint: `ws://127.0.0.1:${port}${behind.pathname}`,
		async sessionMarkers() {
			const targets = (await (
				await fetch(`http://127.0.0.1:${debuggingPort}/json/list`)
			).json()) as Array<{ type: string; url: string }>;
			return targets
				.filter((target) => target.type === 'page' && target.url.includes('fleet='))
				.map((target) => new URL(target.url).searchParams.get('fleet')!);
		},
		stop,
		start,
		async close() {
			await stop();
			await server.close();
		},
	};
}

/** An HTTP server that answers every request (WebSocket upgrades too) with 403, recording its headers. */
async function startRefusingServer(): Promise<{
	port: number;
	requests: IncomingHttpHeaders[];
	close(): Promise<void>;
}> {
	const requests: IncomingHttpHeaders[] = [];
	const server: Server = createServer((request, response) => {
		requests.push(request.headers);
		response.writeHead(403).end('forbidden');
	});
	server.on('upgrade', (request, socket) => {
		requests.push(request.headers);
		socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as { port: number }).port,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
