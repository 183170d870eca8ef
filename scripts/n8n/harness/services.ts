/**
 * Throwaway PostgreSQL and Redis servers for n8n's queue mode: each in a fresh temp folder, on
 * 127.0.0.1 and a free port, in a process group of its own (ended with the test process, see
 * processGroup.ts). `stop()` ends the server and removes its folder.
 *
 *   const postgres = await startPostgres();   // { host, port, database, user, password, stop }
 *   const redis = await startRedis();         // { host, port, stop }
 *
 * Needs the servers installed (scripts/setup.sh does: Debian's postgresql and redis-server).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './n8n';
import { spawnGroup, type ProcessGroup } from './processGroup';

export interface PostgresServer {
	/** The temp folder of its data and sockets; gone after stop(). */
	directory: string;
	/** The server's process ID. */
	pid: number;
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	stop(): Promise<void>;
}

export interface RedisServer {
	/** Its temp working folder; gone after stop(). */
	directory: string;
	/** The server's process ID. */
	pid: number;
	host: string;
	port: number;
	stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;

/** initdb, postgres and psql of the newest PostgreSQL: on the PATH, else Debian's /usr/lib/postgresql/<major>/bin. */
export function postgresBinaries(): { initdb: string; postgres: string; psql: string } {
	const onPath = (name: string) =>
		spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
	const debianRoot = '/usr/lib/postgresql';
	const majors = existsSync(debianRoot)
		? readdirSync(debianRoot)
				.filter((major) => existsSync(join(debianRoot, major, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	const find = (name: string) => {
		const found = majors.length ? join(debianRoot, majors[0], 'bin', name) : onPath(name);
		if (!found || !existsSync(found))
			throw new Error(`no ${name} found: install PostgreSQL (bash scripts/setup.sh does)`);
		return found;
	};
	return { initdb: find('initdb'), postgres: find('postgres'), psql: find('psql') };
}

/**
 * initdb and postgres refuse to run as root: as root they run as the `postgres` user (else
 * `nobody`), and the folder becomes that user's.
 */
function serverUser(folder: string): string[] {
	if (process.getuid?.() !== 0) return [];
	const user = ['postgres', 'nobody'].find(
		(name) => spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0,
	);
	if (!user)
		throw new Error(
			'running as root, but there is no postgres or nobody user to run PostgreSQL as',
		);
	const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
	const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
	chownSync(folder, uid, gid);
	for (const entry of readdirSync(folder)) chownSync(join(folder, entry), uid, gid);
	return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'];
}

/** Ends the group: `signal` first, SIGKILL after 10 s; resolves once the leader has exited. */
async function endGroup(group: ProcessGroup, signal: NodeJS.Signals): Promise<void> {
	const { child } = group;
	if (child.pid && child.exitCode === null && child.signalCode === null) {
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		group.end(signal);
		const kill = setTimeout(() => group.end('SIGKILL'), 10_000);
		await exited;
		clearTimeout(kill);
	}
	group.end('SIGKILL');
}

/**
 * Collects a server's output and returns a check that throws, with that output, once the server
 * has exited (or could not start): waiting for it to get ready stops at once.
 */
function failureCheck(group: ProcessGroup, name: string): () => void {
	let output = '';
	let failure: string | undefined;
	group.child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
	group.child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
	group.child.once('exit', (code, signal) => (failure = `exited (${code ?? signal})`));
	group.child.once(
		'error',
		(error) => (failure = `could not start (${error.message}; bash scripts/setup.sh installs it)`),
	);
	return () => {
		if (failure) throw new Error(`${name} ${failure}:\n${output.slice(-4000)}`);
	};
}

async function waitUntil(ready: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!(await ready())) {
		if (Date.now() > deadline) throw new Error(`${what} was not ready in ${READY_TIMEOUT_MS} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** A temp folder that goes with the test process even when nobody calls stop(). */
function throwawayFolder(prefix: string): { path: string; remove(): void } {
	const path = mkdtempSync(join(tmpdir(), prefix));
	const remove = () => rmSync(path, { recursive: true, force: true });
	process.once('exit', remove);
	return {
		path,
		remove() {
			process.removeListener('exit', remove);
			remove();
		},
	};
}

/** A PostgreSQL server with a database and a password login for n8n. */
export async function startPostgres(): Promise<PostgresServer> {
	const bin = postgresBinaries();
	const folder = throwawayFolder('browser-agent-postgres-');
	const data = join(folder.path, 'data');
	const sockets = join(folder.path, 'sockets');
	mkdirSync(data, { mode: 0o700 });
	mkdirSync(sockets);
	let group: ProcessGroup | undefined;
	let ready = false;
	try {
		const asUser = serverUser(folder.path);
		const run = (command: string, args: string[]) => {
			const [program, ...rest] = [...asUser, command, ...args];
			return execFileSync(program, rest, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
		};
		// Local (socket) logins are trusted, so we can set up n8n's login; TCP ones need its password.
		run(bin.initdb, [
			'-D',
			data,
			'-U',
			'postgres',
			'--auth-local=trust',
			'--auth-host=scram-sha-256',
			'--no-sync',
			'--no-locale',
			'--encoding=UTF8',
		]);
		const port = await freePort();
		const [program, ...args] = [
			...asUser,
			bin.postgres,
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			sockets,
			'-c',
			`listen_addresses=${HOST}`,
			// A throwaway database: durability only costs time.
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		];
		group = spawnGroup(program, args, { cwd: folder.path });
		const failIfExited = failureCheck(group, 'postgres');
		const psql = (sql: string) =>
			spawnSync(
				bin.psql,
				[
					'-h',
					sockets,
					'-p',
					String(port),
					'-U',
					'postgres',
					'-d',
					'postgres',
					'-v',
					'ON_ERROR_STOP=1',
					'-qAtc',
					sql,
				],
				{ encoding: 'utf8' },
			);
		await waitUntil(async () => {
			failIfExited();
			return psql('SELECT 1').status === 0;
		}, 'postgres');
		const login = { database: 'n8n', user: 'n8n', password: randomBytes(12).toString('hex') };
		for (const sql of [
			`CREATE ROLE ${login.user} LOGIN PASSWORD '${login.password}'`,
			`CREATE DATABASE ${login.database} OWNER ${login.user}`,
		]) {
			const result = psql(sql);
			if (result.status !== 0) throw new Error(`postgres: ${sql} failed: ${result.stderr}`);
		}
		const started = group;
		ready = true;
		return {
			directory: folder.path,
			pid: started.child.pid!,
			host: HOST,
			port,
			...login,
			async stop() {
				// SIGINT: PostgreSQL's fast shutdown (SIGTERM waits for every client to leave).
				await endGroup(started, 'SIGINT');
				folder.remove();
			},
		};
	} finally {
		if (!ready) {
			if (group) await endGroup(group, 'SIGKILL');
			folder.remove();
		}
	}
}

/** Whether a Redis server answers PING with PONG. */
function redisAnswersPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, HOST);
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** A Redis server that keeps nothing on disk. */
export async function startRedis(): Promise<RedisServer> {
	const folder = throwawayFolder('browser-agent-redis-');
	const port = await freePort();
	const group = spawnGroup(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			HOST,
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			folder.path,
		],
		{ cwd: folder.path },
	);
	const failIfExited = failureCheck(group, 'redis-server');
	let ready = false;
	try {
		await waitUntil(async () => {
			failIfExited();
			return await redisAnswersPing(port);
		}, 'redis-server');
		ready = true;
	} finally {
		if (!ready) {
			await endGroup(group, 'SIGKILL');
			folder.remove();
		}
	}
	return {
		directory: folder.path,
		pid: group.child.pid!,
		host: HOST,
		port,
		async stop() {
			await endGroup(group, 'SIGTERM');
			folder.remove();
		},
	};
}
