import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices } from 'playwright';
import { BASIC_AUTH_LOGIN, HEAVY_IMAGE_COUNT, LOGIN } from '../../../scripts/fixture-site/expected';
import { startProxy } from '../../helpers/proxy';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import {
	BLOCKED_REQUESTS_KEY,
	contextOptionsFor,
	sessionOptionsSchema,
} from '../../../lib/runner/sessionOptions';
import type { SessionControls } from '../../../lib/actions/action';
import type { SessionKey } from '../../../lib';

function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise((resolve) => server.close(() => resolve()));
}

describe('Session → Open options reach the browser context', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function openAt(options: Record<string, unknown>, path = '/form'): Promise<SessionKey> {
		const key = env.key();
		await env.pool.open(key, { options });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}${path}` });
		return key;
	}

	it('sets the geolocation and grants its permission, plus other listed permissions', async () => {
		const key = await openAt({
			geolocation: { latitude: 52.52, longitude: 13.405, accuracy: 25 },
			permissions: ['notifications'],
		});
		const seen = await (
			await env.page(key)
		).evaluate(
			() =>
				new Promise<unknown>((resolve, reject) =>
					navigator.geolocation.getCurrentPosition(
						(position) =>
							resolve({
								latitude: position.coords.latitude,
								longitude: position.coords.longitude,
								accuracy: position.coords.accuracy,
								notifications: Notification.permission,
							}),
						(error) => reject(new Error(error.message)),
						{ timeout: 5_000 },
					),
				),
		);
		assert.deepEqual(seen, {
			latitude: 52.52,
			longitude: 13.405,
			accuracy: 25,
			notifications: 'granted',
		});
	});

	it('sets the colour scheme pages see', async () => {
		const dark = await openAt({ colorScheme: 'dark' });
		assert.equal(
			await (
				await env.page(dark)
			).evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
			true,
		);
		const light = await openAt({ colorScheme: 'light' });
		assert.equal(
			await (
				await env.page(light)
			).evaluate(() => matchMedia('(prefers-color-scheme: light)').matches),
			true,
		);
	});

	it('emulates a device preset: user agent, viewport, screen, pixel ratio, touch and mobile layout', async () => {
		const key = await openAt({ device: 'iPhone 13' });
		const page = await env.page(key);
		const preset = devices['iPhone 13'] as (typeof devices)[string] & {
			screen: { width: number; height: number };
		};
		assert.deepEqual(page.viewportSize(), preset.viewport);
		const seen = await page.evaluate(() => ({
			userAgent: navigator.userAgent,
			screenWidth: screen.width,
			pixelRatio: devicePixelRatio,
			touch: navigator.maxTouchPoints > 0,
			// A mobile browser lays a page without a viewport meta tag out 980 px wide.
			layoutWidth: innerWidth,
		}));
		assert.deepEqual(seen, {
			userAgent: preset.userAgent,
			screenWidth: preset.screen.width,
			pixelRatio: preset.deviceScaleFactor,
			touch: true,
			layoutWidth: 980,
		});
	});

	it('lets an explicit viewport and user agent win over the preset; forgives letter case', async () => {
		const key = await openAt({
			device: 'desktop chrome',
			viewport: { width: 1000, height: 700 },
			userAgent: 'AcmeBot/2.0',
		});
		const page = await env.page(key);
		assert.deepEqual(page.viewportSize(), { width: 1000, height: 700 });
		assert.equal(await page.evaluate(() => navigator.userAgent), 'AcmeBot/2.0');
		const plain = await openAt({});
		assert.deepEqual(
			(await env.page(plain)).viewportSize(),
			{ width: 1280, height: 800 },
			'the default viewport is unchanged',
		);
	});

	it('rejects an unknown device, suggesting known names', async () => {
		const error = await failureOf(
			env.pool.open(env.key(), { options: { device: 'iPhone 99 Ultra' } }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'device');
		assert.match(error.message, /unknown device "iPhone 99 Ultra".*e\.g\. "iPhone/);
	});

	it('blocks the listed resource types and counts what it blocked', async () => {
		const key = await openAt({ blockResourceTypes: ['image', 'font'] }, '/heavy');
		const page = await env.page(key);
		await page.waitForFunction(
			(count) => document.getElementById('failed-count')?.textContent === String(count),
			HEAVY_IMAGE_COUNT,
			{ timeout: 10_000 },
		);
		assert.equal(await page.textContent('#loaded-count'), '0');
		assert.equal(await page.textContent('#css-status'), 'applied', 'stylesheets still load');
		const session = (await env.pool.session(key))!;
		const blocked = (session as unknown as { controls: SessionControls }).controls.store.get(
			BLOCKED_REQUESTS_KEY,
		)!;
		assert.ok(blocked.byType.image >= HEAVY_IMAGE_COUNT, JSON.stringify(blocked));
		assert.equal(
			blocked.total,
			Object.values(blocked.byType).reduce((sum, count) => sum + count, 0),
		);
	});

	it('restores a storage state when it opens: the login carries over', async () => {
		const first = env.key();
		await env.pool.run(first, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(first, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(first, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(first, 'click', { selector: '#login-submit' });
		await (await env.page(first)).waitForURL('**/dashboard');
		await env.pool.run(first, 'setLocalStorage', { values: { theme: 'dark' } });
		const { result } = await env.pool.run<any>(first, 'exportState', {});

		const second = env.key();
		await env.pool.open(second, { options: { storageState: JSON.stringify(result.storageState) } });
		const run = await env.pool.run(second, 'navigate', { url: `${env.site.url}/dashboard` });
		assert.equal(run.url, `${env.site.url}/dashboard`);
		assert.deepEqual(await (await env.page(second)).evaluate(() => ({ ...localStorage })), {
			theme: 'dark',
		});

		const bad = await failureOf(
			env.pool.open(env.key(), { options: { storageState: { cookies: [{ name: 'x' }] } } }),
		);
		assert.equal(bad.code, 'INVALID_INPUT');
		assert.match(bad.field, /^storageState\.cookies\.0\./);
	});

	it('keeps the storage state out of the context options (and so out of the spare context)', () => {
		const options = sessionOptionsSchema.parse({
			storageState: { cookies: [], origins: [] },
			blockResourceTypes: ['image'],
		});
		const contextOptions = contextOptionsFor(options) as Record<string, unknown>;
		assert.equal(contextOptions.storageState, undefined);
		assert.equal(
			contextOptions.viewport && JSON.stringify(contextOptions.viewport),
			'{"width":1280,"height":800}',
		);
	});

	it('sends traffic through an authenticating proxy with extra headers; the password shows nowhere', async () => {
		const password = 'pr0xy-S3cret!';
		const proxy = await startProxy(env.site.url, { username: 'agent', password });
		try {
			const key = env.key();
			const opened = await env.pool.open(key, {
				options: {
					proxy: { server: proxy.url, username: 'agent', password },
					extraHTTPHeaders: { 'X-Run': 'proxy-test' },
				},
			});
			const run = await env.pool.run<any>(key, 'navigate', {
				url: 'http://portal.example.test/form',
			});
			assert.equal(run.result.status, 200);
			assert.equal(run.result.title, 'Profile - Acme Finance');
			const authenticated = proxy.seen.filter((request) => request.authorization);
			assert.ok(
				authenticated.some((request) => request.url === 'http://portal.example.test/form'),
				JSON.stringify(proxy.seen.map((r) => r.url)),
			);
			assert.equal(
				Buffer.from(authenticated[0].authorization!.replace('Basic ', ''), 'base64').toString(),
				`agent:${password}`,
			);
			assert.equal(authenticated[0].headers['x-run'], 'proxy-test');
			const status = await env.pool.status(key);
			for (const shown of [opened, status, run, (await env.pool.session(key))!.history]) {
				assert.doesNotMatch(JSON.stringify(shown), /pr0xy-S3cret/);
			}
		} finally {
			await closeServer(proxy.server);
		}
	});

	it('fails at the proxy without showing the password', async () => {
		const key = env.key();
		const password = 'pr0xy-S3cret!';
		await env.pool.open(key, {
			options: { proxy: { server: 'http://127.0.0.1:9', username: 'agent', password } },
		});
		const error = await failureOf(
			env.pool.run(key, 'navigate', { url: 'http://portal.example.test/', timeoutMs: 5_000 }),
		);
		assert.ok(['NAVIGATION_FAILED', 'TIMEOUT'].includes(error.code), error.code);
		assert.doesNotMatch(
			JSON.stringify({ ...error.toJSON(), message: error.message, stack: error.stack }),
			/pr0xy-S3cret/,
		);
	});

	it('validates proxy settings without echoing them', async () => {
		const inUrl = await failureOf(
			env.pool.open(env.key(), {
				options: { proxy: { server: 'http://agent:hunter22@proxy.example:3128' } },
			}),
		);
		assert.equal(inUrl.code, 'INVALID_INPUT');
		assert.equal(inUrl.field, 'proxy.server');
		assert.match(inUrl.message, /user name and password in their own fields/);
		assert.doesNotMatch(inUrl.message, /hunter22/);
		const passwordOnly = await failureOf(
			env.pool.open(env.key(), {
				options: { proxy: { server: 'proxy.example:3128', password: 'hunter22' } },
			}),
		);
		assert.equal(passwordOnly.field, 'proxy.username');
		assert.doesNotMatch(passwordOnly.message, /hunter22/);
		for (const server of [
			'proxy.example:3128',
			'socks5://127.0.0.1:1080',
			'https://proxy.example',
			'[::1]:8080',
		]) {
			assert.ok(sessionOptionsSchema.safeParse({ proxy: { server } }).success, server);
		}
		assert.ok(
			!sessionOptionsSchema.safeParse({ proxy: { server: 'ftp://proxy.example' } }).success,
		);
	});

	it('validates geolocation, permissions, colour scheme and resource types, naming the field', async () => {
		const cases: Array<[Record<string, unknown>, string, RegExp]> = [
			[
				{ geolocation: { latitude: 91, longitude: 0 } },
				'geolocation.latitude',
				/latitude is between -90 and 90/,
			],
			[{ geolocation: { latitude: 0 } }, 'geolocation.longitude', /./],
			[
				{ permissions: ['geolocation', 'telepathy'] },
				'permissions.1',
				/unknown permission; use geolocation, notifications/,
			],
			[{ colorScheme: 'purple' }, 'colorScheme', /light, dark or no-preference/],
			[
				{ blockResourceTypes: ['document'] },
				'blockResourceTypes.0',
				/unknown resource type; use image/,
			],
		];
		for (const [options, field, message] of cases) {
			const error = await failureOf(env.pool.open(env.key(), { options }));
			assert.equal(error.code, 'INVALID_INPUT', field);
			assert.equal(error.field, field);
			assert.match(error.message, message);
		}
	});

	describe('ignoring HTTPS errors', () => {
		let https: Server | undefined;
		let httpsUrl = '';
		let folder = '';
		before(async () => {
			folder = mkdtempSync(join(tmpdir(), 'browser-agent-tls-'));
			try {
				execFileSync(
					'openssl',
					[
						'req',
						'-x509',
						'-newkey',
						'rsa:2048',
						'-nodes',
						'-keyout',
						join(folder, 'key.pem'),
						'-out',
						join(folder, 'cert.pem'),
						'-days',
						'2',
						'-subj',
						'/CN=localhost',
					],
					{ stdio: 'ignore' },
				);
			} catch {
				return; // No openssl: the tests below skip.
			}
			const server = createHttpsServer(
				{
					key: readFileSync(join(folder, 'key.pem')),
					cert: readFileSync(join(folder, 'cert.pem')),
				},
				(_request, response) => {
					response.writeHead(200, { 'Content-Type': 'text/html' });
					response.end('<title>Self-signed</title><h1>ok</h1>');
				},
			);
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			https = server as unknown as Server;
			httpsUrl = `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
		});
		after(async () => {
			if (https) await closeServer(https);
			rmSync(folder, { recursive: true, force: true });
		});

		it('opens a site with a self-signed certificate only when asked to', async (t) => {
			if (!https)
				return t.skip('openssl is not installed, so no self-signed certificate could be made');
			const careful = env.key();
			await env.pool.open(careful);
			const refused = await failureOf(
				env.pool.run(careful, 'navigate', { url: httpsUrl, timeoutMs: 10_000 }),
			);
			assert.equal(refused.code, 'NAVIGATION_FAILED');
			assert.match(refused.message, /CERT|certificate/i);
			const trusting = env.key();
			await env.pool.open(trusting, { options: { ignoreHTTPSErrors: true } });
			const run = await env.pool.run<any>(trusting, 'navigate', { url: httpsUrl });
			assert.equal(run.result.title, 'Self-signed');
		});
	});
});

