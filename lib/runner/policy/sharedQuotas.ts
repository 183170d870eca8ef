import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { BrowserAgentError } from '../../errors';
import { parseOrThrow } from '../../validation';

/**
 * Session limits counted across processes (n8n's queue-mode workers) in one Redis.
 *
 * Every open session holds a lease: a member (`<lease id>\n<scope>`) of one sorted set,
 * `{<keyPrefix>}:leases`, whose score is the time it expires (Redis's clock, so the workers' clocks
 * do not matter). A process renews the leases of its open sessions every third of the lease time
 * and removes a lease when its session ends, so a worker that dies (SIGKILL, a lost machine) frees
 * its places once its leases expire. A Lua script admits atomically: it drops expired leases and
 * waiters, counts the open sessions, in all and of the session's scope (credential), and admits
 * when both counts are under their limits, once the waiters that came before it and would fit have
 * been given their places. A session that does not fit waits in a queue ordered by arrival (a Redis
 * counter) and asks again every `pollMs`; a waiter whose credential is full lets later ones of
 * other credentials go, as in one process.
 */

/** Where the Redis is: plain connection settings, e.g. those n8n's queue uses. */
export const redisConnectionSchema = z.strictObject({
	host: z.string().trim().min(1).default('localhost'),
	port: z.number().int().min(1).max(65_535).default(6379),
	username: z.string().optional(),
	password: z.string().optional(),
	db: z.number().int().min(0).max(10_000).default(0),
	tls: z.boolean().default(false),
});

export const sharedQuotaSettingsSchema = z.strictObject({
	redis: redisConnectionSchema,
	/** Where the keys go: `{<keyPrefix>}:leases` and so on (one hash slot). */
	keyPrefix: z.string().trim().min(1).max(200).default('browser-agent:quotas'),
	/** How long a lease lives without being renewed: a dead process's places come back after this. */
	leaseTtlMs: z.number().int().min(1_000).max(600_000).default(20_000),
	/** How often a waiting session asks for a place. */
	pollMs: z.number().int().min(10).max(10_000).default(200),
	/** Longest wait for the connection, and for each answer, before QUOTA_UNAVAILABLE. */
	connectTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
});

export type RedisConnection = z.output<typeof redisConnectionSchema>;
export type RedisConnectionInput = z.input<typeof redisConnectionSchema>;
export type SharedQuotaSettings = z.output<typeof sharedQuotaSettingsSchema>;
export type SharedQuotaSettingsInput = z.input<typeof sharedQuotaSettingsSchema>;

export function parseSharedQuotaSettings(raw: SharedQuotaSettingsInput): SharedQuotaSettings {
	return parseOrThrow(sharedQuotaSettingsSchema, raw, {
		subject: 'setting for session limits across workers',
		advice: `Check n8n's queue Redis settings (${QUEUE_REDIS_ENVS.join(', ')}).`,
	});
}

/** n8n's settings for the Redis of its queue, which the shared limits use too. */
export const QUEUE_REDIS_ENVS = [
	'QUEUE_BULL_REDIS_HOST',
	'QUEUE_BULL_REDIS_PORT',
	'QUEUE_BULL_REDIS_USERNAME',
	'QUEUE_BULL_REDIS_PASSWORD',
	'QUEUE_BULL_REDIS_DB',
	'QUEUE_BULL_REDIS_TLS',
] as const;

/**
 * The settings for limits across workers from n8n's environment: its queue's Redis
 * (QUEUE_BULL_REDIS_HOST, default localhost; _PORT, 6379; _USERNAME; _PASSWORD, or a file named by
 * _PASSWORD_FILE; _DB, 0; _TLS, true or false). Undefined unless EXECUTIONS_MODE is `queue`: a
 * single n8n process counts every session itself already.
 */
export function sharedQuotaSettingsFromEnvironment(
	env: NodeJS.ProcessEnv = process.env,
): SharedQuotaSettingsInput | undefined {
	if (env.EXECUTIONS_MODE?.trim() !== 'queue') return undefined;
	const text = (name: string) => env[name]?.trim() || undefined;
	const whole = (name: string) => {
		const raw = text(name);
		if (raw === undefined) return undefined;
		const value = Number(raw);
		if (Number.isInteger(value) && value >= 0) return value;
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`${name} is "${raw}"; it must be a whole number.`,
			{
				field: name,
				advice: `Set ${name} as for n8n's queue (the same Redis counts sessions across workers).`,
			},
		);
	};
	const passwordFile = text('QUEUE_BULL_REDIS_PASSWORD_FILE');
	const password =
		env.QUEUE_BULL_REDIS_PASSWORD ??
		(passwordFile ? readFileSync(passwordFile, 'utf8').trim() : undefined);
	const redis: RedisConnectionInput = {
		host: text('QUEUE_BULL_REDIS_HOST') ?? 'localhost',
		port: whole('QUEUE_BULL_REDIS_PORT') ?? 6379,
		db: whole('QUEUE_BULL_REDIS_DB') ?? 0,
		tls: text('QUEUE_BULL_REDIS_TLS') === 'true',
	};
	const username = text('QUEUE_BULL_REDIS_USERNAME');
	if (username) redis.username = username;
	if (password) redis.password = password;
	return { redis };
}

