/**
 * Runner overhead against raw Playwright, measured in one process and one run:
 *   1. the same flow (navigate, fill, fill, click, extract text, extract table) through the
 *      SessionPool and through plain Playwright calls on one page, interleaved round by round;
 *   2. opening a session on a warm pool against launching a browser for each run.
 * Run: npx tsx bench/runner-overhead.ts [--rounds 30]
 */
import { chromium, type Page } from 'playwright';
import { SessionPool, findExecutable, type ActionCall } from '../lib';
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
		// As the node runs it (each run reads the page title for its output item), and as a runner
		// caller that needs no title runs it (pageTitle: false), the same work as the raw flow.
		const runnerFlowWith = (call: ActionCall) => async () => {
			await pool.run(key, 'navigate', { url: `${site.url}/login` }, {}, call);
			await pool.run(key, 'fill', { selector: '#username', value: LOGIN.username }, {}, call);
			await pool.run(key, 'fill', { selector: '#password', value: LOGIN.password }, {}, call);
			await pool.run(key, 'click', { selector: '#login-submit' }, {}, call);
			await (await pool.session(key))!.context.pages()[0].waitForURL('**/dashboard');
			await pool.run(key, 'extractText', { selector: '#welcome' }, {}, call);
			await pool.run(key, 'navigate', { url: `${site.url}/tables` }, {}, call);
			await pool.run(key, 'extractTable', { selector: '#complex' }, {}, call);
		};
		const runnerFlow = runnerFlowWith({});
		const runnerFlowNoTitle = runnerFlowWith({ pageTitle: false });
		// Warm up both paths (first navigation, JIT), then interleave so drift hits both alike.
		await rawFlow();
		await runnerFlow();
		const raw: number[] = [];
		const runner: number[] = [];
		const runnerNoTitle: number[] = [];
		const flows = [
			{ flow: rawFlow, times: raw },
			{ flow: runnerFlow, times: runner },
			{ flow: runnerFlowNoTitle, times: runnerNoTitle },
		];
		for (let round = 0; round < rounds; round++) {
			// Each flow goes first in turn, so drift and warm caches hit all alike.
			for (let turn = 0; turn < flows.length; turn++) {
				const { flow, times } = flows[(round + turn) % flows.length];
				times.push(await timed(flow));
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
		const noTitleRatio = median(runnerNoTitle) / median(raw);
		console.log(
			`  runner, no page title read (pageTitle: false)  median ${median(runnerNoTitle).toFixed(1)} ms`,
		);
		console.log(
			`  that / raw      ${noTitleRatio.toFixed(3)}  (overhead ${((noTitleRatio - 1) * 100).toFixed(1)} %)`,
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
