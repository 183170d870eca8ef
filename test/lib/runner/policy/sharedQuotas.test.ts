/**
 * Session limits across processes, for real: a redis-server, worker processes (this file, started
 * again with SHARED_QUOTA_WORKER set) each with its own SessionPool, and one Chromium they all
 * reach through a Playwright server, so the sessions are real but cheap.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { chromium, type BrowserServer } from 'playwright';
import { findExecutable, SessionPool, type SessionEnvironment } from '../../../../lib';
import { parsePolicy } from '../../../../lib/policy/policy';
import { SessionQuotas } from '../../../../lib/runner/policy/quotas';
import {
	parseSharedQuotaSettings,
	sharedQuotaSettingsFromEnvironment,
	type SharedQuotaSettingsInput,
} from '../../../../lib/runner/policy/sharedQuotas';
import { startRedis, type RedisServer } from '../../../../scripts/n8n/harness/services';
import { failureOf, unreachableUrl } from '../../../helpers/runner';

const SCOPE = 'credential:shared-test';
const LIMIT = 4;

interface SessionRecord {
	openedAt: number;
	closedAt: number;
	queuedMs: number;
}

type WorkerMessage =
	| { type: 'session'; record: SessionRecord }
	| { type: 'holding' }
	| { type: 'failed'; error: { code?: string; message: string } }
	| { type: 'done'; mostOpen: number };

function environmentFor(port: number, keyPrefix: string, leaseTtlMs: number): SessionEnvironment {
	return {
		policy: { scope: SCOPE, maxConcurrentSessions: LIMIT },
		sharedQuotas: { redis: { host: '127.0.0.1', port }, keyPrefix, leaseTtlMs },
	};
}

/** A worker: opens SESSIONS sessions at once, holds each HOLD_MS (or for ever with HOLD_MS=forever), then closes them. */
async function runWorker(): Promise<void> {
	const env = process.env;
	const send = (message: WorkerMessage) => process.send!(message);
	const pool = new SessionPool({
		browser: { mode: 'playwright', wsEndpoint: env.WS_ENDPOINT! },
		quotaWaitMs: Number(env.WAIT_MS),
	});
	const environment = environmentFor(
		Number(env.REDIS_PORT),
		env.KEY_PREFIX!,
		Number(env.LEASE_TTL_MS),
	);
	let mostOpen = 0;
	const sampler = setInterval(() => (mostOpen = Math.max(mostOpen, pool.openSessionCount)), 5);
	const sessions = Array.from({ length: Number(env.SESSIONS) }, async (_, index) => {
		const key = { owner: `worker-${process.pid}-${index}` };
		try {
			await pool.run(key, 'getPageInfo', {}, environment);
			const openedAt = Date.now();
			const queuedMs = (await pool.status(key))?.queuedMs ?? 0;
			if (env.HOLD_MS === 'forever') return;
			await new Promise((resolve) => setTimeout(resolve, Number(env.HOLD_MS)));
			const closedAt = Date.now();
			await pool.close(key);
			send({ type: 'session', record: { openedAt, closedAt, queuedMs } });
		} catch (error) {
			const { code, message } = error as { code?: string; message: string };
			send({ type: 'failed', error: { code, message } });
		}
	});
	await Promise.all(sessions);
	if (env.HOLD_MS === 'forever') {
		send({ type: 'holding' });
		return; // until SIGKILL
	}
	clearInterval(sampler);
	await pool.shutdown();
	send({ type: 'done', mostOpen });
	process.disconnect();
}

interface Worker {
	child: ChildProcess;
	messages: WorkerMessage[];
	/** Resolves with the first message of this type. */
	next(type: WorkerMessage['type']): Promise<WorkerMessage>;
}