/** A place held in Redis: give it back once, when the session has ended. */
export interface SharedAdmission {
	release(): void;
	/** How long it waited for the place, in ms (0: at once). */
	queuedMs: number;
}

export interface SharedAdmitRequest {
	/** Who the scope limit counts (the credential). */
	scope: string;
	/** Most sessions of the scope open across processes; undefined: no scope limit. */
	scopeLimit?: number;
	/** Most sessions open across processes (of those counted in this Redis). */
	totalLimit: number;
	/** How long to wait for a place; 0 asks once. */
	waitMs: number;
	signal?: AbortSignal;
	/** Time the session already waited elsewhere (in its process's queue), for the refusal's message. */
	waitedBeforeMs?: number;
}

// KEYS: leases, queue, waiters, tickets, sequence.
// ARGV: ticket, scope, scope limit (0: none), total limit, lease ms, lease member, may wait (1/0).
// Returns {state (1 admitted, 0 queued, -1 refused), blocked by (0, 1 scope, 2 total), open, open in scope}.
const ADMIT = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local ttl = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  redis.call('ZREM', KEYS[2], gone)
  redis.call('HDEL', KEYS[4], gone)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local total = 0
local counts = {}
for _, lease in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local scope = string.sub(lease, string.find(lease, '\\n', 1, true) + 1)
  counts[scope] = (counts[scope] or 0) + 1
  total = total + 1
end
local open, scope = total, ARGV[2]
local openInScope = counts[scope] or 0
local scopeLimit, totalLimit = tonumber(ARGV[3]), tonumber(ARGV[4])
local function fits(s, sl, tl)
  return total < tl and (sl == 0 or (counts[s] or 0) < sl)
end
local ticket = ARGV[1]
local position = redis.call('ZSCORE', KEYS[2], ticket)
local ahead
if position then
  ahead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. position)
else
  ahead = redis.call('ZRANGE', KEYS[2], 0, -1)
end
for _, other in ipairs(ahead) do
  local meta = redis.call('HGET', KEYS[4], other)
  if meta then
    local w = cjson.decode(meta)
    if fits(w[1], w[2], w[3]) then
      total = total + 1
      counts[w[1]] = (counts[w[1]] or 0) + 1
    end
  end
end
local blockedBy = 0
if total >= totalLimit then
  blockedBy = 2
elseif scopeLimit > 0 and (counts[scope] or 0) >= scopeLimit then
  blockedBy = 1
end
if blockedBy == 0 then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[6])
  redis.call('PEXPIRE', KEYS[1], ttl * 2)
  if position then
    redis.call('ZREM', KEYS[2], ticket)
    redis.call('ZREM', KEYS[3], ticket)
    redis.call('HDEL', KEYS[4], ticket)
  end
  return {1, 0, open + 1, openInScope + 1}
end
if ARGV[7] ~= '1' then
  return {-1, blockedBy, open, openInScope}
end
if not position then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ticket)
  redis.call('HSET', KEYS[4], ticket, cjson.encode({scope, scopeLimit, totalLimit}))
  redis.call('PEXPIRE', KEYS[5], 86400000)
end
redis.call('ZADD', KEYS[3], now + ttl, ticket)
for i = 2, 4 do redis.call('PEXPIRE', KEYS[i], ttl * 2) end
return {0, blockedBy, open, openInScope}
`;

// KEYS: leases. ARGV: lease ms, members… Sets each lease's expiry anew (adding it back if it
// expired meanwhile: the session is still open, so it counts).
const RENEW = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local ttl = tonumber(ARGV[1])
local added = 0
for i = 2, #ARGV do added = added + redis.call('ZADD', KEYS[1], now + ttl, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return added
`;

/** After the last lease and waiter are gone, the connection closes this much later (and opens again when needed). */
const IDLE_CLOSE_MS = 2_000;

/**
 * One process's view of the shared limits in one Redis: one connection for all its sessions, the
 * heartbeat that renews their leases. The connection closes when nothing is held or waited for,
 * so an idle process keeps no socket open (and a test process can end).
 */
