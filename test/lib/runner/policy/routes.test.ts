import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright';
import type { PolicyInput, SessionKey } from '../../../../lib';
import {
	FORBIDDEN_MARK,
	startAllowedSite,
	startForbiddenServer,
	type AllowedSite,
	type ForbiddenServer,
} from '../../../helpers/containment';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../../helpers/runner';

/**
 * The containment suite: every way a page can reach another host, against forbidden servers on
 * other loopback addresses and names (127.0.0.2, localhost, [::1]). Each route runs first without a
 * policy, to prove it reaches its forbidden server, then with only the allowed site's host allowed,
 * asserting that the forbidden server saw no connection, no request and no UDP packet, that nothing
 * of it was read, and that the action reports what the README documents.
 */

interface Route {
	name: string;
	/** The escape page, given the forbidden origin it reaches for and the allowed site. */
	html(target: ForbiddenServer, site: AllowedSite): string;
	/** A click that starts the escape; without one the page escapes as it loads. */
	click?: string;
	/**
	 * With the policy: the action that starts the escape fails with DOMAIN_NOT_ALLOWED, or the next one
	 * when the page only moved after it ended. Without `fails` no action may fail but with that code.
	 */
	fails?: boolean;
	/** What the control run must see at the forbidden server: a request (default) or a UDP packet. */
	reaches?: 'request' | 'udp';
	/** With host rules the page cannot even try: the API it needs is gone (so nothing is counted). */
	unavailable?: boolean;
}

const script = (code: string): string =>
	`<!doctype html><title>escape</title><p id="out">waiting</p><script>${code}</script>`;
const report = (expression: string): string =>
	`Promise.resolve().then(() => ${expression}).then((v) => { document.getElementById('out').textContent = String(v); }, (e) => { document.getElementById('out').textContent = 'error ' + e; });`;
const button = (onclick: string): string =>
	`<!doctype html><title>escape</title><button id="go" onclick="${onclick.replace(/"/g, '&quot;')}">go</button>`;

