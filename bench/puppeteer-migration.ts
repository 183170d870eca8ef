/**
 * The puppeteer corpus (test/e2e/fixtures/puppeteer-corpus) timed under the real
 * n8n-nodes-puppeteer 1.5.0 and, converted by `migrate`, under Browser Agent: both sets in the
 * same n8n, in the same execute-batch runs. A workflow's time is the sum of its nodes' execution
 * times as n8n records them (no n8n start-up in it). The converted workflows should be faster:
 * the old node launches a browser in every node, Browser Agent keeps one warm.
 * Run: npx tsx bench/puppeteer-migration.ts [--rounds 2] [--version 2.40.5] [--cases screenshot,pdf]
 */
import { startFixtureSite } from '../scripts/fixture-site/server';
import {
	createN8nInstance,
	packThisPackage,
	type ExecutionResult,
} from '../scripts/n8n/harness/n8n';
import {
	baselineEnvironment,
	importCorpus,
	installBaseline,
	prepareCorpus,
} from '../scripts/n8n/harness/puppeteerCorpus';
import { argument, median } from './measure';

const rounds = Number(argument('rounds')) || 2;
const version = argument('version') ?? '2.40.5';
/** Only the cases whose slug contains one of these, e.g. --cases screenshot,page-content. */
const only = argument('cases')?.split(',');

/** The workflow's time in its nodes, as n8n recorded it. */
function nodeTime(result: ExecutionResult | undefined): number {
	if (!result?.ok) throw new Error(`a workflow failed: ${JSON.stringify(result?.error)}`);
	return Object.values(result.nodes)
		.flat()
		.reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
}

async function main() {
	const site = await startFixtureSite();
	const packed = packThisPackage();
	const n8n = await createN8nInstance({ version, env: baselineEnvironment() });
	try {
		await installBaseline(n8n);
		await n8n.installCommunityPackage(packed.tarball);
		const cases = prepareCorpus(n8n, site.url).filter(
			(one) => !only || only.some((part) => one.slug.includes(part)),
		);
		await importCorpus(n8n, cases);
		const times = new Map(
			cases.map((one) => [one.slug, { old: [] as number[], new: [] as number[] }]),
		);
		for (let round = 0; round < rounds; round++) {
			const results = await n8n.executeBatch(
				cases.flatMap((one) => [one.puppeteer.id, one.browserAgent.id]),
			);
			for (const one of cases) {
				times.get(one.slug)!.old.push(nodeTime(results.get(one.puppeteer.id)));
				times.get(one.slug)!.new.push(nodeTime(results.get(one.browserAgent.id)));
			}
		}
		let oldTotal = 0;
		let newTotal = 0;
		console.log(`n8n ${version}, median of ${rounds} execute-batch rounds, time in the nodes:`);
		console.log('case                        n8n-nodes-puppeteer  Browser Agent  ratio');
		for (const [slug, { old, new: converted }] of times) {
			const [a, b] = [median(old), median(converted)];
			oldTotal += a;
			newTotal += b;
			console.log(
				`${slug.padEnd(28)}${`${a.toFixed(0)} ms`.padStart(19)}${`${b.toFixed(0)} ms`.padStart(15)}${`${(a / b).toFixed(1)}×`.padStart(7)}`,
			);
		}
		console.log(
			`${'whole corpus'.padEnd(28)}${`${oldTotal.toFixed(0)} ms`.padStart(19)}${`${newTotal.toFixed(0)} ms`.padStart(15)}${`${(oldTotal / newTotal).toFixed(1)}×`.padStart(7)}`,
		);
	} finally {
		await n8n.cleanup();
		packed.remove();
		await site.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
