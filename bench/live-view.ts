/**
 * Live view latency: from a change of the session's page to the viewer showing a new frame, on
 * loopback, through the real viewer page in a second Chromium (its <img> load events). Also the
 * frame rate while the page keeps changing. A figure to watch, not a timed test.
 * Run: npx tsx bench/live-view.ts [--changes 30]
 */
import { chromium } from 'playwright';
import { LiveViews, SessionPool, findExecutable } from '../lib';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, numberArgument } from './measure';

const changes = numberArgument('changes', 30);

function percentile(values: number[], share: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

async function main() {
	const site = await startFixtureSite();
	const pool = new SessionPool({ browser: { mode: 'launch', executablePath: findExecutable() } });
	const live = new LiveViews(pool);
	const person = await chromium.launch({
		executablePath: findExecutable(),
		args: ['--no-sandbox'],
	});
	try {
		const key = { owner: 'bench-live-view' };
		await pool.run(key, 'navigate', { url: `${site.url}/pick` });
		const { url } = await live.link(key);
		const view = await person.newPage({ viewport: { width: 1400, height: 1000 } });
		await view.addInitScript(() => {
			const shown: number[] = [];
			(window as unknown as { shown: number[] }).shown = shown;
			document.addEventListener('DOMContentLoaded', () => {
				document.getElementById('view')!.addEventListener('load', () => shown.push(Date.now()));
			});
		});
		await view.goto(url);
		await view.waitForFunction(() => (window as unknown as { shown: number[] }).shown.length > 0);
		const page = (await pool.session(key))!.currentTab()!;
		const delays: number[] = [];
		for (let change = 0; change < changes; change++) {
			await new Promise((resolve) => setTimeout(resolve, 400));
			const changedAt = Date.now();
			await page.evaluate((n) => {
				document.querySelector('h1')!.textContent = `Approvals ${n}`;
				document.body.style.background = n % 2 ? '#fde' : '#def';
			}, change);
			await view
				.waitForFunction(
					(after) => (window as unknown as { shown: number[] }).shown.some((at) => at >= after),
					changedAt,
					{ timeout: 5_000 },
				)
				.catch(() => undefined);
			const shown = await view.evaluate(() => (window as unknown as { shown: number[] }).shown);
			const first = shown.find((at) => at >= changedAt);
			if (first !== undefined) delays.push(first - changedAt);
		}
		// Frame rate while the page changes all the time.
		await page.evaluate(() => {
			let n = 0;
			setInterval(() => (document.querySelector('h1')!.textContent = `Approvals ${n++}`), 30);
		});
		const before = (await view.evaluate(() => (window as unknown as { shown: number[] }).shown))
			.length;
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const after = (await view.evaluate(() => (window as unknown as { shown: number[] }).shown))
			.length;
		console.log(`live view on loopback, ${delays.length}/${changes} changes seen:`);
		console.log(
			`  change → shown  p50 ${median(delays).toFixed(0)} ms, p95 ${percentile(delays, 0.95).toFixed(0)} ms`,
		);
		console.log(
			`  frames while the page keeps changing  ${((after - before) / 3).toFixed(1)} per second`,
		);
	} finally {
		await person.close();
		await live.close();
		await pool.shutdown();
		await site.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