const ROUTES: Route[] = [
	// Navigation, by every means.
	{
		name: 'meta refresh',
		html: (t) =>
			`<meta http-equiv="refresh" content="0;url=${t.origin}/page"><title>escape</title>`,
		fails: true,
	},
	{ name: 'Refresh header', html: () => '', fails: true },
	{
		name: 'location on click',
		html: (t) => button(`location.href='${t.origin}/page'`),
		click: '#go',
		fails: true,
	},
	{
		name: 'GET form',
		html: (t) =>
			`<form action="${t.origin}/page" method="get"><input name="q" value="1"><button id="go">go</button></form>`,
		click: '#go',
		fails: true,
	},
	{
		name: 'POST form',
		html: (t) =>
			`<form action="${t.origin}/page" method="post"><input name="q" value="1"><button id="go">go</button></form>`,
		click: '#go',
		fails: true,
	},
	{
		name: 'window.open',
		html: (t) => button(`window.open('${t.origin}/page')`),
		click: '#go',
		fails: true,
	},
	{
		name: 'target=_blank link',
		html: (t) => `<a id="go" target="_blank" href="${t.origin}/page">go</a>`,
		click: '#go',
		fails: true,
	},
	{
		name: 'iframe',
		html: (t) => `<title>escape</title><iframe src="${t.origin}/page"></iframe>`,
		fails: true,
	},
	{
		name: 'object',
		html: (t) => `<title>escape</title><object data="${t.origin}/page" type="text/html"></object>`,
		fails: true,
	},
	{
		name: 'embed',
		html: (t) => `<title>escape</title><embed src="${t.origin}/page" type="text/html">`,
		fails: true,
	},
	{
		name: 'download link',
		html: (t) => `<a id="go" href="${t.origin}/data" download="x.txt">go</a>`,
		click: '#go',
		fails: true,
	},
	// Redirect chains of 1–3 hops: the first hops stay on the allowed host, the last leaves it.
	...[1, 2, 3].flatMap((hops): Route[] => [
		{ name: `${hops}-hop chain, top frame`, html: () => '', fails: true },
		{
			name: `${hops}-hop chain, popup`,
			html: (t) =>
				button(`window.open('/chain/${hops}?to=${encodeURIComponent(`${t.origin}/page`)}')`),
			click: '#go',
			fails: true,
		},
		{
			name: `${hops}-hop chain, iframe`,
			html: (t) =>
				`<title>escape</title><iframe src="/chain/${hops}?to=${encodeURIComponent(`${t.origin}/page`)}"></iframe>`,
			fails: true,
		},
		{
			name: `${hops}-hop chain, fetch`,
			html: (t) =>
				script(
					report(
						`fetch('/chain/${hops}?to=${encodeURIComponent(`${t.origin}/data`)}').then((r) => r.text())`,
					),
				),
		},
		{
			name: `${hops}-hop chain, image`,
			html: (t) =>
				`<title>escape</title><img src="/chain/${hops}?to=${encodeURIComponent(`${t.origin}/img`)}">`,
		},
	]),
	// Subresources and workers.
	{ name: 'image', html: (t) => `<title>escape</title><img src="${t.origin}/img">` },
	{ name: 'script', html: (t) => `<title>escape</title><script src="${t.origin}/data"></script>` },
	{
		name: 'stylesheet',
		html: (t) => `<title>escape</title><link rel="stylesheet" href="${t.origin}/style">`,
	},
	{
		name: 'font',
		html: (t) =>
			`<title>escape</title><style>@font-face{font-family:x;src:url(${t.origin}/font)} p{font-family:x}</style><p>text</p>`,
	},
	{
		name: 'video',
		html: (t) => `<title>escape</title><video src="${t.origin}/video" preload="auto"></video>`,
	},
	{ name: 'fetch', html: (t) => script(report(`fetch('${t.origin}/data').then((r) => r.text())`)) },
	{
		name: 'XMLHttpRequest',
		html: (t) =>
			script(`const x = new XMLHttpRequest(); x.open('GET', '${t.origin}/data'); x.send();`),
	},
	{ name: 'sendBeacon', html: (t) => script(`navigator.sendBeacon('${t.origin}/data', 'x');`) },
	{ name: 'EventSource', html: (t) => script(`new EventSource('${t.origin}/events');`) },
	{
		name: 'WebSocket',
		html: (t) => script(`new WebSocket('${t.origin.replace('http', 'ws')}/socket');`),
	},
	{
		name: 'link prefetch',
		html: (t) => `<title>escape</title><link rel="prefetch" href="${t.origin}/data">`,
	},
	{
		name: 'link preload',
		html: (t) =>
			`<title>escape</title><link rel="preload" as="fetch" crossorigin href="${t.origin}/data">`,
	},
	{
		name: 'dedicated worker',
		html: (t) =>
			script(
				`new Worker(URL.createObjectURL(new Blob([\`fetch('${t.origin}/data')\`], { type: 'text/javascript' })));`,
			),
	},
	{
		name: 'shared worker',
		unavailable: true,
		html: (t) =>
			script(
				report(
					`new Promise((resolve) => { const w = new SharedWorker(URL.createObjectURL(new Blob([\`onconnect = (e) => fetch('${t.origin}/data').then((r) => r.text()).then((v) => e.ports[0].postMessage(v))\`], { type: 'text/javascript' }))); w.port.onmessage = (m) => resolve(m.data); })`,
				),
			),
	},
	{
		name: 'speculation rules prefetch and prerender, then the page moves there',
		html: (t) =>
			`<title>escape</title><script type="speculationrules">${JSON.stringify({
				prerender: [{ source: 'list', urls: [`${t.origin}/page`] }],
				prefetch: [{ source: 'list', urls: [`${t.origin}/data`] }],
			})}</script><a id="go" href="${t.origin}/page">go</a>`,
		click: '#go',
		fails: true,
	},
	{
		name: 'WebRTC STUN',
		html: (t) =>
			script(
				`const pc = new RTCPeerConnection({ iceServers: [{ urls: 'stun:${t.host}:${t.udpPort}' }] }); pc.createDataChannel('x'); pc.createOffer().then((o) => pc.setLocalDescription(o));`,
			),
		reaches: 'udp',
		unavailable: true,
	},
];

/** Where a route's page lives and what navigating there means. */
function entryOf(route: Route, target: ForbiddenServer, site: AllowedSite, index: number): string {
	const chain = /^(\d)-hop chain, top frame$/.exec(route.name);
	if (chain)
		return `${site.origin}/chain/${chain[1]}?to=${encodeURIComponent(`${target.origin}/page`)}`;
	if (route.name === 'Refresh header')
		return `${site.origin}/refresh-header?to=${encodeURIComponent(`${target.origin}/page`)}`;
	const path = `/route/${index}`;
	site.page(path, route.html(target, site));
	return `${site.origin}${path}`;
}

/** Where the forbidden servers listen and the names pages use for them: other addresses, and 127.0.0.1 under a name. */
const FORBIDDEN_ADDRESSES: [bind: string, host: string][] = [
	['127.0.0.2', '127.0.0.2'],
	['127.0.0.1', 'localhost'],
	['::1', '[::1]'],
];