export class SharedQuotaStore {
	private client?: Redis;
	private connecting?: Promise<Redis>;
	private readonly held = new Set<string>();
	private readonly pending = new Set<Promise<unknown>>();
	private waiting = 0;
	private heartbeat?: NodeJS.Timeout;
	private idleTimer?: NodeJS.Timeout;
	private readonly keys: { leases: string; queue: string; waiters: string; tickets: string };
	private readonly sequenceKey: string;

	constructor(readonly settings: SharedQuotaSettings) {
		const base = `{${settings.keyPrefix}}`;
		this.keys = {
			leases: `${base}:leases`,
			queue: `${base}:queue`,
			waiters: `${base}:waiters`,
			tickets: `${base}:tickets`,
		};
		this.sequenceKey = `${base}:sequence`;
	}

	/** A place under both limits across processes: at once, or after the waiters before it; else QUOTA_EXCEEDED after `waitMs`. */
	async acquire(request: SharedAdmitRequest): Promise<SharedAdmission> {
		const { signal } = request;
		const started = Date.now();
		const ticket = randomUUID();
		const lease = `${ticket}\n${request.scope}`;
		let queued = false;
		let admitted = false;
		this.waiting++;
		this.cancelIdleClose();
		try {
			for (;;) {
				if (signal?.aborted) throw signal.reason;
				const mayWait = Date.now() - started < request.waitMs;
				const [state, blockedBy] = (await this.command((client) =>
					client.eval(
						ADMIT,
						5,
						this.keys.leases,
						this.keys.queue,
						this.keys.waiters,
						this.keys.tickets,
						this.sequenceKey,
						ticket,
						request.scope,
						request.scopeLimit ?? 0,
						request.totalLimit,
						this.settings.leaseTtlMs,
						lease,
						mayWait ? '1' : '0',
					),
				)) as number[];
				if (state === 1) {
					admitted = true;
					this.held.add(lease);
					this.startHeartbeat();
					if (signal?.aborted) {
						this.release(lease);
						throw signal.reason;
					}
					return {
						queuedMs: queued ? Date.now() - started : 0,
						release: once(() => this.release(lease)),
					};
				}
				if (state === -1)
					throw refusal(
						request,
						blockedBy === 1 ? 'scope' : 'total',
						(request.waitedBeforeMs ?? 0) + (queued ? Date.now() - started : 0),
					);
				queued = true;
				const left = request.waitMs - (Date.now() - started);
				await pause(Math.max(0, Math.min(this.settings.pollMs, left)), signal);
			}
		} finally {
			this.waiting--;
			if (queued && !admitted) this.track(this.leave(ticket));
			this.closeWhenIdle();
		}
	}

	/**
	 * Closes the connection once the places given back have reached Redis (a later acquire opens it
	 * again). Leases still held are no longer renewed: they expire.
	 */
	async close(): Promise<void> {
		clearInterval(this.heartbeat);
		this.heartbeat = undefined;
		await Promise.allSettled([...this.pending]);
		await this.disconnect();
	}

	private release(lease: string): void {
		if (!this.held.delete(lease)) return;
		if (!this.held.size) this.stopHeartbeat();
		this.track(this.command((client) => client.zrem(this.keys.leases, lease)));
		this.closeWhenIdle();
	}

	private leave(ticket: string): Promise<unknown> {
		return this.command((client) =>
			client
				.multi()
				.zrem(this.keys.queue, ticket)
				.zrem(this.keys.waiters, ticket)
				.hdel(this.keys.tickets, ticket)
				.exec(),
		);
	}

	/** Runs a Redis call (errors become QUOTA_UNAVAILABLE; a failure that is not about the wait is swallowed by fire-and-forget callers). */
	private track(work: Promise<unknown>): void {
		const settled = work
			.catch(() => undefined)
			.finally(() => {
				this.pending.delete(settled);
				this.closeWhenIdle();
			});
		this.pending.add(settled);
	}

	private startHeartbeat(): void {
		if (this.heartbeat) return;
		this.heartbeat = setInterval(
			() => {
				if (!this.held.size) return;
				// A failed renewal is not fatal: the sessions go on, and the next beat tries again.
				this.track(
					this.command((client) =>
						client.eval(RENEW, 1, this.keys.leases, this.settings.leaseTtlMs, ...this.held),
					),
				);
			},
			Math.max(100, Math.floor(this.settings.leaseTtlMs / 3)),
		);
		this.heartbeat.unref();
	}

	private stopHeartbeat(): void {
		clearInterval(this.heartbeat);
		this.heartbeat = undefined;
	}