function startWorker(env: Record<string, string>): Worker {
	const child = fork(__filename, [], {
		execArgv: ['--import', 'tsx'],
		env: { ...process.env, SHARED_QUOTA_WORKER: '1', ...env },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const messages: WorkerMessage[] = [];
	const listeners = new Set<() => void>();
	child.on('message', (message: WorkerMessage) => {
		messages.push(message);
		for (const listener of listeners) listener();
	});
	return {
		child,
		messages,
		next: (type) =>
			new Promise((resolve, reject) => {
				const check = () => {
					const found = messages.find((message) => message.type === type);
					if (!found) return;
					listeners.delete(check);
					resolve(found);
				};
				listeners.add(check);
				child.once('exit', (code, signal) =>
					reject(new Error(`worker ${child.pid} exited (${code ?? signal}) before "${type}"`)),
				);
				check();
			}),
	};
}

/** Most intervals open at one moment. */
function mostOverlapping(records: SessionRecord[]): number {
	const events = records.flatMap((record) => [
		{ at: record.openedAt, change: 1 },
		{ at: record.closedAt, change: -1 },
	]);
	// At the same millisecond, a close counts before an open.
	events.sort((a, b) => a.at - b.at || a.change - b.change);
	let open = 0;
	let most = 0;
	for (const event of events) most = Math.max(most, (open += event.change));
	return most;
}

if (process.env.SHARED_QUOTA_WORKER) {
	void runWorker();
} else {
	describe('session limits across processes (Redis leases)', () => {
		let redis: RedisServer;
		let server: BrowserServer;
		let client: Redis;
		let prefixes = 0;
		const keyPrefix = () => `browser-agent-test-${process.pid}-${++prefixes}`;
		const leases = (prefix: string) => `{${prefix}}:leases`;

		before(async () => {
			redis = await startRedis();
			server = await chromium.launchServer({ executablePath: findExecutable(), headless: true });
			client = new Redis({ host: redis.host, port: redis.port });
		});
		after(async () => {
			client?.disconnect();
			await server?.close();
			await redis?.stop();
		});

		/** Samples the number of leases in Redis every 10 ms until stopped; returns the most seen. */
		function sampleLeases(prefix: string): { stop(): Promise<{ most: number; samples: number }> } {
			let most = 0;
			let samples = 0;
			let running = true;
			const loop = (async () => {
				while (running) {
					most = Math.max(most, await client.zcard(leases(prefix)));
					samples++;
					await new Promise((resolve) => setTimeout(resolve, 10));
				}
			})();
			return {
				async stop() {
					running = false;
					await loop;
					return { most, samples };
				},
			};
		}

		it('3 worker processes, a limit of 4, 12 sessions at once: all open in turn, never more than 4', async () => {
			const prefix = keyPrefix();
			const sampling = sampleLeases(prefix);
			const workers = Array.from({ length: 3 }, () =>
				startWorker({
					WS_ENDPOINT: server.wsEndpoint(),
					REDIS_PORT: String(redis.port),
					KEY_PREFIX: prefix,
					LEASE_TTL_MS: '15000',
					WAIT_MS: '60000',
					SESSIONS: '4',
					HOLD_MS: '400',
				}),
			);
			const done = await Promise.all(workers.map((worker) => worker.next('done')));
			const { most, samples } = await sampling.stop();
			const failures = workers.flatMap((worker) =>
				worker.messages.filter((message) => message.type === 'failed'),
			);
			assert.deepEqual(failures, []);
			const records = workers.flatMap((worker) =>
				worker.messages.flatMap((message) => (message.type === 'session' ? [message.record] : [])),
			);
			assert.equal(records.length, 12, 'every session opened');
			// Each span runs from the session opened to its close: inside the time its lease was held.
			assert.ok(mostOverlapping(records) <= LIMIT, `${mostOverlapping(records)} open at once`);
			assert.equal(most, LIMIT, `leases in Redis: at most ${most} in ${samples} samples`);
			for (const message of done)
				assert.ok(message.type === 'done' && message.mostOpen <= LIMIT, JSON.stringify(message));
			const waited = records.filter((record) => record.queuedMs > 0);
			assert.ok(waited.length >= 8, `${waited.length} said how long they waited`);
			assert.equal(await client.zcard(leases(prefix)), 0, 'every lease given back');
			assert.equal(await client.zcard(`{${prefix}}:queue`), 0, 'nobody left in the queue');
			console.log(
				`# 12 sessions in 3 workers: at most ${mostOverlapping(records)} open (intervals), ${most} leases in ${samples} Redis samples; queued ${waited
					.map((record) => record.queuedMs)
					.sort((a, b) => a - b)
					.join(', ')} ms`,
			);
		});

		it('pools in one process: their open counts and the leases never pass the limit together', async () => {
			const prefix = keyPrefix();
			const environment = environmentFor(redis.port, prefix, 15_000);
			const pools = Array.from(
				{ length: 3 },
				() =>
					new SessionPool({
						browser: { mode: 'playwright', wsEndpoint: server.wsEndpoint() },
						quotaWaitMs: 60_000,
					}),
			);
			let mostOpen = 0;
			// Synchronous: one moment across all pools.
			const sampler = setInterval(() => {
				mostOpen = Math.max(
					mostOpen,
					pools.reduce((sum, pool) => sum + pool.openSessionCount, 0),
				);
			}, 2);
			const sampling = sampleLeases(prefix);
			try {
				await Promise.all(
					Array.from({ length: 12 }, async (_, index) => {
						const pool = pools[index % 3];
						const key = { owner: `in-process-${index}` };
						await pool.run(key, 'getPageInfo', {}, environment);
						await new Promise((resolve) => setTimeout(resolve, 200));
						await pool.close(key);
					}),
				);
			} finally {
				clearInterval(sampler);
				await Promise.all(pools.map((pool) => pool.shutdown()));
			}
			const { most } = await sampling.stop();
			assert.equal(mostOpen, LIMIT, 'the pools’ own counts: 4 at most, and 4 reached');
			assert.ok(most <= LIMIT, `${most} leases at most`);
		});

		it('a worker killed with SIGKILL: its places come back when its leases expire', async () => {
			const prefix = keyPrefix();
			const killed = startWorker({
				WS_ENDPOINT: server.wsEndpoint(),
				REDIS_PORT: String(redis.port),
				KEY_PREFIX: prefix,
				LEASE_TTL_MS: '2000',
				WAIT_MS: '0',
				SESSIONS: String(LIMIT),
				HOLD_MS: 'forever',
			});
			await killed.next('holding');
			assert.equal(await client.zcard(leases(prefix)), LIMIT);
			// Held well beyond one lease time: the heartbeat renews them.
			await new Promise((resolve) => setTimeout(resolve, 3_000));
			assert.equal(await client.zcard(leases(prefix)), LIMIT, 'renewed while the worker lives');
			killed.child.kill('SIGKILL');
			const killedAt = Date.now();
			const pool = new SessionPool({
				browser: { mode: 'playwright', wsEndpoint: server.wsEndpoint() },
				quotaWaitMs: 20_000,
			});
			try {
				const key = { owner: 'after-the-kill' };
				await pool.run(key, 'getPageInfo', {}, environmentFor(redis.port, prefix, 2_000));
				const waited = Date.now() - killedAt;
				const queuedMs = (await pool.status(key))?.queuedMs ?? 0;
				// Renewed at most 2 s before the kill, the leases are gone at most 2 s after it.
				assert.ok(queuedMs > 0 && queuedMs <= 3_500, `waited ${waited} ms, queued ${queuedMs} ms`);
				assert.equal(await client.zcard(leases(prefix)), 1, 'only its own lease is left');
				console.log(
					`# after SIGKILL, the next session waited ${queuedMs} ms for a place, opened ${waited} ms after the kill (lease time 2 s)`,
				);
			} finally {
				await pool.shutdown();
			}
			assert.equal(await client.zcard(leases(prefix)), 0);
		});

		it('gives up after the wait time with QUOTA_EXCEEDED saying how long; a cancelled one leaves the queue', async () => {
			const prefix = keyPrefix();
			const shared = parseSharedQuotaSettings({
				redis: { host: '127.0.0.1', port: redis.port },
				keyPrefix: prefix,
			});
			const policy = parsePolicy({ scope: SCOPE, maxConcurrentSessions: 2 });
			const holder = new SessionQuotas(20);
			const other = new SessionQuotas(20);
			try {
				const held = await Promise.all([
					holder.admit(policy, { shared }),
					holder.admit(policy, { shared }),
				]);
				const started = Date.now();
				const late = await failureOf(other.admit(policy, { shared, waitMs: 1_200 }));
				assert.equal(late.code, 'QUOTA_EXCEEDED');
				assert.match(
					late.message,
					/2 browser sessions of this credential are already open across the n8n workers, its limit \(Max Concurrent Sessions\)\. It waited 1 s for a place\./,
				);
				assert.ok(Date.now() - started >= 1_150);
				assert.equal(await client.zcard(`{${prefix}}:queue`), 0, 'it left the queue');
				assert.equal(other.count(), 0, 'and gave back its place in its own process');

				const cancel = new AbortController();
				const cancelled = other.admit(policy, { shared, waitMs: 60_000, signal: cancel.signal });
				await new Promise((resolve) => setTimeout(resolve, 300));
				assert.equal(await client.zcard(`{${prefix}}:queue`), 1);
				assert.equal(other.queued, 1);
				cancel.abort(new Error('execution cancelled'));
				assert.match((await failureOf(cancelled)).message, /execution cancelled/);
				assert.equal(other.queued, 0);
				await new Promise((resolve) => setTimeout(resolve, 100));
				assert.equal(await client.zcard(`{${prefix}}:queue`), 0, 'the cancelled one left');

				// The process limit counts across processes too: 2 here, with 2 held elsewhere.
				const small = new SessionQuotas(2);
				const refused = await failureOf(
					small.admit(parsePolicy({ scope: 'credential:another' }), { shared }),
				);
				assert.match(refused.message, /2 browser sessions are already open across the n8n workers/);
				await small.close();

				// A waiter gets the place a release frees, in turn.
				const waiting = other.admit(policy, { shared, waitMs: 10_000 });
				await new Promise((resolve) => setTimeout(resolve, 300));
				held[0].release();
				const admitted = await waiting;
				assert.ok(admitted.queuedMs >= 250, `queued ${admitted.queuedMs} ms`);
				admitted.release();
				held[1].release();
			} finally {
				await holder.close();
				await other.close();
			}
			assert.equal(await client.zcard(leases(prefix)), 0);
		});

		it('Redis unreachable: QUOTA_UNAVAILABLE naming the settings, at once, no hang', async () => {
			const port = Number(new URL(await unreachableUrl()).port);
			const quotas = new SessionQuotas(20);
			const policy = parsePolicy({ scope: SCOPE, maxConcurrentSessions: LIMIT });
			try {
				for (const redisSettings of [
					{ host: '127.0.0.1', port },
					// Nothing answers there: the connect timeout ends it.
					{ host: '10.255.255.1', port: 6379 },
				]) {
					const shared = parseSharedQuotaSettings({
						redis: redisSettings,
						connectTimeoutMs: 1_000,
					});
					const started = Date.now();
					const error = await failureOf(quotas.admit(policy, { shared, waitMs: 60_000 }));
					const took = Date.now() - started;
					assert.equal(error.code, 'QUOTA_UNAVAILABLE', error.message);
					assert.match(error.message, new RegExp(`Redis at ${redisSettings.host}:`));
					assert.match(error.advice, /QUEUE_BULL_REDIS_HOST.*QUEUE_BULL_REDIS_TLS/);
					assert.ok(took < 3_000, `failed in ${took} ms`);
					assert.equal(quotas.count(), 0, 'its place in the process was given back');
					assert.equal(quotas.queued, 0);
				}
			} finally {
				await quotas.close();
			}
		});

		it('Redis stopping while a session waits: QUOTA_UNAVAILABLE, not a hang', async () => {
			const own = await startRedis();
			const quotas = new SessionQuotas(20);
			const policy = parsePolicy({ scope: SCOPE, maxConcurrentSessions: 1 });
			const shared = parseSharedQuotaSettings({
				redis: { host: own.host, port: own.port },
				connectTimeoutMs: 1_000,
			});
			try {
				await quotas.admit(policy, { shared });
				// Its failure is awaited from the start: it may come while Redis is still stopping.
				const waiting = failureOf(quotas.admit(policy, { shared, waitMs: 60_000 }));
				await new Promise((resolve) => setTimeout(resolve, 300));
				const stoppedAt = Date.now();
				await own.stop();
				const error = await waiting;
				assert.equal(error.code, 'QUOTA_UNAVAILABLE', error.message);
				assert.ok(Date.now() - stoppedAt < 3_000);
			} finally {
				await quotas.close();
				await own.stop();
			}
		});

		it('reads n8n’s queue Redis settings, only in queue mode', () => {
			assert.equal(sharedQuotaSettingsFromEnvironment({}), undefined);
			assert.equal(
				sharedQuotaSettingsFromEnvironment({ QUEUE_BULL_REDIS_HOST: 'redis' }),
				undefined,
			);
			assert.deepEqual(sharedQuotaSettingsFromEnvironment({ EXECUTIONS_MODE: 'queue' }), {
				redis: { host: 'localhost', port: 6379, db: 0, tls: false },
			} satisfies SharedQuotaSettingsInput);
			assert.deepEqual(
				sharedQuotaSettingsFromEnvironment({
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: 'redis.internal',
					QUEUE_BULL_REDIS_PORT: '6380',
					QUEUE_BULL_REDIS_USERNAME: 'n8n',
					QUEUE_BULL_REDIS_PASSWORD: 'secret',
					QUEUE_BULL_REDIS_DB: '2',
					QUEUE_BULL_REDIS_TLS: 'true',
				}),
				{
					redis: {
						host: 'redis.internal',
						port: 6380,
						db: 2,
						tls: true,
						username: 'n8n',
						password: 'secret',
					},
				},
			);
			assert.throws(
				() =>
					sharedQuotaSettingsFromEnvironment({
						EXECUTIONS_MODE: 'queue',
						QUEUE_BULL_REDIS_PORT: 'six',
					}),
				(error: { code: string; field: string }) =>
					error.code === 'INVALID_INPUT' && error.field === 'QUEUE_BULL_REDIS_PORT',
			);
		});
	});
}
