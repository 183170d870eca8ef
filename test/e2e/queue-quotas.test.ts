/**
 * Session limits across n8n's queue-mode workers, for real: PostgreSQL, Redis, `n8n start` and
 * three `n8n worker`s, with the packed node. A Browser Agent credential with Max Concurrent
 * Sessions 4 and Limit Sessions Across Workers on; twelve webhook executions at once, each holding
 * its session for a moment. All must succeed, and Redis, sampled all along, must never hold more
 * than 4 sessions' leases (the leases are what the workers admit by). Stopping everything leaves
 * no process and no temp folder. The newest installed n8n only (queue mode is the same in both).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import { eventually, nothingLeftOfN8nRun, processesWithEnvironment } from '../helpers/processes';
import {
	createN8nInstance,
	newestE2eVersion,
	N8nRest,
	packThisPackage,
	queueModeEnv,
	setupOwner,
	type N8nInstance,
	type StartedN8n,
} from '../../scripts/n8n/harness/n8n';
import { outputOf, waitForExecution, type ExecutionRecord } from '../../scripts/n8n/harness/editor';
import {
	startPostgres,
	startRedis,
	type PostgresServer,
	type RedisServer,
} from '../../scripts/n8n/harness/services';
import { browserAgent, inRow, webhookTrigger } from '../../scripts/n8n/harness/workflows';

const version = newestE2eVersion();
const WORKERS = 3;
const LIMIT = 4;
const EXECUTIONS = 12;
/** How long each execution holds its session (a Fixed Delay between two actions). */
const HOLD_MS = 1_500;
/** The leases' key with the runner's default prefix (lib/runner/policy/sharedQuotas.ts). */
const LEASES_KEY = '{browser-agent:quotas}:leases';
/** How long a worker keeps its Chromium after its last session. */
const BROWSER_IDLE_MS = 3_000;
const N8N_OWN_TEMP = ['node-compile-cache', 'n8nDataTableUploads'];

/** Webhook (answers when the execution ends) → open a page → hold → the session's status. */
function heldSessionWorkflow(
	siteUrl: string,
	webhookPath: string,
	credential: { id: string; name: string },
) {
	const credentials = { browserAgentApi: { id: credential.id, name: credential.name } };
	const node = (name: string, parameters: object) =>
		Object.assign(browserAgent(name, parameters), { credentials });
	return inRow(`Queue quotas ${webhookPath}`, [
		webhookTrigger(webhookPath, 'lastNode'),
		node('Open Page', { resource: 'page', operation: 'navigate', url: `${siteUrl}/` }),
		node('Hold', { resource: 'page', operation: 'waitFor', until: 'delay', delayMs: HOLD_MS }),
		node('Status', { resource: 'session', operation: 'getStatus' }),
	]);
}

/**
 * The sessions in a data folder's audit trail, from their `ended` lines: session ID → when it
 * started and ended (ms). The end is written after the session gave its place back (and after its
 * final screenshot), so these spans can only be longer than the time a place was held.
 */
function sessionSpans(dataDir: string): Map<string, { started: number; ended: number }> {
	const spans = new Map<string, { started: number; ended: number }>();
	const audit = join(dataDir, 'audit');
	if (!existsSync(audit)) return spans;
	for (const day of readdirSync(audit)) {
		const file = join(audit, day, 'sessions.ndjson');
		if (!existsSync(file)) continue;
		for (const line of readFileSync(file, 'utf8').split('\n')) {
			if (!line.trim()) continue;
			const entry = JSON.parse(line) as {
				event?: string;
				sessionId: string;
				startedAt?: string;
				endedAt?: string;
			};
			if (entry.event === 'ended')
				spans.set(entry.sessionId, {
					started: Date.parse(entry.startedAt!),
					ended: Date.parse(entry.endedAt!),
				});
		}
	}
	return spans;
}

