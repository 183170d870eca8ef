/**
 * n8n's queue mode, for real: PostgreSQL, Redis, `n8n start` and two `n8n worker`s sharing one user
 * folder with the packed node installed. A webhook-started workflow of ten Browser Agent steps
 * (sign in with the account the webhook names, read the welcome, open the reports, screenshot,
 * download, page info, extract a table) is called many times at once. Every execution must
 * succeed, see its own account, and run all its Browser Agent steps in one session of one worker
 * (the worker's audit trail, each worker writing its own, says which). Stopping everything leaves
 * no process and no temp folder. With a third worker, a credential limited to 4 sessions across
 * the workers (Limit Sessions Across Workers, Redis leases): 12 executions at once all succeed and
 * Redis, sampled all along, never holds more than 4 leases. Then Waits of more than 65 s park three signed-in executions in
 * the database while one worker runs them: the one that resumes on that worker goes on in its
 * session; the worker stops, and on another one the session opened with Keep Login Across Waits
 * opens again signed in, the other fails with SESSION_LOST. One n8n version (the newest
 * installed): queue mode is the same code path in both.
 *
 * QUEUE_MODE_EXECUTIONS sets how many executions run at once (default 50).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import {
	ACCOUNTS,
	EXPECTED_TABLES,
	REPORT_CSV_FILENAME,
} from '../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import { nothingLeftOfN8nRun, processesWithEnvironment } from '../helpers/processes';
import { residentMb } from '../../scripts/n8n/harness/processGroup';
import { percentile } from '../../bench/measure';
import {
	createN8nInstance,
	e2eVersions,
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
import {
	browserAgent,
	inRow,
	SIGN_IN_FLOW_STEPS,
	signInFlow,
	webhookTrigger,
} from '../../scripts/n8n/harness/workflows';

const version = newestE2eVersion();
/** At most 100: n8n lists no more executions at once. */
const EXECUTIONS = Math.min(100, Number(process.env.QUEUE_MODE_EXECUTIONS ?? 50));
const WORKERS = 2;
/** Marks the processes of one worker (its Chromium inherits it), to measure its memory. */
const WORKER_MARKER = 'BROWSER_AGENT_E2E_WORKER';
/** What n8n itself keeps in its temp folder on purpose: Node's compile cache, data-table uploads. */
const N8N_OWN_TEMP = ['node-compile-cache', 'n8nDataTableUploads'];

/** Limit Sessions Across Workers: the credential's limit, the executions started at once, how long each holds its session. */
const SHARED_LIMIT = 4;
const SHARED_LIMIT_EXECUTIONS = 12;
const HOLD_MS = 1_500;
/** The leases' key with the runner's default prefix (lib/runner/policy/sharedQuotas.ts). */
const LEASES_KEY = '{browser-agent:quotas}:leases';

/** Webhook (answers when the execution ends) → open a page → hold → the session's status, on `credential`. */
function heldSessionWorkflow(
	siteUrl: string,
	webhookPath: string,
	credential: { id: string; name: string },
) {
	const credentials = { browserAgentApi: { id: credential.id, name: credential.name } };
	const node = (name: string, parameters: object) =>
		Object.assign(browserAgent(name, parameters), { credentials });
	return inRow(`Shared limit ${webhookPath}`, [
		webhookTrigger(webhookPath, 'lastNode'),
		node('Open Page', { resource: 'page', operation: 'navigate', url: `${siteUrl}/` }),
		node('Hold', { resource: 'page', operation: 'waitFor', until: 'delay', delayMs: HOLD_MS }),
		node('Status', { resource: 'session', operation: 'getStatus' }),
	]);
}

/** n8n keeps shorter waits in memory; from 65 s on the execution waits in the database. */
const WAIT_SECONDS = 66;
/**
 * The Wait of the executions that resume on another worker: long enough for the one that resumes
 * after WAIT_SECONDS on the first worker to end, and for that worker to stop, before they resume.
 */
