/**
 * What the egress proxy costs, measured in one process and one run, interleaved round by round:
 *   1. per navigation: page.goto of a small page, in a context through the proxy against one without;
 *   2. per request: 50 fetches from the page, the same two ways;
 *   3. end to end: the bench flow through the runner with host rules (route guard + proxy) against
 *      the same flow without host rules.
 * Ratios (through the proxy / without) are what to compare between runs; the absolute times depend
 * on the machine's load.
 * Run: npx tsx bench/egress-proxy.ts [--rounds 30]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright';
import { SessionPool, findExecutable } from '../lib';
import { EgressProxy } from '../lib/runner/policy/egress';
import { LOGIN } from '../scripts/fixture-site/expected';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, timed, numberArgument } from './measure';

const rounds = numberArgument('rounds', 30);
const FETCHES = 50;

/** Runs both sides alternately (which goes first alternates too) and reports medians and their ratio. */
async function compare(
	label: string,
	proxied: () => Promise<unknown>,
	direct: () => Promise<unknown>,
): Promise<void> {
	const times = { proxied: [] as number[], direct: [] as number[] };
	await proxied();
	await direct();
	for (let round = 0; round < rounds; round++) {
		if (round % 2) {
			times.proxied.push(await timed(proxied));
			times.direct.push(await timed(direct));
		} else {
			times.direct.push(await timed(direct));
			times.proxied.push(await timed(proxied));
		}
	}
	const [withProxy, without] = [median(times.proxied), median(times.direct)];
	console.log(
		`${label.padEnd(44)} proxy ${withProxy.toFixed(1).padStart(7)} ms   direct ${without.toFixed(1).padStart(7)} ms   ratio ${(withProxy / without).toFixed(3)}`,
	);
}

async function main() {
	const server = http.createServer((req, res) => {
		res.setHeader('content-type', req.url === '/' ? 'text/html' : 'text/plain');
		res.end(
			req.url === '/' ? '<!doctype html><title>bench</title><p>hello</p>' : 'x'.repeat(1_024),
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const site = await startFixtureSite();
	const executablePath = findExecutable();
	const browser = await chromium.launch({
		executablePath,
		args: [
			'--no-sandbox',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
		],
	});
	const egress = await EgressProxy.start();
	const pool = new SessionPool({ browser: { mode: 'launch', executablePath } });
	try {
		const tenant = egress.newTenant();
		tenant.admit({ decide: () => ({ allowed: true }) });
		const proxiedPage = await (await browser.newContext({ proxy: tenant.proxy })).newPage();
		const directPage = await (await browser.newContext()).newPage();
		const fetchAll = (count: number) =>
			Promise.all(
				Array.from({ length: count }, (_, index) =>
					fetch(`/data?${index}`).then((response) => response.text()),
				),
			);

		console.log(`egress proxy overhead, ${rounds} rounds each (medians)`);
		await compare(
			'navigation (page.goto)',
			() => proxiedPage.goto(`${origin}/`),
			() => directPage.goto(`${origin}/`),
		);
		await compare(
			`${FETCHES} requests (fetch from the page)`,
			() => proxiedPage.evaluate(fetchAll, FETCHES),
			() => directPage.evaluate(fetchAll, FETCHES),
		);

		const contained = { owner: 'bench-contained' };
		const open = { owner: 'bench-open' };
		await pool.open(contained, { environment: { policy: { allowedDomains: ['127.0.0.1'] } } });
		await pool.open(open);
		const flow = (key: { owner: string }) => async () => {
			await pool.run(key, 'navigate', { url: `${site.url}/login` });
			await pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
			await pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
			await pool.run(key, 'click', { selector: '#login-submit' });
			await pool.run(key, 'waitFor', { until: 'urlMatches', pattern: '**/dashboard' });
			await pool.run(key, 'extractText', { selector: '#welcome' });
			await pool.run(key, 'navigate', { url: `${site.url}/tables` });
			await pool.run(key, 'extractTable', { selector: '#complex' });
		};
		await compare('runner flow, host rules vs none', flow(contained), flow(open));
	} finally {
		await pool.shutdown();
		await browser.close();
		await egress.close();
		await site.close();
		server.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
