import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium, type BrowserServer } from 'playwright';
import { SessionPool, findExecutable } from '../../../../lib';
import { EgressProxy, upstreamProxyOf } from '../../../../lib/runner/policy/egress';
import {
	startAllowedSite,
	startForbiddenServer,
	type AllowedSite,
	type ForbiddenServer,
} from '../../../helpers/containment';
import { startProxy } from '../../../helpers/proxy';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../../helpers/runner';

/** One plain-http request through a proxy, as a browser sends it (absolute URL, Basic proxy credentials). */
function viaProxy(
	proxyUrl: string,
	target: string,
	credentials?: { username: string; password: string },
): Promise<{ status: number; body: string }> {
	const proxy = new URL(proxyUrl);
	return new Promise((resolve, reject) => {
		const request = http.request(
			{
				host: proxy.hostname,
				port: proxy.port,
				path: target,
				headers: credentials
					? {
							'proxy-authorization': `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
						}
					: {},
			},
			(response) => {
				let body = '';
				response.on('data', (chunk) => (body += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
			},
		);
		request.on('error', reject);
		request.end();
	});
}

describe('egress proxy', () => {
	let site: AllowedSite;
	let forbidden: ForbiddenServer;

	before(async () => {
		site = await startAllowedSite();
		site.page('/', '<title>allowed</title>');
		forbidden = await startForbiddenServer('127.0.0.2', '127.0.0.2');
	});
	after(async () => {
		await site.close();
		await forbidden.close();
	});

	it('asks for credentials it does not know, refuses a tenant without rules, and connects only where the rules allow', async () => {
		const proxy = await EgressProxy.start();
		try {
			const tenant = proxy.newTenant();
			const credentials = { username: tenant.proxy.username, password: tenant.proxy.password };
			assert.equal((await viaProxy(proxy.url, `${site.origin}/`)).status, 407, 'no credentials');
			assert.equal(
				(await viaProxy(proxy.url, `${site.origin}/`, { ...credentials, password: 'guess' }))
					.status,
				407,
				'wrong password',
			);
			assert.equal(
				(await viaProxy(proxy.url, `${site.origin}/`, credentials)).status,
				403,
				'a tenant without rules (a spare context) reaches nothing',
			);

			const asked: string[] = [];
			tenant.admit({ decide: (host) => (asked.push(host), { allowed: host === '127.0.0.1' }) });
			const allowed = await viaProxy(proxy.url, `${site.origin}/`, credentials);
			assert.equal(allowed.status, 200);
			assert.match(allowed.body, /allowed/);
			const refused = await viaProxy(proxy.url, `${forbidden.origin}/page`, credentials);
			assert.equal(refused.status, 403);
			assert.match(refused.body, /Blocked by the Browser Agent policy: 127\.0\.0\.2/);
			assert.deepEqual(asked, ['127.0.0.1', '127.0.0.2']);
			assert.deepEqual(forbidden.log, { connections: 0, requests: [], udpPackets: 0 });

			tenant.leave();
			assert.equal(
				(await viaProxy(proxy.url, `${site.origin}/`, credentials)).status,
				407,
				'a tenant that left is unknown',
			);
			assert.equal(proxy.tenantCount, 0);
		} finally {
			await proxy.close();
		}
	});

	it('reads the session proxy as the upstream: credentials in the URL, Chromium’s bypass rules', () => {
		const upstream = upstreamProxyOf({
			server: 'proxy.example:3128',
			username: 'me@corp',
			password: 'p:ss/w',
			bypass: 'intranet.example, .corp.example, *.lab.example, <local>',
		});
		assert.equal(upstream.url, 'http://me%40corp:p%3Ass%2Fw@proxy.example:3128');
		assert.equal(
			upstreamProxyOf({ server: 'socks5://127.0.0.1:1080' }).url,
			'socks5://127.0.0.1:1080',
		);
		for (const host of ['intranet.example', 'a.corp.example', 'x.y.lab.example', 'printer'])
			assert.ok(upstream.bypasses(host), host);
		for (const host of ['portal.example', 'corp.example.com', 'lab.example', '127.0.0.1', '[::1]'])
			assert.ok(!upstream.bypasses(host), host);
	});
});

describe('egress proxy in sessions', () => {
	let env: RunnerEnvironment;
	let forbidden: ForbiddenServer;

	before(async () => {
		env = await startRunnerEnvironment();
		forbidden = await startForbiddenServer('127.0.0.2', '127.0.0.2');
	});
	after(async () => {
		await env.close();
		await forbidden.close();
	});

	it('chains to the session’s own proxy: allowed traffic leaves through it, refused hosts reach neither', async () => {
		const password = 'upstr3am-S3cret';
		const upstream = await startProxy(env.site.url, { username: 'agent', password });
		try {
			const key = env.key();
			await env.pool.open(key, {
				options: { proxy: { server: upstream.url, username: 'agent', password } },
				environment: { policy: { allowedDomains: ['127.0.0.1'] } },
			});
			const run = await env.pool.run<{ title: string }>(key, 'navigate', {
				url: `${env.site.url}/form`,
			});
			assert.equal(run.result.title, 'Profile - Acme Finance');
			assert.ok(
				upstream.seen.some(
					(request) => request.url === `${env.site.url}/form` && request.authorization,
				),
				'the allowed page came through the session’s proxy, with its credentials',
			);
			const seenBefore = upstream.seen.length;
			const refused = await failureOf(
				env.pool.run(key, 'navigate', {
					url: `${env.site.url.replace('127.0.0.1', '127.0.0.2')}/form`,
				}),
			);
			assert.equal(refused.code, 'DOMAIN_NOT_ALLOWED');
			await env.pool
				.run(key, 'navigate', {
					url: `${env.site.url}/escape/redirect?to=${encodeURIComponent(forbidden.origin)}`,
				})
				.catch(() => undefined);
			assert.ok(
				!upstream.seen
					.slice(seenBefore)
					.some((request) => request.url.startsWith('http://127.0.0.2')),
				'no refused host reached the upstream proxy',
			);
			assert.deepEqual(forbidden.log, { connections: 0, requests: [], udpPackets: 0 });
			assert.doesNotMatch(JSON.stringify(await env.pool.status(key)), /upstr3am-S3cret/);
		} finally {
			upstream.server.closeAllConnections();
			upstream.server.close();
		}
	});

	it('a Playwright server on this machine is contained too: a redirect hop to a refused host never reaches it', async () => {
		const server: BrowserServer = await chromium.launchServer({
			executablePath: findExecutable(),
			args: ['--no-sandbox'],
		});
		const pool = new SessionPool({
			browser: { mode: 'playwright', wsEndpoint: server.wsEndpoint() },
		});
		const site = await startAllowedSite();
		try {
			forbidden.reset();
			const key = { owner: 'remote-contained' };
			await pool.open(key, { environment: { policy: { allowedDomains: ['127.0.0.1'] } } });
			const error = await failureOf(
				pool.run(key, 'navigate', {
					url: `${site.origin}/chain/2?to=${encodeURIComponent(`${forbidden.origin}/page`)}`,
				}),
			);
			assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
			assert.deepEqual(forbidden.log, { connections: 0, requests: [], udpPackets: 0 });
			const status = await pool.status(key);
			assert.ok((status?.blockedByPolicy?.total ?? 0) > 0);
			assert.equal(status?.hostRulesEnforcedBy, 'egressProxy');
		} finally {
			await pool.shutdown();
			await server.close();
			await site.close();
		}
	});
});
