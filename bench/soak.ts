/**
 * Soak and faults, through the node in a real n8n (`n8n start`, workflows started by their webhooks,
 * answering when the execution ends):
 *   1. soak: N sequential executions of the ten-step sign-in flow (each its own account), every
 *      answer checked; n8n's resident memory sampled after each; Chromium's browser and renderer
 *      processes and the temp folder watched all along;
 *   2. faults, each followed by an execution of the flow that must succeed:
 *      - Chromium killed (SIGKILL) while an action waits on a page → the action's error and how
 *        long after the kill it came;
 *      - a server that drops the connection mid-download → the Download node's error;
 *      - the temp folder's disk full during a download (a real tmpfs) → the error, and whether any
 *        part of the file was left or returned;
 *      - an execution stopped through n8n's REST API while its action waits → how long until its
 *        browser context let go of the page's connection (the session closed);
 *   3. after n8n stops: Chromium processes and temp entries left.
 * Browser recycling is on at its defaults (or as --env sets it): the browsers launched are counted.
 *
 * Run: npx tsx bench/soak.ts [--executions 1000] [--version 2.40.5]
 *        [--env BROWSER_AGENT_RECYCLE_BROWSER_AFTER_CONTEXTS=200]
 * test/e2e/soak.test.ts runs a short version (100 executions) in the test suite.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNTS, EXPECTED_TABLES } from '../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../scripts/fixture-site/server';
import { outputOf, waitForExecution } from '../scripts/n8n/harness/editor';
import {
	createN8nInstance,
	newestE2eVersion,
	packThisPackage,
	setupOwner,
	type N8nInstance,
	type StartedN8n,
} from '../scripts/n8n/harness/n8n';
import {
	descendantProcesses,
	processesWithEnvironment,
	residentMb,
} from '../scripts/n8n/harness/processGroup';
import {
	browserAgent,
	inRow,
	signInFlow,
	SIGN_IN_FLOW_STEPS,
	webhookTrigger,
} from '../scripts/n8n/harness/workflows';
import { argument, median, percentile } from './measure';

/** Marks every process of the soak's n8n (its Chromium inherits it). */
const RUN_MARKER = 'BROWSER_AGENT_SOAK_RUN';
/** What n8n itself keeps in its temp folder on purpose: Node's compile cache, data-table uploads. */
const N8N_OWN_TEMP = ['node-compile-cache', 'n8nDataTableUploads'];
/** The temp folder's size when it can be a tmpfs; the disk-full download is larger. */
const TEMP_DISK_MB = 128;
const TOO_LARGE_MB = 160;

export interface SoakOptions {
	executions: number;
	/** The n8n version (installed under .runtime); default the newest installed. */
	version?: string;
	/** More environment for n8n (e.g. recycling settings). */
	env?: Record<string, string>;
	/** Progress lines. */
	log?: (line: string) => void;
}

export interface FaultResult {
	/** The error code the failing node gave (its item, with Continue On Fail). */
	code?: string;
	message?: string;
	/** Milliseconds from the fault to the answer (kill) or to the session letting go (cancel). */
	ms?: number;
	/** Whether the sign-in flow succeeded right after. */
	nextExecutionOk: boolean;
	/** Why the fault was not tried, when it was not. */
	skipped?: string;
	/** Disk full: file bytes found in the node's output or left in the temp folder. */
	leftBytes?: number;
	returnedFile?: boolean;
}

export interface SoakReport {
	version: string;
	executions: number;
	failures: string[];
	/** Executions whose full record was checked (account, download, one session). */
	checked: number;
	ms: { p50: number; p95: number; max: number };
	/** n8n's resident memory (MB): the median of the first and of the last tenth (at least 10) of the executions. */
	rss: { firstMb: number; lastMb: number; growth: number; window: number };
	/** Chromium browser processes seen (each a launch) and the most at once. */
	browsers: { launched: number; mostAtOnce: number };
	/** Renderer processes with no execution running: after the first tenth, and after the last execution. */
	idleRenderers: { early: number; end: number };
	/** Entries in n8n's temp folder (its own excepted) with no execution running: the most seen, and what they were. */
	temp: { most: number; seen: string[] };
	faults: {
		browserKilled: FaultResult;
		droppedDownload: FaultResult;
		diskFull: FaultResult;
		cancelled: FaultResult;
	};
	/** After n8n stopped: processes of the run and temp entries left. */
	leftAfterStop: { processes: string[]; temp: string[] };
}