const LONGER_WAIT_SECONDS = 90;

/**
 * Webhook → Session → Open (with or without Keep Login Across Waits) → sign in as `account` →
 * Wait → Read Welcome → Page Info.
 */
function waitingLoginWorkflow(
	siteUrl: string,
	webhookPath: string,
	account: (typeof ACCOUNTS)[number],
	keepLoginAcrossWaits: boolean,
	waitSeconds: number,
) {
	return inRow(`Wait ${webhookPath}`, [
		webhookTrigger(webhookPath),
		browserAgent('Open Session', {
			resource: 'session',
			operation: 'open',
			options: { keepLoginAcrossWaits },
		}),
		browserAgent('Open Login', {
			resource: 'page',
			operation: 'navigate',
			url: `${siteUrl}/login`,
		}),
		browserAgent('Type User', {
			resource: 'element',
			operation: 'fill',
			selector: '#username',
			value: account.username,
		}),
		browserAgent('Type Password', {
			resource: 'element',
			operation: 'fill',
			selector: '#password',
			value: account.password,
		}),
		browserAgent('Sign In', { resource: 'element', operation: 'click', selector: '#login-submit' }),
		{
			name: 'Wait',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			parameters: { resume: 'timeInterval', amount: waitSeconds, unit: 'seconds' },
			webhookId: randomUUID(),
		},
		browserAgent('Read Welcome', { resource: 'extract', operation: 'text', selector: '#welcome' }),
		browserAgent('Page Info', { resource: 'page', operation: 'getInfo' }),
	]);
}

/** The `opened` lines of an audit folder: session ID → its owner (the execution ID). */
function sessionsOpenedIn(dataDir: string): Map<string, string> {
	const opened = new Map<string, string>();
	const audit = join(dataDir, 'audit');
	if (!existsSync(audit)) return opened;
	for (const day of readdirSync(audit)) {
		const file = join(audit, day, 'sessions.ndjson');
		if (!existsSync(file)) continue;
		for (const line of readFileSync(file, 'utf8').split('\n')) {
			if (!line.trim()) continue;
			const entry = JSON.parse(line) as { event?: string; sessionId: string; owner: string };
			if (entry.event === 'opened') opened.set(entry.sessionId, entry.owner);
		}
	}
	return opened;
}

