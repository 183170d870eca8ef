/**
 * Runner overhead against raw Playwright, measured in one process and one run:
 *   1. the same flow (navigate, fill, fill, click, extract text, extract table) through the
 *      SessionPool and through plain Playwright calls on one page, interleaved round by round;
 *   2. opening a session on a warm pool against launching a browser for each run.
 * Run: npx tsx bench/runner-overhead.ts [--rounds 30]
 */
import { chromium, type Page } from 'playwright';
import { SessionPool, findExecutable } from '../lib';
import { readTableGrid } from '../lib/actions/extractTable';
import { LOGIN } from '../scripts/fixture-site/expected';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, timed } from './measure';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 30;
const LAUNCH = {
	executablePath: findExecutable(),
	args: [
		'--no-sandbox',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-dev-shm-usage',
	],
};

async function main() {
	const site = await startFixtureSite();
	const pool = new SessionPool({
		browser: { mode: 'launch', executablePath: LAUNCH.executablePath },
	});
	const browser = await chromium.launch(LAUNCH);
	try {
		// --- 1. the same flow both ways -------------------------------------------------
		const rawContext = await browser.newContext({
			viewport: { width: 1280, height: 800 },
			acceptDownloads: true,
		});
		const page: Page = await rawContext.newPage();
		const key = { owner: 'bench' };
		const rawFlow = async () => {
			await page.goto(`${site.url}/login`, { waitUntil: 'load' });
			await page.locator('#username').fill(LOGIN.username);
			await page.locator('#password').fill(LOGIN.password);
			await page.locator('#login-submit').click();
			await page.waitForURL('**/dashboard');
			await page.locator('#welcome').first().innerText();
			await page.goto(`${site.url}/tables`, { waitUntil: 'load' });
			// The same in-page work as Extract Table, so only the runner's own cost differs.
			await page
				.locator('#complex')
				.first()
				.evaluate(readTableGrid, { headerMode: 'auto' as const });
		};
		const runnerFlow = async () => {
			await pool.run(key, 'navigate', { url: `${site.url}/login` });
			await pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
			await pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
			await pool.run(key, 'click', { selector: '#login-submit' });
			await (await pool.session(key))!.context.pages()[0].waitForURL('**/dashboard');
			await pool.run(key, 'extractText', { selector: '#welcome' });
			await pool.run(key, 'navigate', { url: `${site.url}/tables` });
			await pool.run(key, 'extractTable', { selector: '#complex' });
		};
		// Warm up both paths (first navigation, JIT), then interleave so drift hits both alike.
		await rawFlow();
		await runnerFlow();
		const raw: number[] = [];
		const runner: number[] = [];
		for (let round = 0; round < rounds; round++) {
			if (round % 2) {
				raw.push(await timed(rawFlow));
				runner.push(await timed(runnerFlow));
			} else {
				runner.push(await timed(runnerFlow));
				raw.push(await timed(rawFlow));
			}
		}
		await rawContext.close();
		await pool.close(key);

		// --- 2. warm session open vs browser launch -------------------------------------
		const warmOpen: number[] = [];
		const coldLaunch: number[] = [];
		for (let round = 0; round < Math.min(rounds, 10); round++) {
			const owner = { owner: `bench-open-${round}` };
			warmOpen.push(
				await timed(async () => {
					await pool.open(owner);
				}),
			);
			await pool.close(owner);
			coldLaunch.push(
				await timed(async () => {
					const fresh = await chromium.launch(LAUNCH);
					const context = await fresh.newContext();
					await context.newPage();
					await fresh.close();
				}),
			);
		}

		const flowRatio = median(runner) / median(raw);
		const openRatio = median(coldLaunch) / median(warmOpen);
		console.log(
			`flow (navigate, fill ×2, click, extract text, navigate, extract table), ${rounds} rounds each:`,
		);
		console.log(`  raw Playwright  median ${median(raw).toFixed(1)} ms`);
		console.log(`  runner          median ${median(runner).toFixed(1)} ms`);
		console.log(
			`  runner / raw    ${flowRatio.toFixed(3)}  (overhead ${((flowRatio - 1) * 100).toFixed(1)} %, target ≤ 5 %)`,
		);
		console.log(`session open:`);
		console.log(`  warm pool open  median ${median(warmOpen).toFixed(1)} ms`);
		console.log(`  fresh launch    median ${median(coldLaunch).toFixed(1)} ms`);
		console.log(`  launch / warm   ${openRatio.toFixed(1)}×  (target ≥ 20×)`);
	} finally {
		await browser.close();
		await pool.shutdown();
		await site.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