/** A page that never finishes loading; notes when the browser lets go of it (its context closed). */
async function startHeldPageServer() {
	const asked = new Set<string>();
	const lettingGo = new Map<string, number>();
	const server: Server = createServer((req, res) => {
		const id = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('id') ?? '';
		asked.add(id);
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
		res.write('<!doctype html><title>Held</title><h1 id="held">Loading forever');
		req.socket.on('close', () => lettingGo.set(id, performance.now()));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		urlFor: (id: string) => `http://127.0.0.1:${port}/held?id=${id}`,
		/** Whether the browser has asked for the page `id`. */
		asked: (id: string) => asked.has(id),
		/** When the browser let go of the page `id` (performance.now()), once it has. */
		letGoAt: (id: string) => lettingGo.get(id),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Mounts a tmpfs of `sizeMb` on `folder`; false (with the reason) where mounting is not allowed. */
function mountTmpfs(folder: string, sizeMb: number): { mounted: boolean; reason?: string } {
	const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', folder], {
		encoding: 'utf8',
	});
	if (mounted.status === 0) return { mounted: true };
	return {
		mounted: false,
		reason: `could not mount a ${sizeMb} MB tmpfs (${(mounted.stderr || mounted.error?.message || '').trim()}): needs root`,
	};
}

/** Waits until `done` holds (polling every 50 ms), at most 20 s. */
async function until(done: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (!done()) {
		if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

const continueOnFail = <T extends object>(node: T) => ({
	...node,
	onError: 'continueRegularOutput',
});

/** A Download by URL into the binary property `file`. */
const downloadByUrl = (name: string, url: string) =>
	browserAgent(name, {
		resource: 'file',
		operation: 'download',
		downloadBy: 'url',
		url,
		binaryPropertyName: 'file',
	});

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
	const log = options.log ?? (() => undefined);
	const version = options.version ?? newestE2eVersion();
	if (!version) throw new Error('no n8n installed: scripts/test.sh installs the pinned ones');
	const marker = randomUUID();
	const temp = mkdtempSync(join(tmpdir(), 'browser-agent-soak-tmp-'));
	const tmpfs = mountTmpfs(temp, TEMP_DISK_MB);
	let site: FixtureSite | undefined;
	let held: Awaited<ReturnType<typeof startHeldPageServer>> | undefined;
	let packed: ReturnType<typeof packThisPackage> | undefined;
	let n8n: N8nInstance | undefined;
	let server: StartedN8n | undefined;
	try {
		[site, held] = await Promise.all([startFixtureSite(), startHeldPageServer()]);
		packed = packThisPackage();
		n8n = await createN8nInstance({
			version,
			env: { [RUN_MARKER]: marker, TMPDIR: temp, ...options.env },
		});
		await n8n.installCommunityPackage(packed.tarball);
		server = await n8n.start();
		const rest = await setupOwner(server.url);
		const n8nPid = server.pid;

		const processes = () => processesWithEnvironment(RUN_MARKER, marker);
		const browserPids = () =>
			processes()
				.filter(
					({ command }) =>
						/chrom/i.test(command) && !command.includes('--type=') && !/crashpad/i.test(command),
				)
				.map(({ pid }) => pid);
		// Chromium's helpers start with a cleared environment: they are found under their browser.
		const renderers = () =>
			browserPids()
				.flatMap((pid) => descendantProcesses(pid))
				.filter(({ command }) => command.includes('--type=renderer')).length;
		/** Renderers once the last execution's session has closed and the spare context is made. */
		const idleRenderers = async () => {
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			return renderers();
		};
		const tempEntries = () => readdirSync(temp).filter((name) => !N8N_OWN_TEMP.includes(name));

		// --- 1. the soak -----------------------------------------------------------------------
		const flowPath = randomUUID();
		const flowId = await rest.activateWorkflow(signInFlow(site.url, flowPath, `Soak ${flowPath}`));
		const expectedAnswer = JSON.stringify(EXPECTED_TABLES.simple);
		const runFlow = async (i: number) => {
			const account = ACCOUNTS[i % ACCOUNTS.length];
			const { text, durationMs } = await rest.callWebhook(flowPath, {
				user: account.username,
				password: account.password,
			});
			if (text !== expectedAnswer) throw new Error(`answer ${text.slice(0, 300)}`);
			return { durationMs, account };
		};
		/** The newest execution's error, as n8n recorded it: the webhook's 500 says nothing. */
		const whyFailed = async (workflowId: string) => {
			try {
				const [id] = await rest.executionsOf(workflowId);
				const execution = await waitForExecution(rest, id, 30_000);
				const { error, lastNodeExecuted } = execution.data.resultData as {
					error?: { message?: string; description?: string };
					lastNodeExecuted?: string;
				};
				return `; execution ${id} ${execution.status} in "${lastNodeExecuted}": ${error?.message} ${error?.description ?? ''}`;
			} catch (error) {
				return `; its execution not read: ${(error as Error).message}`;
			}
		};
		const window = Math.max(10, Math.floor(options.executions / 10));
		const failures: string[] = [];
		const durations: number[] = [];
		const rss: number[] = [];
		const seenBrowsers = new Set<number>();
		let mostBrowsers = 0;
		let checked = 0;
		let earlyRenderers = 0;
		const seenTemp = new Set<string>();
		let mostTemp = 0;
		for (let i = 0; i < options.executions; i++) {
			try {
				const { durationMs, account } = await runFlow(i);
				durations.push(durationMs);
				// Every tenth execution in full: its account, its file, one session for its steps.
				if (i % 10 === 0) {
					const [id] = await rest.executionsOf(flowId);
					const execution = await waitForExecution(rest, id, 30_000);
					const welcome = outputOf(execution, 'Read Welcome')[0]?.json.text;
					const sessions = new Set(
						SIGN_IN_FLOW_STEPS.filter((step) => step !== 'Extract Table').map(
							(step) => outputOf(execution, step)[0]?.json.sessionId,
						),
					);
					if (welcome !== account.welcome || sessions.size !== 1)
						throw new Error(
							`execution ${id}: welcome ${String(welcome)}, ${sessions.size} sessions`,
						);
					checked++;
				}
			} catch (error) {
				failures.push(`execution ${i + 1}: ${(error as Error).message}${await whyFailed(flowId)}`);
			}
			rss.push(residentMb(n8nPid));
			const browsers = browserPids();
			browsers.forEach((pid) => seenBrowsers.add(pid));
			mostBrowsers = Math.max(mostBrowsers, browsers.length);
			const entries = tempEntries();
			entries.forEach((entry) => seenTemp.add(entry.replace(/[-_.][\w]+$/, '-*')));
			mostTemp = Math.max(mostTemp, entries.length);
			if (i + 1 === window) earlyRenderers = await idleRenderers();
			if ((i + 1) % 100 === 0 || i + 1 === options.executions)
				log(
					`  ${i + 1}/${options.executions}: p50 ${median(durations).toFixed(0)} ms, n8n RSS ${rss[i].toFixed(0)} MB, ` +
						`${seenBrowsers.size} browsers launched, ${renderers()} renderers, ${entries.length} temp entries, ${failures.length} failures`,
				);
		}
		const endRenderers = await idleRenderers();
		const firstMb = median(rss.slice(0, window));
		const lastMb = median(rss.slice(-window));

		// --- 2. faults -------------------------------------------------------------------------
		const nextExecutionOk = () =>
			runFlow(0).then(
				() => true,
				(error: Error) => {
					failures.push(`after a fault: ${error.message}`);
					return false;
				},
			);
		/** Webhook (answers with the node's first item) → `node`, active: its webhook path and ID. */
		const activateFault = async (name: string, node: ReturnType<typeof browserAgent>) => {
			const path = randomUUID();
			const workflow = inRow(`${name} ${path}`, [webhookTrigger(path, 'lastNode'), node]);
			return { path, workflowId: await rest.activateWorkflow(workflow) };
		};
		const firstItem = (text: string) => {
			try {
				const json = JSON.parse(text) as { code?: string; error?: string };
				return { code: json.code, message: json.error };
			} catch {
				return { message: text.slice(0, 300) };
			}
		};

		// Chromium killed while an action waits on a page that never loads (30 s timeout).
		const { path: killPath } = await activateFault(
			'Kill',
			continueOnFail(
				browserAgent('Open Held Page', {
					resource: 'page',
					operation: 'navigate',
					url: held.urlFor('kill'),
					options: { timeoutMs: 30_000 },
				}),
			),
		);
		const killAnswer = rest.callWebhook(killPath).then(({ text }) => ({
			text,
			at: performance.now(),
		}));
		await until(() => held!.asked('kill'), 'the page to kill the browser on was asked for');
		const killedAt = performance.now();
		for (const pid of browserPids()) process.kill(pid, 'SIGKILL');
		const killed = await killAnswer;
		const browserKilled: FaultResult = {
			...firstItem(killed.text),
			ms: killed.at - killedAt,
			nextExecutionOk: await nextExecutionOk(),
		};
		log(
			`  browser killed: ${browserKilled.code} after ${browserKilled.ms?.toFixed(0)} ms; temp: ${tempEntries().join(', ')}`,
		);

		// A server that drops the connection halfway through the file.
		const { path: dropPath } = await activateFault(
			'Dropped',
			continueOnFail(downloadByUrl('Download Dropped', `${site.url}/files/dropped.bin`)),
		);
		const droppedDownload: FaultResult = {
			...firstItem((await rest.callWebhook(dropPath)).text),
			nextExecutionOk: await nextExecutionOk(),
		};
		log(`  dropped download: ${droppedDownload.code}; temp: ${tempEntries().join(', ')}`);

		// The temp folder's disk full during a download larger than the disk.
		let diskFull: FaultResult;
		if (!tmpfs.mounted) diskFull = { skipped: tmpfs.reason, nextExecutionOk: true };
		else {
			const { path: fullPath, workflowId: fullId } = await activateFault(
				'Disk full',
				continueOnFail(
					downloadByUrl('Download Too Large', `${site.url}/files/large.bin?mb=${TOO_LARGE_MB}`),
				),
			);
			const answer = firstItem((await rest.callWebhook(fullPath)).text);
			const [id] = await rest.executionsOf(fullId);
			const execution = await waitForExecution(rest, id, 30_000);
			const item = outputOf(execution, 'Download Too Large')[0];
			const leftBytes = spawnSync('du', ['-sb', temp], { encoding: 'utf8' }).stdout;
			diskFull = {
				...answer,
				// A failure screenshot may come with the error item; the file would be under `file`.
				returnedFile: Boolean(item?.binary?.file),
				leftBytes: Number(leftBytes.split(/\s/)[0]),
				nextExecutionOk: await nextExecutionOk(),
			};
			log(`  disk full: ${diskFull.code}, ${diskFull.leftBytes} bytes in the temp folder after`);
		}

		// An execution stopped through n8n's API while its action waits on a page.
		const { path: cancelPath, workflowId: cancelId } = await activateFault(
			'Cancel',
			browserAgent('Open Held Page', {
				resource: 'page',
				operation: 'navigate',
				url: held.urlFor('cancel'),
				options: { timeoutMs: 60_000 },
			}),
		);
		const cancelAnswer = rest.callWebhook(cancelPath).catch(() => undefined);
		await until(() => held!.asked('cancel'), 'the page of the execution to stop was asked for');
		const [cancelExecution] = await rest.executionsOf(cancelId);
		const stoppedAt = performance.now();
		await rest.request('POST', `/executions/${cancelExecution}/stop`);
		const letGoDeadline = Date.now() + 30_000;
		while (held.letGoAt('cancel') === undefined && Date.now() < letGoDeadline)
			await new Promise((resolve) => setTimeout(resolve, 10));
		const letGo = held.letGoAt('cancel');
		await cancelAnswer;
		const cancelled: FaultResult = {
			ms: letGo === undefined ? undefined : letGo - stoppedAt,
			nextExecutionOk: await nextExecutionOk(),
		};
		log(
			`  cancelled: session let go after ${cancelled.ms?.toFixed(0)} ms; temp: ${tempEntries().join(', ')}`,
		);

		// --- 3. nothing left -------------------------------------------------------------------
		await server.stop();
		server = undefined;
		const leftDeadline = Date.now() + 15_000;
		while (processes().length && Date.now() < leftDeadline)
			await new Promise((resolve) => setTimeout(resolve, 100));

		return {
			version,
			executions: options.executions,
			failures,
			checked,
			ms: {
				p50: median(durations),
				p95: percentile(durations, 95),
				max: Math.max(...durations),
			},
			rss: { firstMb, lastMb, growth: lastMb / firstMb - 1, window },
			browsers: { launched: seenBrowsers.size, mostAtOnce: mostBrowsers },
			idleRenderers: { early: earlyRenderers, end: endRenderers },
			temp: { most: mostTemp, seen: [...seenTemp] },
			faults: { browserKilled, droppedDownload, diskFull, cancelled },
			leftAfterStop: {
				processes: processes().map(({ pid, command }) => `${pid} ${command.slice(0, 120)}`),
				temp: tempEntries(),
			},
		};
	} finally {
		if (server) log(`n8n output (tail):\n${server.output().slice(-4000)}`);
		await n8n?.cleanup();
		packed?.remove();
		await Promise.all([site?.close(), held?.close()]);
		if (tmpfs.mounted) spawnSync('umount', ['-l', temp]);
		rmSync(temp, { recursive: true, force: true });
	}
}

/** The report as a table for people. */
export function formatSoakReport(report: SoakReport): string {
	const { faults } = report;
	const fault = (name: string, result: FaultResult, target: string) =>
		result.skipped
			? `  ${name.padEnd(22)} skipped: ${result.skipped}`
			: `  ${name.padEnd(22)} ${result.code ?? '(no error)'}${result.ms === undefined ? '' : ` in ${result.ms.toFixed(0)} ms`} (${target}); next execution ${result.nextExecutionOk ? 'ok' : 'FAILED'}`;
	return [
		`soak in n8n ${report.version}: ${report.executions} sequential executions of the ten-step sign-in flow`,
		`  failures               ${report.failures.length}${report.failures.length ? `: ${report.failures.slice(0, 5).join('; ')}` : ''}`,
		`  executions checked in full ${report.checked}`,
		`  time per execution     p50 ${report.ms.p50.toFixed(0)} ms, p95 ${report.ms.p95.toFixed(0)} ms, max ${report.ms.max.toFixed(0)} ms`,
		`  n8n RSS                first ${report.rss.window}: ${report.rss.firstMb.toFixed(0)} MB, last ${report.rss.window}: ${report.rss.lastMb.toFixed(0)} MB, growth ${(report.rss.growth * 100).toFixed(1)} % (target < 10 %)`,
		`  browsers launched      ${report.browsers.launched} (at most ${report.browsers.mostAtOnce} at once)`,
		`  idle renderers         after the first ${report.rss.window}: ${report.idleRenderers.early}, at the end: ${report.idleRenderers.end}`,
		`  temp entries, idle     at most ${report.temp.most} (${report.temp.seen.join(', ') || 'none'})`,
		'faults:',
		fault('browser killed', faults.browserKilled, 'target: a typed error in ≤ 2000 ms'),
		fault('dropped download', faults.droppedDownload, 'target: DOWNLOAD_FAILED'),
		faults.diskFull.skipped
			? fault('disk full', faults.diskFull, '')
			: `${fault('disk full', faults.diskFull, 'target: a clear error')}: "${faults.diskFull.message}"; file returned: ${faults.diskFull.returnedFile ? 'YES' : 'no'}, ${faults.diskFull.leftBytes} bytes left in the temp folder`,
		fault('cancelled', faults.cancelled, 'session closed; target ≤ 1000 ms'),
		`after n8n stopped: ${report.leftAfterStop.processes.length} processes, ${report.leftAfterStop.temp.length} temp entries left${[...report.leftAfterStop.processes, ...report.leftAfterStop.temp].length ? `: ${[...report.leftAfterStop.processes, ...report.leftAfterStop.temp].join(', ')}` : ''}`,
	].join('\n');
}

if (require.main === module) {
	const env = Object.fromEntries(
		process.argv
			.flatMap((value, index) => (process.argv[index - 1] === '--env' ? [value] : []))
			.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
	);
	runSoak({
		executions: Number(argument('executions')) || 1000,
		version: argument('version'),
		env,
		log: (line) => console.log(line),
	}).then(
		(report) => console.log(formatSoakReport(report)),
		(error) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
