/**
 * The node in real n8n (`n8n start`, an active workflow started by its webhook), measured in one run:
 *   1. per-node overhead: the login flow's Browser Agent nodes, their times as n8n records them,
 *      against the same calls on the runner API in this process, interleaved round by round;
 *   2. latency as a caller sees it (the webhook answers when the flow is done): the first execution
 *      after n8n starts, warm executions, and one after a pause, with whether Chromium was launched
 *      for it (a browser process that was not there before);
 *   3. the first execution again, with the browser started when n8n loads the node
 *      ($BROWSER_AGENT_PRELAUNCH=true);
 *   4. the one-shot nodes (Get Screenshot, Get Page Content) of n8n-nodes-puppeteer against the
 *      Browser Agent nodes `migrate` turns them into, in the same n8n, started alike.
 * Run: npx tsx bench/n8n-node.ts [--rounds 10] [--pause-minutes 5] [--version 2.40.5] [--verbose]
 */
import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright';
import { SessionPool, findExecutable, localLaunchArguments } from '../lib';
import { LOGIN } from '../scripts/fixture-site/expected';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { waitForExecution } from '../scripts/n8n/harness/editor';
import {
	createN8nInstance,
	newestE2eVersion,
	packThisPackage,
	setupOwner,
	type N8nInstance,
	type N8nRest,
} from '../scripts/n8n/harness/n8n';
import {
	baselineEnvironment,
	installBaseline,
	MIGRATED_CREDENTIAL,
	prepareCorpus,
	type CorpusWorkflow,
} from '../scripts/n8n/harness/puppeteerCorpus';
import { browserAgent, inRow, webhookTrigger } from '../scripts/n8n/harness/workflows';
import { processesWithEnvironment } from '../scripts/n8n/harness/processGroup';
import { argument, median, timed } from './measure';

const rounds = Number(argument('rounds')) || 10;
const pauseMinutes = Number(argument('pause-minutes') ?? 5);
/** Prints each execution's node times. */
const verbose = process.argv.includes('--verbose');
const version = argument('version') ?? newestE2eVersion();

/** The flow, step by step: its node in n8n and the same call on the runner API. */
function flowSteps(siteUrl: string) {
	return [
		{ name: 'Open Login', action: 'navigate', input: { url: `${siteUrl}/login` } },
		{ name: 'User', action: 'fill', input: { selector: '#username', value: LOGIN.username } },
		{ name: 'Password', action: 'fill', input: { selector: '#password', value: LOGIN.password } },
		{ name: 'Sign In', action: 'click', input: { selector: '#login-submit' } },
		{ name: 'Welcome', action: 'extractText', input: { selector: '#welcome' } },
		{ name: 'Open Reports', action: 'navigate', input: { url: `${siteUrl}/tables` } },
		{ name: 'Report', action: 'extractTable', input: { selector: '#complex' } },
	];
}

/** The node parameters of each step (resource and operation as the editor saves them). */
const NODE_OF: Record<string, (input: Record<string, unknown>) => object> = {
	navigate: (input) => ({ resource: 'page', operation: 'navigate', url: input.url }),
	fill: (input) => ({ resource: 'element', operation: 'fill', ...input }),
	click: (input) => ({ resource: 'element', operation: 'click', ...input }),
	extractText: (input) => ({ resource: 'extract', operation: 'text', ...input }),
	extractTable: (input) => ({ resource: 'extract', operation: 'table', ...input }),
};

function flowWorkflow(siteUrl: string, webhookPath: string) {
	const trigger = webhookTrigger(webhookPath);
	return inRow(`Bench ${webhookPath}`, [
		// Answers when the last node is done, so the caller's time is the execution's.
		{ ...trigger, parameters: { ...trigger.parameters, responseMode: 'lastNode' } },
		...flowSteps(siteUrl).map((step) => browserAgent(step.name, NODE_OF[step.action](step.input))),
	]);
}

/** Chromium browser processes (not their helpers) of the n8n run marked `marker`. */
function browserProcesses(marker: string): number[] {
	return processesWithEnvironment('BROWSER_AGENT_BENCH_RUN', marker)
		.filter(({ command }) => /chrom/i.test(command) && !command.includes('--type='))
		.map(({ pid }) => pid);
}

interface Started {
	n8n: N8nInstance;
	rest: N8nRest;
	marker: string;
	path: string;
	workflowId: string;
}

async function startN8n(
	tarball: string,
	siteUrl: string,
	env: Record<string, string> = {},
): Promise<Started> {
	const marker = randomUUID();
	const n8n = await createN8nInstance({
		version,
		env: { BROWSER_AGENT_BENCH_RUN: marker, ...baselineEnvironment(), ...env },
	});
	await installBaseline(n8n);
	await n8n.installCommunityPackage(tarball);
	await n8n.importCredentials([MIGRATED_CREDENTIAL]);
	const server = await n8n.start();
	const rest = await setupOwner(server.url);
	const path = randomUUID();
	const workflowId = await rest.activateWorkflow(flowWorkflow(siteUrl, path));
	return { n8n, rest, marker, path, workflowId };
}