describe(`session limits across queue-mode workers in real n8n ${version}: main, ${WORKERS} workers`, () => {
	const runMarker = randomUUID();
	const n8nTemp = mkdtempSync(join(tmpdir(), 'browser-agent-quotas-tmp-'));
	const dataRoot = mkdtempSync(join(tmpdir(), 'browser-agent-quotas-data-'));
	const dataDirOf = (n8nProcess: string) => join(dataRoot, n8nProcess);
	let site: FixtureSite | undefined;
	let packed: ReturnType<typeof packThisPackage> | undefined;
	let postgres: PostgresServer | undefined;
	let redis: RedisServer | undefined;
	let client: Redis | undefined;
	let n8n: N8nInstance | undefined;
	let main: StartedN8n | undefined;
	let workers: StartedN8n[] = [];
	let rest: N8nRest;
	let credential: { id: string; name: string };
	let passed = false;

	const stopEverything = async () => {
		client?.disconnect();
		client = undefined;
		await n8n?.cleanup();
		await Promise.all([postgres?.stop(), redis?.stop(), site?.close()]);
		packed?.remove();
	};

	before(async () => {
		assert.ok(version, 'no n8n installed: scripts/test.sh installs the pinned ones');
		const settingUp = performance.now();
		[site, postgres, redis] = await Promise.all([
			startFixtureSite(),
			startPostgres(),
			startRedis(),
		]);
		client = new Redis({ host: redis.host, port: redis.port });
		packed = packThisPackage();
		n8n = await createN8nInstance({
			version,
			env: {
				...queueModeEnv(postgres, redis),
				BROWSER_AGENT_E2E_RUN: runMarker,
				TMPDIR: n8nTemp,
				// Time for the node's exit cleanup to close Chromium on a busy machine (the harness's 5 s
				// ended workers before it had, leaving Chromium's profile folders behind).
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '30',
			},
		});
		const installed = await n8n.installCommunityPackage(packed.tarball);
		n8n.checkCommunityPackageLoads(installed.dir);
		main = await n8n.start({ env: { BROWSER_AGENT_DATA_DIR: dataDirOf('main') } });
		const instance = n8n;
		[workers, rest] = await Promise.all([
			Promise.all(
				Array.from({ length: WORKERS }, (_, i) =>
					instance.start({
						command: 'worker',
						env: {
							BROWSER_AGENT_DATA_DIR: dataDirOf(`worker-${i + 1}`),
							// Warm between the sessions of the burst, closed soon after it (see the last test).
							BROWSER_AGENT_BROWSER_IDLE_MS: String(BROWSER_IDLE_MS),
						},
					}),
				),
			),
			setupOwner(main.url),
		]);
		credential = await rest.request<{ id: string; name: string }>('POST', '/credentials', {
			name: 'Browser, 4 sessions across workers',
			type: 'browserAgentApi',
			data: {
				connection: 'launch',
				maxConcurrentSessions: LIMIT,
				limitSessionsAcrossWorkers: true,
			},
		});
		console.log(
			`# PostgreSQL, Redis, n8n main and ${WORKERS} workers ready in ${((performance.now() - settingUp) / 1000).toFixed(1)} s`,
		);
	});
	after(async () => {
		if (!passed) {
			for (const [name, started] of [
				['main', main],
				...workers.map((w, i) => [`worker ${i + 1}`, w]),
			] as Array<[string, StartedN8n | undefined]>)
				console.log(`n8n ${name} output (tail):\n${started?.output().slice(-4000) ?? ''}`);
		}
		await stopEverything();
		rmSync(n8nTemp, { recursive: true, force: true });
		rmSync(dataRoot, { recursive: true, force: true });
	});

	it(`${EXECUTIONS} executions at once, a limit of ${LIMIT} across the workers: all succeed, never more than ${LIMIT} sessions`, async () => {
		passed = false;
		const path = randomUUID();
		const workflowId = await rest.activateWorkflow(
			heldSessionWorkflow(site!.url, path, credential),
		);
		// Redis, sampled all along: the sessions that hold a place.
		let sampling = true;
		const samples: number[] = [];
		const sampler = (async () => {
			while (sampling) {
				samples.push(await client!.zcard(LEASES_KEY));
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		})();
		const started = performance.now();
		const answers = await Promise.allSettled(
			Array.from({ length: EXECUTIONS }, () => rest.callWebhook(path, {})),
		);
		const burstMs = performance.now() - started;
		sampling = false;
		await sampler;

		const list = await rest.request<{ results: Array<{ id: string }> }>(
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`,
		);
		const executions: ExecutionRecord[] = [];
		for (const { id } of list.results) executions.push(await waitForExecution(rest, id, 120_000));
		assert.deepEqual(
			executions
				.filter((execution) => execution.status !== 'success')
				.map((execution) => ({
					id: execution.id,
					status: execution.status,
					error: execution.data.resultData.error?.message,
					lastNode: execution.data.resultData.lastNodeExecuted,
				})),
			[],
			'no execution failed',
		);
		assert.deepEqual(
			answers.flatMap((answer) => (answer.status === 'rejected' ? [String(answer.reason)] : [])),
			[],
			'every webhook call is answered',
		);
		assert.equal(executions.length, EXECUTIONS);

		const most = Math.max(...samples);
		assert.ok(samples.length > 20, `${samples.length} samples`);
		assert.equal(most, LIMIT, `at most ${LIMIT} sessions held a place at once (${most} seen)`);
		const queuedMs = executions.map(
			(execution) => (outputOf(execution, 'Status')[0].json.queuedMs as number | undefined) ?? 0,
		);
		const waited = queuedMs.filter((ms) => ms > 0);
		assert.ok(waited.length >= EXECUTIONS - LIMIT - 2, `${waited.length} sessions waited`);
		assert.equal(await client!.zcard(LEASES_KEY), 0, 'every lease was given back');

		// The workers' audit trails: where the sessions ran, and how many were open at once there.
		const auditsOf = () => workers.map((_, i) => sessionSpans(dataDirOf(`worker-${i + 1}`)));
		const deadline = Date.now() + 15_000;
		let audits = auditsOf();
		while (audits.reduce((sum, audit) => sum + audit.size, 0) < EXECUTIONS) {
			assert.ok(Date.now() < deadline, 'every session has its ended line in a worker’s audit');
			await new Promise((resolve) => setTimeout(resolve, 250));
			audits = auditsOf();
		}
		const events = audits.flatMap((audit) =>
			[...audit.values()].flatMap((span) => [
				{ at: span.started, change: 1 },
				{ at: span.ended, change: -1 },
			]),
		);
		events.sort((a, b) => a.at - b.at || a.change - b.change);
		let open = 0;
		let mostInAudit = 0;
		for (const event of events) mostInAudit = Math.max(mostInAudit, (open += event.change));
		console.log(
			[
				`queue quotas, n8n ${version}: ${EXECUTIONS} executions at once on ${WORKERS} workers, limit ${LIMIT} across them, all done in ${(burstMs / 1000).toFixed(1)} s`,
				`  Redis: at most ${most} leases in ${samples.length} samples (every 25 ms)`,
				`  audit trails: ${audits.map((audit) => audit.size).join(' + ')} sessions per worker; their start..end spans (longer than the places were held) overlap ${mostInAudit} at most`,
				`  queued: ${waited.length} sessions waited, ${queuedMs
					.sort((a, b) => a - b)
					.map((ms) => `${ms}`)
					.join(', ')} ms`,
			].join('\n'),
		);
		passed = true;
	});

	it('stopping everything leaves no n8n, no Chromium and no temp folder', async () => {
		passed = false;
		const folders = [n8n!.userFolder, postgres!.directory, redis!.directory, packed!.tarball];
		// The workers close their idle Chromium by themselves first: stopping a worker while its
		// Chromium closes can leave the profile folder behind (exit cleanup, not session limits;
		// test/e2e/queue-mode.test.ts stops workers with a warm browser).
		await eventually(
			() =>
				!processesWithEnvironment('BROWSER_AGENT_E2E_RUN', runMarker).some(({ command }) =>
					/chrom(e|ium)/i.test(command),
				),
			'the workers closed their idle Chromium',
			BROWSER_IDLE_MS + 20_000,
		);
		await stopEverything();
		await nothingLeftOfN8nRun(runMarker);
		assert.deepEqual(
			folders.filter((folder) => existsSync(folder)),
			[],
		);
		assert.deepEqual(
			readdirSync(n8nTemp).filter((name) => !N8N_OWN_TEMP.includes(name)),
			[],
			'neither the node nor its Chromium left anything in the temp folder',
		);
		passed = true;
	});
});