/** Samples, every second, each worker's n8n process and its whole tree (Chromium included); keeps the peaks. */
function watchWorkerMemory(workers: Array<{ pid: number; marker: string }>) {
	const peaks = workers.map(() => ({ n8nMb: 0, treeMb: 0 }));
	const sample = () =>
		workers.forEach(({ pid, marker }, i) => {
			const tree = processesWithEnvironment(WORKER_MARKER, marker);
			peaks[i].n8nMb = Math.max(peaks[i].n8nMb, residentMb(pid));
			peaks[i].treeMb = Math.max(
				peaks[i].treeMb,
				tree.reduce((sum, p) => sum + residentMb(p.pid), 0),
			);
		});
	const timer = setInterval(sample, 1000);
	sample();
	return {
		stop() {
			clearInterval(timer);
			sample();
			return peaks;
		},
	};
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe(`queue mode in real n8n ${version}: main, workers, PostgreSQL, Redis`, () => {
	const runMarker = randomUUID();
	/** TMPDIR of every n8n process, so whatever they (and their Chromium) leave in it shows. */
	const n8nTemp = mkdtempSync(join(tmpdir(), 'browser-agent-queue-tmp-'));
	/** Browser Agent data folders (audit trails): one for the main process, one per worker. */
	const dataRoot = mkdtempSync(join(tmpdir(), 'browser-agent-queue-data-'));
	const dataDirOf = (n8nProcess: string) => join(dataRoot, n8nProcess);
	let site: FixtureSite | undefined;
	let packed: ReturnType<typeof packThisPackage> | undefined;
	let postgres: PostgresServer | undefined;
	let redis: RedisServer | undefined;
	let n8n: N8nInstance | undefined;
	let main: StartedN8n | undefined;
	let workers: StartedN8n[] = [];
	let rest: N8nRest;
	let passed = false;

	const stopEverything = async () => {
		await n8n?.cleanup();
		await Promise.all([postgres?.stop(), redis?.stop(), site?.close()]);
		packed?.remove();
	};

	before(async () => {
		assert.ok(version, 'no n8n installed: scripts/test.sh installs the pinned ones');
		[site, postgres, redis] = await Promise.all([
			startFixtureSite(),
			startPostgres(),
			startRedis(),
		]);
		packed = packThisPackage();
		n8n = await createN8nInstance({
			version,
			env: {
				...queueModeEnv(postgres, redis),
				BROWSER_AGENT_E2E_RUN: runMarker,
				TMPDIR: n8nTemp,
			},
		});
		const installed = await n8n.installCommunityPackage(packed.tarball);
		n8n.checkCommunityPackageLoads(installed.dir);
		// The main process first: it migrates the database and writes the encryption key the
		// workers read from the shared user folder.
		main = await n8n.start({ env: { BROWSER_AGENT_DATA_DIR: dataDirOf('main') } });
		workers = await Promise.all(
			Array.from({ length: WORKERS }, (_, i) =>
				n8n!.start({
					command: 'worker',
					env: {
						BROWSER_AGENT_DATA_DIR: dataDirOf(`worker-${i + 1}`),
						[WORKER_MARKER]: `${runMarker}-${i + 1}`,
					},
				}),
			),
		);
		rest = await setupOwner(main.url);
	});
	after(async () => {
		if (!passed) {
			for (const [name, started] of [
				['main', main],
				...workers.map((w, i) => [`worker ${i + 1}`, w]),
			] as Array<[string, StartedN8n | undefined]>)
				console.log(`n8n ${name} output (tail):\n${started?.output().slice(-12000) ?? ''}`);
		}
		await stopEverything();
		rmSync(n8nTemp, { recursive: true, force: true });
		rmSync(dataRoot, { recursive: true, force: true });
	});

	it(`${EXECUTIONS} executions at once: each signs in as its own account, in one session of one worker`, async () => {
		passed = false;
		const path = randomUUID();
		const workflowId = await rest.activateWorkflow(
			signInFlow(site!.url, path, `Queue mode ${path}`),
		);
		const accountOf = (i: number) => ACCOUNTS[i % ACCOUNTS.length];
		const memory = watchWorkerMemory(
			workers.map((worker, i) => ({ pid: worker.pid, marker: `${runMarker}-${i + 1}` })),
		);
		const burstStarted = performance.now();
		const answers = await Promise.allSettled(
			Array.from({ length: EXECUTIONS }, (_, i) =>
				rest.callWebhook(path, { user: accountOf(i).username, password: accountOf(i).password }),
			),
		);
		const burstMs = performance.now() - burstStarted;
		const peaks = memory.stop();
		// The executions first: when one failed, its error says more than the webhook's 500.
		const list = await rest.request<{ results: Array<{ id: string }> }>(
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`,
		);
		const executions: ExecutionRecord[] = [];
		for (const { id } of list.results) executions.push(await waitForExecution(rest, id, 120_000));
		const failed = executions.filter((execution) => execution.status !== 'success');
		assert.deepEqual(
			failed.map((execution) => ({
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
		assert.equal(executions.length, EXECUTIONS, 'one execution per call');

		const sessionOf = new Map<string, string>();
		for (const execution of executions) {
			const body = outputOf(execution, 'Webhook')[0].json.body as { user: string };
			const account = ACCOUNTS.find((candidate) => candidate.username === body.user);
			assert.ok(account, `execution ${execution.id} was started for ${body.user}`);
			assert.equal(outputOf(execution, 'Read Welcome')[0].json.text, account.welcome);
			assert.equal(outputOf(execution, 'Download Report')[0].json.fileName, REPORT_CSV_FILENAME);
			assert.deepEqual(
				outputOf(execution, 'Extract Table').map((item) => item.json),
				EXPECTED_TABLES.simple,
			);
			const sessions = new Set(
				SIGN_IN_FLOW_STEPS.filter((step) => step !== 'Extract Table').map(
					(step) => outputOf(execution, step)[0].json.sessionId as string,
				),
			);
			assert.equal(
				sessions.size,
				1,
				`execution ${execution.id}: one session, not ${[...sessions]}`,
			);
			sessionOf.set(execution.id, [...sessions][0]);
		}

		// The audit trail is written asynchronously: wait until every session has its line.
		const auditOf = () => workers.map((_, i) => sessionsOpenedIn(dataDirOf(`worker-${i + 1}`)));
		const deadline = Date.now() + 15_000;
		let audits = auditOf();
		while (
			[...sessionOf.values()].some((session) => !audits.some((audit) => audit.has(session))) &&
			Date.now() < deadline
		) {
			await new Promise((resolve) => setTimeout(resolve, 250));
			audits = auditOf();
		}
		const ranOn = new Map<number, number>();
		for (const [executionId, session] of sessionOf) {
			const holders = audits.flatMap((audit, i) => (audit.has(session) ? [i] : []));
			assert.equal(
				holders.length,
				1,
				`session ${session} of execution ${executionId} is in exactly one worker's audit`,
			);
			assert.equal(
				audits[holders[0]].get(session),
				executionId,
				'the session belongs to its execution',
			);
			ranOn.set(holders[0], (ranOn.get(holders[0]) ?? 0) + 1);
		}
		assert.equal(sessionsOpenedIn(dataDirOf('main')).size, 0, 'the main process runs no session');
		assert.equal(ranOn.size, WORKERS, `every worker ran executions: ${JSON.stringify([...ranOn])}`);

		const runMs = executions.map((e) => Date.parse(e.stoppedAt!) - Date.parse(e.startedAt!));
		const withQueueMs = executions.map((e) => Date.parse(e.stoppedAt!) - Date.parse(e.createdAt!));
		const answeredMs = answers.flatMap((a) =>
			a.status === 'fulfilled' ? [a.value.durationMs] : [],
		);
		console.log(
			[
				`queue mode, n8n ${version}: ${EXECUTIONS} executions at once on ${WORKERS} workers, all done in ${seconds(burstMs)}`,
				`  execution (worker start to end): p50 ${seconds(percentile(runMs, 50))}, p95 ${seconds(percentile(runMs, 95))}`,
				`  with the wait in the queue:      p50 ${seconds(percentile(withQueueMs, 50))}, p95 ${seconds(percentile(withQueueMs, 95))}`,
				`  webhook call to its answer:      p50 ${seconds(percentile(answeredMs, 50))}, p95 ${seconds(percentile(answeredMs, 95))}`,
				`  per step, p50: ${SIGN_IN_FLOW_STEPS.map(
					(step) =>
						`${step} ${percentile(
							executions.map((e) => e.data.resultData.runData[step][0].executionTime ?? 0),
							50,
						)} ms`,
				).join(', ')}`,
				...peaks.map(
					(peak, i) =>
						`  worker ${i + 1}: ${ranOn.get(i) ?? 0} executions, peak RSS ${peak.n8nMb.toFixed(0)} MB (n8n process), ${peak.treeMb.toFixed(0)} MB (its processes summed, Chromium included)`,
				),
			].join('\n'),
		);
		passed = true;
	});

	it(`a third worker, a limit of ${SHARED_LIMIT} across the workers: ${SHARED_LIMIT_EXECUTIONS} executions at once all succeed, never more than ${SHARED_LIMIT} sessions`, async () => {
		passed = false;
		workers.push(
			await n8n!.start({
				command: 'worker',
				env: { BROWSER_AGENT_DATA_DIR: dataDirOf(`worker-${workers.length + 1}`) },
			}),
		);
		const credential = await rest.request<{ id: string; name: string }>('POST', '/credentials', {
			name: `Browser, ${SHARED_LIMIT} sessions across workers`,
			type: 'browserAgentApi',
			data: {
				connection: 'launch',
				maxConcurrentSessions: SHARED_LIMIT,
				limitSessionsAcrossWorkers: true,
			},
		});
		const path = randomUUID();
		const workflowId = await rest.activateWorkflow(
			heldSessionWorkflow(site!.url, path, credential),
		);
		// Redis, sampled all along: the sessions that hold a place (what the workers admit by).
		const client = new Redis({ host: redis!.host, port: redis!.port });
		let sampling = true;
		const samples: number[] = [];
		const sampler = (async () => {
			while (sampling) {
				samples.push(await client.zcard(LEASES_KEY));
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		})();
		let leasesLeft = -1;
		const executions: ExecutionRecord[] = [];
		try {
			const answers = await Promise.allSettled(
				Array.from({ length: SHARED_LIMIT_EXECUTIONS }, () => rest.callWebhook(path, {})),
			);
			sampling = false;
			await sampler;
			assert.deepEqual(
				answers.flatMap((answer) => (answer.status === 'rejected' ? [String(answer.reason)] : [])),
				[],
				'every webhook call is answered',
			);
			const list = await rest.request<{ results: Array<{ id: string }> }>(
				'GET',
				`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`,
			);
			for (const { id } of list.results) executions.push(await waitForExecution(rest, id, 120_000));
			// A session gives its place back as its execution ends, just after the webhook answered.
			const deadline = Date.now() + 15_000;
			while ((leasesLeft = await client.zcard(LEASES_KEY)) > 0 && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 100));
		} finally {
			sampling = false;
			client.disconnect();
		}
		assert.deepEqual(
			executions
				.filter((execution) => execution.status !== 'success')
				.map((execution) => ({
					id: execution.id,
					error: execution.data.resultData.error?.message,
					lastNode: execution.data.resultData.lastNodeExecuted,
				})),
			[],
			'no execution failed',
		);
		assert.equal(executions.length, SHARED_LIMIT_EXECUTIONS);
		assert.ok(samples.length > 20, `${samples.length} samples`);
		const most = Math.max(...samples);
		assert.equal(
			most,
			SHARED_LIMIT,
			`at most ${SHARED_LIMIT} sessions held a place at once (${most} seen)`,
		);
		assert.equal(leasesLeft, 0, 'every lease was given back');
		const queuedMs = executions.map(
			(execution) => (outputOf(execution, 'Status')[0].json.queuedMs as number | undefined) ?? 0,
		);
		const waited = queuedMs.filter((ms) => ms > 0);
		assert.ok(
			waited.length >= SHARED_LIMIT_EXECUTIONS - SHARED_LIMIT - 2,
			`${waited.length} sessions waited`,
		);
		console.log(
			[
				`limit across workers, n8n ${version}: ${SHARED_LIMIT_EXECUTIONS} executions at once on ${workers.length} workers, limit ${SHARED_LIMIT}`,
				`  Redis: at most ${most} leases in ${samples.length} samples (every 25 ms)`,
				`  queued: ${waited.length} sessions waited, ${[...queuedMs].sort((a, b) => a - b).join(', ')} ms`,
			].join('\n'),
		);
		passed = true;
	});

	it(`a Wait of ${WAIT_SECONDS} s or more: resumed on the same worker the session goes on; on another, it opens again signed in with Keep Login Across Waits, else fails with SESSION_LOST`, async () => {
		passed = false;
		// The first worker alone runs the three executions up to their Wait and resumes the shortest
		// one; then it stops, and a new worker resumes the other two.
		const [first, ...others] = workers;
		for (const other of others) await other.stop();
		const [stays, kept, plain] = [ACCOUNTS[0], ACCOUNTS[1], ACCOUNTS[2]];
		const start = (account: (typeof ACCOUNTS)[number], keep: boolean, waitSeconds: number) => {
			const path = randomUUID();
			return rest.startByWebhook(
				waitingLoginWorkflow(site!.url, path, account, keep, waitSeconds),
				path,
			);
		};
		const [staysId, keptId, plainId] = await Promise.all([
			start(stays, false, WAIT_SECONDS),
			start(kept, true, LONGER_WAIT_SECONDS),
			start(plain, false, LONGER_WAIT_SECONDS),
		]);
		for (const id of [staysId, keptId, plainId])
			await waitForExecution(rest, id, 90_000, (status) => status === 'waiting');
		const keptFolder = join(dataDirOf('worker-1'), 'kept-logins');
		assert.equal(readdirSync(keptFolder).length, 1, 'one login kept, sealed, as they parked');

		const staysDone = await waitForExecution(rest, staysId, (WAIT_SECONDS + 60) * 1000);
		assert.equal(staysDone.status, 'success', JSON.stringify(staysDone.data.resultData.error));
		assert.equal(outputOf(staysDone, 'Read Welcome')[0].json.text, stays.welcome);
		assert.equal(
			outputOf(staysDone, 'Read Welcome')[0].json.sessionId,
			outputOf(staysDone, 'Sign In')[0].json.sessionId,
			'the same session, in the same worker',
		);
		await first.stop();
		const { status: keptStatus } = await rest.request<{ status: string }>(
			'GET',
			`/executions/${keptId}`,
		);
		assert.equal(keptStatus, 'waiting', 'the first worker stopped before the longer Waits ended');
		// The resuming worker shares the first one's data folder, as a volume shared by all workers would.
		workers.push(
			await n8n!.start({
				command: 'worker',
				env: { BROWSER_AGENT_DATA_DIR: dataDirOf('worker-1') },
			}),
		);

		const [keptDone, plainDone] = await Promise.all(
			[keptId, plainId].map((id) => waitForExecution(rest, id, 120_000)),
		);
		assert.equal(keptDone.status, 'success', JSON.stringify(keptDone.data.resultData.error));
		assert.equal(outputOf(keptDone, 'Read Welcome')[0].json.text, kept.welcome);
		assert.equal(outputOf(keptDone, 'Page Info')[0].json.url, `${site!.url}/dashboard`);
		assert.notEqual(
			outputOf(keptDone, 'Read Welcome')[0].json.sessionId,
			outputOf(keptDone, 'Sign In')[0].json.sessionId,
			'a new session, in the other worker',
		);
		assert.deepEqual(readdirSync(keptFolder), [], 'the kept login was taken');

		assert.equal(plainDone.status, 'error');
		const lost = plainDone.data.resultData.runData['Read Welcome'][0].error;
		assert.match(
			lost?.message ?? '',
			/"default" that node "Sign In" used is not in this n8n process/,
		);
		assert.match(lost?.description ?? '', /Keep Login Across Waits/);
		passed = true;
	});

	it('stopping everything leaves no n8n, no Chromium and no temp folder', async () => {
		passed = false;
		const folders = [n8n!.userFolder, postgres!.directory, redis!.directory, packed!.tarball];
		await stopEverything();
		await nothingLeftOfN8nRun(runMarker);
		assert.deepEqual(
			folders.filter((folder) => existsSync(folder)),
			[],
			'the user folder, the servers’ folders and the tarball are gone',
		);
		const running = (pid: number) => existsSync(`/proc/${pid}`);
		assert.deepEqual(
			[postgres!.pid, redis!.pid].filter(running),
			[],
			'no PostgreSQL or Redis process is left',
		);
		assert.deepEqual(
			readdirSync(n8nTemp).filter((name) => !N8N_OWN_TEMP.includes(name)),
			[],
			'neither the node nor its Chromium left anything in the temp folder',
		);
		passed = true;
	});
});