/**
 * The corpus's one-shot cases (Get Screenshot, Get Page Content) under n8n-nodes-puppeteer and, as
 * `migrate` converts them, under Browser Agent, each started by a webhook that answers when it is
 * done, instead of its Manual Trigger.
 */
async function activateOneShotCases(started: Started, siteUrl: string) {
	const cases = prepareCorpus(started.n8n, siteUrl).filter((one) =>
		ONE_SHOT_CASES.includes(one.slug),
	);
	const byWebhook = async (workflow: CorpusWorkflow) => {
		const path = randomUUID();
		const { id: _id, ...rest } = workflow;
		const nodes = workflow.nodes.map((node) => {
			if (node.type !== 'n8n-nodes-base.manualTrigger') return node;
			const trigger = webhookTrigger(path);
			return {
				...node,
				...trigger,
				name: node.name,
				parameters: { ...trigger.parameters, responseMode: 'lastNode' },
			};
		});
		const workflowId = await started.rest.activateWorkflow({ ...rest, nodes, active: false });
		return { ...started, path, workflowId };
	};
	return Promise.all(
		cases.map(async (one) => ({
			slug: one.slug,
			puppeteerWorkflow: one.puppeteer,
			puppeteer: await byWebhook(one.puppeteer),
			browserAgent: await byWebhook(one.browserAgent),
		})),
	);
}
const ONE_SHOT_CASES = ['20-page-content', '21-screenshot'];

/** Calls the flow once: the caller's time, and whether a browser process appeared for it. */
async function execute(
	started: Started,
	answerIsRight = (text: string) => text.includes('"Account":"ACME-001"'),
): Promise<{ ms: number; launched: boolean }> {
	const before = new Set(browserProcesses(started.marker));
	const { text, durationMs } = await started.rest
		.callWebhook(started.path)
		.catch(async (error: Error) => {
			const [id] = await started.rest.executionsOf(started.workflowId);
			const execution = await waitForExecution(started.rest, id, 60_000);
			throw new Error(
				`${error.message}; execution ${id}: ${JSON.stringify(execution.data.resultData.error)}`,
			);
		});
	if (!answerIsRight(text)) throw new Error(`the flow did not end as it should: ${text}`);
	const launched = browserProcesses(started.marker).some((pid) => !before.has(pid));
	return { ms: durationMs, launched };
}

/** The times of the nodes after the trigger in the newest execution, as n8n recorded them. */
async function nodeTimes(started: Started): Promise<number> {
	const [id] = await started.rest.executionsOf(started.workflowId);
	const execution = await waitForExecution(started.rest, id, 60_000);
	if (execution.status !== 'success') throw new Error(`execution ${id} ${execution.status}`);
	const runData = execution.data.resultData.runData as Record<
		string,
		Array<{ executionTime?: number; source?: unknown[] }>
	>;
	const nodes = Object.entries(runData).filter(([, runs]) => runs[0]?.source?.length); // a trigger's run has no source
	if (verbose)
		console.log(
			`    ${nodes.map(([node, runs]) => `${node} ${runs[0]?.executionTime} ms`).join(', ')}`,
		);
	return nodes.reduce((sum, [, runs]) => sum + (runs[0]?.executionTime ?? 0), 0);
}

/**
 * What the browser itself has to do for an n8n-nodes-puppeteer one-shot node (load the page, then
 * take the whole page's PNG through DevTools, or read its HTML), timed with raw Playwright on a page
 * made ahead, as the runner's spare page is: the floor under any node that does the same.
 */
function rawBrowserWork(browser: Browser, workflow: CorpusWorkflow): () => Promise<number> {
	const node = workflow.nodes.find((one) => one.type === 'n8n-nodes-puppeteer.puppeteer');
	const parameters = node?.parameters as {
		url: string;
		operation: 'getScreenshot' | 'getPageContent';
		fullPage?: boolean;
		options?: { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' };
	};
	return async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.title(); // Its renderer started, as the spare page's is.
		const cdp = await context.newCDPSession(page);
		try {
			return await timed(async () => {
				await page.goto(parameters.url, { waitUntil: parameters.options?.waitUntil ?? 'load' });
				if (parameters.operation === 'getPageContent') {
					await page.content();
					return;
				}
				const { cssContentSize } = await cdp.send('Page.getLayoutMetrics');
				await cdp.send('Page.captureScreenshot', {
					format: 'png',
					...(parameters.fullPage && {
						clip: {
							x: 0,
							y: 0,
							width: cssContentSize.width,
							height: cssContentSize.height,
							scale: 1,
						},
						captureBeyondViewport: true,
					}),
				});
			});
		} finally {
			await context.close();
		}
	};
}

