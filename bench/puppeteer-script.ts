/**
 * What Run Puppeteer Script costs, measured interleaved in one run on the same session:
 * - attaching puppeteer-core to the session over the private transport and letting go
 *   (a script that returns at once), against Run JavaScript (one evaluate: the floor of any step);
 * - a realistic script (go to a page, read a table with $$eval) through the bridge, against the same
 *   work done by Browser Agent's own actions (Navigate + Extract Table);
 * - and, as n8n-nodes-puppeteer does for every node, launching a fresh Chromium with puppeteer
 *   and doing that work there.
 * Run: npx tsx bench/puppeteer-script.ts [--rounds 10]
 */
import { launch } from 'puppeteer-core';
import { SessionPool, findExecutable } from '../lib';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, timed, numberArgument } from './measure';

const rounds = numberArgument('rounds', 10);

async function main() {
	const site = await startFixtureSite();
	const executablePath = findExecutable();
	const pool = new SessionPool({ browser: { mode: 'launch', executablePath } });
	const key = { owner: 'bench-puppeteer' };
	const tableScript = `await $page.goto(${JSON.stringify(`${site.url}/tables`)});
return await $page.$$eval('#simple tbody tr', (rows) => rows.map((row) => ({ cells: Array.from(row.cells, (cell) => cell.textContent.trim()) })));`;
	const samples: Record<string, number[]> = {
		evaluate: [],
		emptyScript: [],
		scriptTable: [],
		actionsTable: [],
		launchPerNode: [],
	};
	const variants: Record<string, () => Promise<unknown>> = {
		evaluate: () => pool.run(key, 'evaluate', { script: 'return 1' }),
		emptyScript: () => pool.run(key, 'runPuppeteerScript', { scriptCode: 'return [];' }),
		scriptTable: () => pool.run(key, 'runPuppeteerScript', { scriptCode: tableScript }),
		actionsTable: async () => {
			await pool.run(key, 'navigate', { url: `${site.url}/tables` });
			await pool.run(key, 'extractTable', { selector: '#simple' });
		},
		launchPerNode: async () => {
			const browser = await launch({ executablePath, args: ['--no-sandbox'] });
			try {
				const page = await browser.newPage();
				await page.goto(`${site.url}/tables`);
				await page.$$eval('#simple tbody tr', (rows) => rows.length);
			} finally {
				await browser.close();
			}
		},
	};
	try {
		await pool.open(key, { environment: { policy: { allowCustomScript: true } } });
		await pool.run(key, 'navigate', { url: `${site.url}/tables` });
		for (const work of Object.values(variants)) await work();
		const names = Object.keys(variants);
		for (let round = 0; round < rounds; round++) {
			// A different order each round, so no variant always follows the same one.
			const order = round % 2 ? [...names].reverse() : names;
			for (const name of order) samples[name].push(await timed(variants[name]));
		}
	} finally {
		await pool.shutdown();
		await site.close();
	}
	const m = Object.fromEntries(
		Object.entries(samples).map(([name, values]) => [name, median(values)]),
	);
	const ms = (value: number) => `${value.toFixed(0)} ms`;
	console.log(`Run Puppeteer Script, median of ${rounds} interleaved rounds:`);
	console.log(`  Run JavaScript (one evaluate)          ${ms(m.evaluate)}`);
	console.log(
		`  Run Puppeteer Script, return []        ${ms(m.emptyScript)}  (attach + let go: +${ms(m.emptyScript - m.evaluate)})`,
	);
	console.log(`  script: goto + $$eval a table          ${ms(m.scriptTable)}`);
	console.log(
		`  Navigate + Extract Table (actions)     ${ms(m.actionsTable)}  (script/actions ${(m.scriptTable / m.actionsTable).toFixed(2)}×)`,
	);
	console.log(
		`  fresh Chromium per node (as n8n-nodes-puppeteer) + same work  ${ms(m.launchPerNode)}  (${(m.launchPerNode / m.scriptTable).toFixed(1)}× the script on the session)`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