	private async command<T>(call: (client: Redis) => Promise<T>): Promise<T> {
		try {
			return await call(await this.connection());
		} catch (error) {
			throw error instanceof BrowserAgentError ? error : this.unavailable(error);
		}
	}

	private async connection(): Promise<Redis> {
		if (this.client?.status === 'ready') return this.client;
		if (this.connecting) return this.connecting;
		const connecting = this.connect();
		this.connecting = connecting;
		try {
			return await connecting;
		} finally {
			if (this.connecting === connecting) this.connecting = undefined;
		}
	}

	private async connect(): Promise<Redis> {
		this.client?.disconnect();
		this.client = undefined;
		const { Redis } = await import('ioredis');
		const { redis, connectTimeoutMs } = this.settings;
		const client = new Redis({
			host: redis.host,
			port: redis.port,
			username: redis.username,
			password: redis.password,
			db: redis.db,
			...(redis.tls && { tls: {} }),
			lazyConnect: true,
			connectTimeout: connectTimeoutMs,
			commandTimeout: connectTimeoutMs,
			// No silent retries: a Redis that does not answer is reported, and the next call connects anew.
			retryStrategy: () => null,
			maxRetriesPerRequest: 0,
			enableOfflineQueue: false,
		});
		let lastError: unknown;
		client.on('error', (error: unknown) => (lastError = error));
		let timer: NodeJS.Timeout | undefined;
		try {
			await Promise.race([
				client.connect(),
				new Promise((_, reject) => {
					timer = setTimeout(
						() => reject(new Error(`no answer in ${connectTimeoutMs} ms`)),
						connectTimeoutMs + 500,
					);
				}),
			]);
		} catch (error) {
			client.disconnect();
			throw lastError ?? error;
		} finally {
			clearTimeout(timer);
		}
		this.client = client;
		return client;
	}

	private closeWhenIdle(): void {
		if (this.held.size || this.waiting || this.pending.size || this.idleTimer) return;
		this.idleTimer = setTimeout(() => {
			this.idleTimer = undefined;
			if (!this.held.size && !this.waiting && !this.pending.size) void this.disconnect();
		}, IDLE_CLOSE_MS);
		this.idleTimer.unref();
	}

	private cancelIdleClose(): void {
		clearTimeout(this.idleTimer);
		this.idleTimer = undefined;
	}

	private async disconnect(): Promise<void> {
		this.cancelIdleClose();
		const client = this.client;
		this.client = undefined;
		if (!client) return;
		try {
			if (client.status === 'ready') await client.quit();
		} catch {
			// Closed anyway below.
		}
		client.disconnect();
	}

	private unavailable(error: unknown): BrowserAgentError {
		const { host, port, db } = this.settings.redis;
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		return new BrowserAgentError(
			'QUOTA_UNAVAILABLE',
			`Could not count browser sessions across workers: Redis at ${host}:${port} (database ${db}) did not answer (${reason}).`,
			{
				advice: `Check that the Redis of n8n's queue runs and that ${QUEUE_REDIS_ENVS.join(', ')} name it (host, port, login, database, TLS), or turn off Limit Sessions Across Workers in the Browser Agent credential.`,
				cause: error,
			},
		);
	}
}

function refusal(
	request: SharedAdmitRequest,
	limit: 'scope' | 'total',
	waitedMs: number,
): BrowserAgentError {
	const waited = waitedMs > 0 ? ` It waited ${Math.round(waitedMs / 1000)} s for a place.` : '';
	if (limit === 'total')
		return new BrowserAgentError(
			'QUOTA_EXCEEDED',
			`${request.totalLimit} browser sessions are already open across the n8n workers, the limit (BROWSER_AGENT_MAX_SESSIONS, counted across workers for credentials with Limit Sessions Across Workers).${waited}`,
			{
				advice:
					'Close sessions you no longer need (Session → Close), wait for other workflows to finish, or ask the n8n admin to raise the limit or BROWSER_AGENT_QUOTA_WAIT_MS (how long a session waits for a place).',
			},
		);
	return new BrowserAgentError(
		'QUOTA_EXCEEDED',
		`${request.scopeLimit} browser sessions of this credential are already open across the n8n workers, its limit (Max Concurrent Sessions).${waited}`,
		{
			advice:
				'Close sessions you no longer need (Session → Close), wait for other executions to finish, or ask the owner of the Browser Agent credential to raise Max Concurrent Sessions (or the n8n admin BROWSER_AGENT_QUOTA_WAIT_MS).',
		},
	);
}

function once(work: () => void): () => void {
	let done = false;
	return () => {
		if (done) return;
		done = true;
		work();
	};
}

/** Resolves after `ms`, or at once when the signal aborts (the caller then sees it aborted). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, { once: true });
	});
}
