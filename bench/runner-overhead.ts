/**
 * Runner overhead against raw Playwright, measured in one process and one run:
 *   1. the same flow (navigate, fill, fill, click, extract text, extract table) through the
 *      SessionPool and through plain Playwright calls on one page, interleaved round by round;
 *   2. opening a session on a warm pool against launching a browser for each run.
 * Run: npx tsx bench/runner-overhead.ts [--rounds 30]
 */
import { chromium, type Page } from 'playwright';
import { SessionPool, findExecutable, localLaunchArguments, type ActionCall } from '../lib';
import { readTableGrid } from '../lib/actions/extractTable';
import { LOGIN } from '../scripts/fixture-site/expected';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, timed, numberArgument } from './measure';

interface Step {
	kind: string;
	raw: () => Promise<unknown>;
	runner: (call: ActionCall) => Promise<unknown>;
}

const rounds = numberArgument('rounds', 30);
/** Raw Playwright gets the flags the runner launches with, so only the runner's own work differs. */
const LAUNCH = { executablePath: findExecutable(), ...localLaunchArguments() };

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
		// The flow as steps, each done both ways: raw Playwright calls, and the same action through
		// the pool as the node runs it (each run reads the page title for its output item) and as a
		// runner caller that needs no title runs it (pageTitle: false). The raw side does the same
		// in-page work (e.g. Extract Table's own reader), so only the runner's own cost differs.
		const runnerPage = async () => (await pool.session(key))!.context.pages()[0];
		const steps: Step[] = [
			{
				kind: 'navigate',
				raw: () => page.goto(`${site.url}/login`, { waitUntil: 'load' }),
				runner: (call) => pool.run(key, 'navigate', { url: `${site.url}/login` }, {}, call),
			},
			{
				kind: 'fill',
				raw: () => page.locator('#username').fill(LOGIN.username),
				runner: (call) =>
					pool.run(key, 'fill', { selector: '#username', value: LOGIN.username }, {}, call),
			},
			{
				kind: 'fill',
				raw: () => page.locator('#password').fill(LOGIN.password),
				runner: (call) =>
					pool.run(key, 'fill', { selector: '#password', value: LOGIN.password }, {}, call),
			},
			{
				kind: 'click',
				raw: async () => {
					await page.locator('#login-submit').click();
					await page.waitForURL('**/dashboard');
				},
				runner: async (call) => {
					await pool.run(key, 'click', { selector: '#login-submit' }, {}, call);
					await (await runnerPage()).waitForURL('**/dashboard');
				},
			},
			{
				kind: 'extract text',
				raw: () => page.locator('#welcome').first().innerText(),
				runner: (call) => pool.run(key, 'extractText', { selector: '#welcome' }, {}, call),
			},
			{
				kind: 'screenshot',
				raw: () => page.screenshot({ type: 'png' }),
				runner: (call) => pool.run(key, 'screenshot', {}, {}, call),
			},
			{
				kind: 'navigate',
				raw: () => page.goto(`${site.url}/tables`, { waitUntil: 'load' }),
				runner: (call) => pool.run(key, 'navigate', { url: `${site.url}/tables` }, {}, call),
			},
			{
				kind: 'extract table',
				raw: () =>
					page
						.locator('#complex')
						.first()
						.evaluate(readTableGrid, { headerMode: 'auto' as const }),
				runner: (call) => pool.run(key, 'extractTable', { selector: '#complex' }, {}, call),
			},
		];
		const ways: Array<{ name: string; run: (step: Step) => Promise<unknown> }> = [
			{ name: 'raw', run: (step) => step.raw() },
			{ name: 'runner', run: (step) => step.runner({}) },
			{ name: 'runner, no title', run: (step) => step.runner({ pageTitle: false }) },
		];
		// times[way][step] holds one duration per round; a flow's time is the sum of its steps.
		const times = ways.map(() => steps.map(() => [] as number[]));
		const flowOnce = async (way: number, record: boolean) => {
			for (const [index, step] of steps.entries()) {
				const duration = await timed(() => ways[way].run(step));
				if (record) times[way][index].push(duration);
			}
		};
		// Warm up every way (first navigation, JIT), then interleave so drift hits all alike.
		for (let way = 0; way < ways.length; way++) await flowOnce(way, false);
		for (let round = 0; round < rounds; round++) {
			// Each way goes first in turn.
			for (let turn = 0; turn < ways.length; turn++)
				await flowOnce((round + turn) % ways.length, true);
		}
		const flowTimes = (way: number) =>
			times[way][0].map((_, round) => times[way].reduce((sum, step) => sum + step[round], 0));
		const [raw, runner, runnerNoTitle] = ways.map((_, way) => flowTimes(way));
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
			`flow (navigate, fill ×2, click, extract text, screenshot, navigate, extract table), ${rounds} rounds each:`,
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
		console.log('per action kind (median of the summed step times per round; runner / raw):');
		const kinds = [...new Set(steps.map((step) => step.kind))];
		for (const kind of kinds) {
			const indexes = steps.flatMap((step, index) => (step.kind === kind ? [index] : []));
			const kindTimes = (way: number) =>
				times[way][0].map((_, round) =>
					indexes.reduce((sum, index) => sum + times[way][index][round], 0),
				);
			const rawKind = median(kindTimes(0));
			const runnerKind = median(kindTimes(1));
			console.log(
				`  ${kind.padEnd(14)} raw ${rawKind.toFixed(1).padStart(6)} ms  runner ${runnerKind.toFixed(1).padStart(6)} ms  ${(runnerKind / rawKind).toFixed(3)}`,
			);
		}
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
