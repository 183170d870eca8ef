/**
 * The benchmark suite: every benchmark of this folder, one after another (never two at once on a
 * shared machine), each printing its ratios against the baselines it measures in the same run.
 * `--short` runs each on smaller inputs (a quick look, or CI); the full run is what the README's
 * figures come from. `--only a,b` runs some of them.
 * Run: npm run bench [-- --short] [-- --only runner-overhead,memory]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { argument } from './measure';

interface Benchmark {
	name: string;
	/** What it compares, for the heading. */
	what: string;
	full: string[];
	short: string[];
}

const BENCHMARKS: Benchmark[] = [
	{
		name: 'runner-overhead',
		what: 'runner vs raw Playwright on one flow; warm open vs launch',
		full: ['--rounds', '30'],
		short: ['--rounds', '5'],
	},
	{
		name: 'extract-table',
		what: 'Extract Table / List vs the one-evaluate floor',
		full: ['--rounds', '15', '--rows', '10000', '--items', '10000'],
		short: ['--rounds', '3', '--rows', '1000', '--items', '1000'],
	},
	{
		name: 'step-screenshot',
		what: 'the cost of Screenshot After Step',
		full: ['--rounds', '20'],
		short: ['--rounds', '5'],
	},
	{
		name: 'trace-overhead',
		what: 'an action with and without the trace',
		full: ['--rounds', '20'],
		short: ['--rounds', '5'],
	},
	{
		name: 'egress-proxy',
		what: 'page loads through the egress proxy vs direct',
		full: ['--rounds', '30'],
		short: ['--rounds', '5'],
	},
	{
		name: 'live-view',
		what: 'live view frame delay and rate',
		full: ['--changes', '30'],
		short: ['--changes', '10'],
	},
	{
		name: 'puppeteer-script',
		what: 'Run Puppeteer Script vs the same calls on Playwright',
		full: ['--rounds', '10'],
		short: ['--rounds', '3'],
	},
	{ name: 'snapshot-size', what: 'snapshot size vs the page', full: [], short: [] },
	{
		name: 'memory',
		what: 'PSS per session (Node + Chromium)',
		full: ['--sessions', '1,10,50'],
		short: ['--sessions', '1,5', '--variants', 'default'],
	},
	{
		name: 'n8n-node',
		what: 'the node in real n8n vs the runner; latency after a pause; one-shot nodes vs n8n-nodes-puppeteer',
		full: ['--rounds', '10', '--pause-minutes', '5'],
		short: ['--rounds', '3', '--pause-minutes', '0.5'],
	},
	{
		name: 'puppeteer-migration',
		what: 'the corpus under n8n-nodes-puppeteer vs converted, in real n8n',
		full: ['--rounds', '2'],
		short: ['--rounds', '1'],
	},
	{
		name: 'soak',
		what: 'sequential executions in real n8n: leaks, memory growth, recycling; faults',
		full: ['--executions', '1000'],
		short: ['--executions', '100'],
	},
];

const short = process.argv.includes('--short');
const only = argument('only')?.split(',');
const chosen = BENCHMARKS.filter((benchmark) => !only || only.includes(benchmark.name));
const failed: string[] = [];
for (const benchmark of chosen) {
	const args = short ? benchmark.short : benchmark.full;
	console.log(`\n=== ${benchmark.name}: ${benchmark.what} (${args.join(' ') || 'defaults'})`);
	const started = Date.now();
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', join(__dirname, `${benchmark.name}.ts`), ...args],
		{ stdio: 'inherit' },
	);
	console.log(`=== ${benchmark.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
	if (run.status !== 0) failed.push(benchmark.name);
}
if (failed.length) {
	console.error(`\nFailed: ${failed.join(', ')}`);
	process.exitCode = 1;
}