// Routes run four at a time, each against a forbidden server of its own, so one route's traffic
// never lands in another's log; most of a route's time is spent waiting for what the page does.
describe(
	'policy: containment, with the forbidden servers as ground truth',
	{ concurrency: 4 },
	() => {
		let env: RunnerEnvironment;
		let site: AllowedSite;
		const onlySite: PolicyInput = { allowedDomains: ['127.0.0.1'] };

		before(async () => {
			env = await startRunnerEnvironment();
			site = await startAllowedSite();
		});
		after(async () => {
			await env.close();
			await site.close();
		});

		/** Runs the route in a fresh session; returns the session, the error of the action that started the escape (if any) and the pages. */
		async function run(
			route: Route,
			index: number,
			target: ForbiddenServer,
			policy: PolicyInput,
		): Promise<{ key: SessionKey; error?: { code: string; message: string } }> {
			const key = env.key();
			await env.pool.open(key, { environment: { policy } });
			const url = entryOf(route, target, site, index);
			let error: { code: string; message: string } | undefined;
			try {
				await env.pool.run(key, 'navigate', { url, timeoutMs: 15_000 });
				if (route.click)
					await env.pool.run(key, 'click', { selector: route.click, timeoutMs: 15_000 });
			} catch (caught) {
				error = caught as { code: string; message: string };
			}
			return { key, error };
		}

		async function pagesOf(key: SessionKey): Promise<Page[]> {
			return (await env.pool.session(key))!.context.pages();
		}

		/** Whether any frame of any tab of the session shows the forbidden server's content. */
		async function readForbidden(key: SessionKey): Promise<boolean> {
			for (const page of await pagesOf(key)) {
				for (const frame of page.frames()) {
					const text = await frame
						.evaluate(() => document.documentElement?.outerHTML ?? '')
						.catch(() => '');
					if (text.includes(FORBIDDEN_MARK)) return true;
				}
			}
			return false;
		}

		async function refusalCounted(key: SessionKey): Promise<boolean> {
			return ((await env.pool.status(key))?.blockedByPolicy?.total ?? 0) > 0;
		}

		function reached(target: ForbiddenServer, route: Route): boolean {
			return route.reaches === 'udp' ? target.log.udpPackets > 0 : target.log.requests.length > 0;
		}

		ROUTES.forEach((route, index) => {
			it(route.name, async (t) => {
				const target = await startForbiddenServer(
					...FORBIDDEN_ADDRESSES[index % FORBIDDEN_ADDRESSES.length],
				);
				t.after(() => target.close());

				// Control: without a policy the route really reaches its forbidden server.
				target.reset();
				const control = await run(route, index, target, {});
				const deadline = Date.now() + 10_000;
				while (!reached(target, route) && Date.now() < deadline) await sleep(100);
				assert.ok(
					reached(target, route),
					`control: ${route.name} reaches ${target.host} without a policy (error: ${control.error?.message})`,
				);
				await env.pool.close(control.key);

				// With only the allowed site: nothing reaches the forbidden server.
				target.reset();
				const contained = await run(route, index, target, onlySite);
				// The page tries once it has loaded (timers, workers): wait until the refusal is counted,
				// then a while longer for what it does next (retries, late popups).
				const refusalDeadline = Date.now() + 10_000;
				while (!route.unavailable && !(await refusalCounted(contained.key))) {
					if (Date.now() > refusalDeadline) break;
					await sleep(100);
				}
				await sleep(1_000);
				const status = await env.pool.status(contained.key);
				assert.deepEqual(
					target.log,
					{ connections: 0, requests: [], udpPackets: 0 },
					`${route.name}: nothing may reach ${target.host}`,
				);
				assert.equal(
					await readForbidden(contained.key),
					false,
					`${route.name}: no content of ${target.host} was read`,
				);
				// The next action: it fails with the refusal when the page only got there after the escaping
				// action ended (a timer, a late popup); after that the session carries on.
				const next = await env.pool.run(contained.key, 'getPageInfo', {}).then(
					() => undefined,
					(error: { code: string; message: string }) => error,
				);
				const refusal = contained.error ?? next;
				if (route.fails) {
					assert.equal(
						refusal?.code,
						'DOMAIN_NOT_ALLOWED',
						`${route.name}: ${refusal?.message ?? 'no action failed'}`,
					);
					assert.ok(refusal?.message.includes(`host ${target.host} `), refusal?.message);
				} else if (refusal) {
					assert.equal(refusal.code, 'DOMAIN_NOT_ALLOWED', refusal.message);
				}
				if (!route.unavailable)
					assert.ok(
						(status?.blockedByPolicy?.total ?? 0) > 0,
						`${route.name}: the refusal is counted`,
					);
				assert.ok(
					(await env.pool.run(contained.key, 'getPageInfo', {})).result,
					'the session carries on',
				);
				await env.pool.close(contained.key);
			});
		});
	},
);