async function main() {
	if (!version) throw new Error('no n8n installed: scripts/test.sh installs the pinned ones');
	const site = await startFixtureSite();
	const packed = packThisPackage();
	const steps = flowSteps(site.url);
	const pool = new SessionPool({
		browser: { mode: 'launch', executablePath: findExecutable() },
	});
	let started: Started | undefined;
	// Raw Playwright with the runner's launch flags, for the browser's own part of a one-shot node.
	const rawBrowser = await chromium.launch({
		executablePath: findExecutable(),
		...localLaunchArguments(),
	});
	const executeOneShot = async (side: Started) => {
		await execute(side, (text) => text.length > 0);
		return nodeTimes(side);
	};
	try {
		// --- 1 and 2: per-node overhead and latency -------------------------------------
		started = await startN8n(packed.tarball, site.url);
		const first = await execute(started);
		const inN8n: number[] = [];
		const onRunner: number[] = [];
		const warm: number[] = [];
		let warmLaunches = 0;
		// A fresh session per flow on both sides, as each execution has; the close is not timed
		// (n8n closes the session after the execution).
		const runnerFlow = async () => {
			const key = { owner: randomUUID() };
			const ms = await timed(async () => {
				for (const step of steps) await pool.run(key, step.action, step.input);
			});
			await pool.close(key);
			return ms;
		};
		const n8nFlow = async () => {
			const call = await execute(started!);
			warm.push(call.ms);
			if (call.launched) warmLaunches++;
			return nodeTimes(started!);
		};
		await runnerFlow(); // The runner's browser up, as n8n's is after the first execution.
		// Either side goes first in turn, each after the other's closing work has settled.
		const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));
		for (let round = 0; round < rounds; round++) {
			const sides = [
				{ flow: n8nFlow, times: inN8n },
				{ flow: runnerFlow, times: onRunner },
			];
			if (round % 2) sides.reverse();
			for (const { flow, times } of sides) {
				await settle();
				times.push(await flow());
			}
		}
		console.log(
			`n8n ${version}, the login flow (${steps.length} Browser Agent nodes), ${rounds} rounds:`,
		);
		const [n8nMedian, runnerMedian] = [median(inN8n), median(onRunner)];
		const spread = (times: number[]) =>
			`${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}`;
		console.log(
			`  nodes' time as n8n records it  median ${n8nMedian.toFixed(1)} ms (${spread(inN8n)})`,
		);
		console.log(
			`  the same calls on the runner   median ${runnerMedian.toFixed(1)} ms (${spread(onRunner)})`,
		);
		console.log(
			`  n8n / runner ${(n8nMedian / runnerMedian).toFixed(3)}, ${((n8nMedian - runnerMedian) / steps.length).toFixed(1)} ms per node`,
		);
		console.log('latency as the webhook caller sees it:');
		console.log(
			`  first execution after n8n starts  ${first.ms.toFixed(0)} ms${first.launched ? ' (launched Chromium)' : ''}`,
		);
		console.log(
			`  warm executions                   median ${median(warm).toFixed(0)} ms, Chromium launched ${warmLaunches} times`,
		);
		if (pauseMinutes > 0) {
			await new Promise((resolve) => setTimeout(resolve, pauseMinutes * 60_000));
			const paused = await execute(started);
			console.log(
				`  after a ${pauseMinutes}-minute pause           ${paused.ms.toFixed(0)} ms, ${paused.launched ? 'Chromium LAUNCHED' : 'no launch'}`,
			);
		}

		// --- 4: the one-shot nodes against n8n-nodes-puppeteer's ------------------------------
		console.log('one-shot nodes, time in the nodes (median; old / new):');
		for (const one of await activateOneShotCases(started, site.url)) {
			const old: number[] = [];
			const converted: number[] = [];
			const floor: number[] = [];
			const browserWork = rawBrowserWork(rawBrowser, one.puppeteerWorkflow);
			for (let round = 0; round < rounds; round++) {
				const sides = [
					{ run: () => executeOneShot(one.puppeteer), times: old },
					{ run: () => executeOneShot(one.browserAgent), times: converted },
					{ run: browserWork, times: floor },
				];
				for (let turn = 0; turn < round % sides.length; turn++) sides.push(sides.shift()!);
				for (const { run, times } of sides) {
					await settle();
					times.push(await run());
				}
			}
			const [a, b, c] = [median(old), median(converted), median(floor)];
			console.log(
				`  ${one.slug.padEnd(18)} n8n-nodes-puppeteer ${a.toFixed(0)} ms (${spread(old)}), Browser Agent ${b.toFixed(0)} ms (${spread(converted)}): ${(a / b).toFixed(1)}×`,
			);
			console.log(
				`  ${''.padEnd(18)} the browser's own work (raw Playwright, a page made ahead) ${c.toFixed(0)} ms (${spread(floor)}): no node can be more than ${(a / c).toFixed(1)}× faster here`,
			);
		}
		await started.n8n.cleanup();
		started = undefined;

		// --- 3: the first execution with the browser started at load ----------------------
		started = await startN8n(packed.tarball, site.url, { BROWSER_AGENT_PRELAUNCH: 'true' });
		const prelaunched = await execute(started);
		console.log(
			`  first execution, BROWSER_AGENT_PRELAUNCH=true  ${prelaunched.ms.toFixed(0)} ms${prelaunched.launched ? ' (launched Chromium)' : ', no launch'}`,
		);
	} finally {
		await started?.n8n.cleanup();
		await pool.shutdown();
		await rawBrowser.close();
		packed.remove();
		await site.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