describe('HTTP authentication of the session environment', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	const login = (origin: string) => ({ ...BASIC_AUTH_LOGIN, origin });

	it('answers the site’s sign-in challenge, for its origin only', async () => {
		// Another site that asks for a sign-in too, and notes every Authorization header it is sent.
		const received: string[] = [];
		const other = createHttpServer((request, response) => {
			if (request.headers.authorization) received.push(request.headers.authorization);
			response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Elsewhere"' });
			response.end('sign in');
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		try {
			const key = env.key();
			// Any address of the site will do: only its origin counts.
			await env.pool.open(key, {
				environment: { httpCredentials: login(`${env.site.url}/any/path?x=1`) },
			});
			const signedIn = await env.pool.run<any>(key, 'navigate', {
				url: `${env.site.url}/basic-auth`,
			});
			assert.equal(signedIn.result.status, 200);
			assert.equal(signedIn.result.title, 'Intranet - Acme Finance');
			const elsewhere = `http://127.0.0.1:${(other.address() as { port: number }).port}/`;
			// Playwright gives up on a challenge it has no credentials for: the navigation fails.
			const refused = await failureOf(
				env.pool.run(key, 'navigate', { url: elsewhere, timeoutMs: 10_000 }),
			);
			assert.equal(refused.code, 'NAVIGATION_FAILED');
			assert.match(refused.message, /ERR_INVALID_AUTH_CREDENTIALS/);
			assert.match(refused.advice, /Use for HTTP Basic Auth/);
			assert.deepEqual(received, [], 'the other origin never got the credentials');
			const none = await failureOf(
				env.pool.run(env.key(), 'navigate', { url: `${env.site.url}/basic-auth` }),
			);
			assert.match(
				none.message,
				/ERR_INVALID_AUTH_CREDENTIALS/,
				'a session without them is refused',
			);
		} finally {
			await closeServer(other);
		}
	});

	it('still signs in when host rules send the session through the egress proxy', async () => {
		const key = env.key();
		const opened = await env.pool.open(key, {
			environment: {
				httpCredentials: login(env.site.url),
				policy: { allowedDomains: ['127.0.0.1'] },
			},
		});
		assert.equal(opened.hostRulesEnforcedBy, 'egressProxy');
		const run = await env.pool.run<any>(key, 'navigate', { url: `${env.site.url}/basic-auth` });
		assert.equal(run.result.status, 200);
	});

	it('keeps the password out of the session’s options, status, records and errors', async () => {
		const key = env.key();
		const opened = await env.pool.open(key, {
			environment: { httpCredentials: login(env.site.url) },
		});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		// An input that holds it, and an error that quotes it, have it redacted.
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: `#${BASIC_AUTH_LOGIN.password}`, timeoutMs: 300 }),
		);
		const session = (await env.pool.session(key))!;
		const shown = JSON.stringify([
			opened,
			(await env.pool.status(key))!.lastError,
			session.options,
			session.history,
			error.message,
		]);
		assert.doesNotMatch(shown, /Bas1c-Auth/);
		assert.match(shown, /\[redacted\]/);
	});

	it('refuses an address that is not a web site, or no user name, without quoting the password', async () => {
		for (const [httpCredentials, field] of [
			[login('ftp://intranet.example.com'), 'origin'],
			[login('intranet.example.com'), 'origin'],
			[{ ...login(env.site.url), username: '' }, 'username'],
		] as const) {
			const error = await failureOf(env.pool.open(env.key(), { environment: { httpCredentials } }));
			assert.equal(error.code, 'INVALID_INPUT');
			assert.equal(error.field, field);
			assert.doesNotMatch(
				JSON.stringify({ ...error.toJSON(), message: error.message }),
				/Bas1c-Auth/,
			);
		}
	});
});
