import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	ownBrowserProfiles,
	removeLeftovers,
	removeOwnLeftoversSync,
} from '../../../lib/runner/leftovers';
import { processesMentioning } from '../../helpers/processes';

const HOST_SCRIPT = path.join(__dirname, 'fixtures', 'exit.run.ts');
/** The pool's grace period is 10 s; the whole exit must stay well inside n8n's 30 s. */
const EXIT_LIMIT_MS = 15_000;

const scratches: string[] = [];
after(() => {
	for (const scratch of scratches)
		rmSync(scratch, { recursive: true, force: true, maxRetries: 10 });
});

function scratchFolder(label: string): string {
	const folder = mkdtempSync(path.join(tmpdir(), `exit-test-${label}-`));
	scratches.push(folder);
	return folder;
}

/** Folders a session or Chromium launch made in the temp folder. */
function browserFolders(folder: string): string[] {
	return readdirSync(folder).filter((name) => /^(browser-agent-|playwright_)/.test(name));
}

interface Host {
	child: ChildProcess;
	tmp: string;
	data: string;
	stdout: () => string;
	sessionId: string;
	/** Also there while the session is open, to prove the checks below look at the right place. */
	foldersWhileOpen: string[];
	browsersWhileOpen: string[];
}

/** Starts the host script with its own TMPDIR and data folder and waits until its session is open. */
async function startHost(hostListener: 'none' | 'wait' | 'exit'): Promise<Host> {
	const tmp = scratchFolder(hostListener);
	const data = path.join(tmp, 'data');
	const child = spawn(process.execPath, ['--import', 'tsx', HOST_SCRIPT], {
		env: {
			...process.env,
			TMPDIR: tmp,
			BROWSER_AGENT_DATA_DIR: data,
			BROWSER_AGENT_EXECUTABLE_PATH:
				process.env.BROWSER_AGENT_EXECUTABLE_PATH ?? '/usr/bin/chromium',
			HOST_LISTENER: hostListener,
			TSX_DISABLE_CACHE: '1',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const sessionId = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`host not ready in time: ${stdout}${stderr}`)),
			90_000,
		);
		child.stdout!.on('data', () => {
			const ready = /^ready (\S+)$/m.exec(stdout);
			if (ready) {
				clearTimeout(timer);
				resolve(ready[1]);
			}
		});
		child.once('exit', (code) =>
			reject(new Error(`host exited (${code}) before ready: ${stdout}${stderr}`)),
		);
	});
	return {
		child,
		tmp,
		data,
		stdout: () => stdout,
		sessionId,
		foldersWhileOpen: browserFolders(tmp),
		browsersWhileOpen: processesMentioning(tmp),
	};
}

async function terminate(
	host: Host,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
	const started = Date.now();
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		host.child.once('exit', (code, signal) => resolve({ code, signal })),
	);
	host.child.kill('SIGTERM');
	const limit = new Promise<never>((_resolve, reject) =>
		setTimeout(
			() => reject(new Error(`host still running ${EXIT_LIMIT_MS} ms after SIGTERM`)),
			EXIT_LIMIT_MS,
		).unref(),
	);
	try {
		return { ...(await Promise.race([exited, limit])), ms: Date.now() - started };
	} catch (error) {
		host.child.kill('SIGKILL');
		throw error;
	}
}

function endLines(data: string, sessionId: string): Array<Record<string, unknown>> {
	const audit = path.join(data, 'audit');
	const lines: Array<Record<string, unknown>> = [];
	for (const day of existsSync(audit) ? readdirSync(audit) : []) {
		const file = path.join(audit, day, 'sessions.ndjson');
		if (!existsSync(file)) continue;
		for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
			const row = JSON.parse(line) as Record<string, unknown>;
			if (row.sessionId === sessionId && row.event === 'ended') lines.push(row);
		}
	}
	return lines;
}

/** Chromium's helpers may take a moment to follow the browser; the check waits a little, not for timing. */
async function settled(check: () => string[]): Promise<string[]> {
	for (let attempt = 0; attempt < 20 && check().length; attempt++)
		await new Promise((resolve) => setTimeout(resolve, 100));
	return check();
}

describe('Exit: the host process ends, its browser and temp folders go with it', () => {
	it('a plain Node host on SIGTERM: sessions closed, audit flushed, browser and folders gone, and the process still dies of SIGTERM', async () => {
		const host = await startHost('none');
		assert.ok(
			host.foldersWhileOpen.some((name) => name.startsWith(`browser-agent-${host.child.pid}-`)),
			`session folder named with the owner PID: ${host.foldersWhileOpen.join(', ')}`,
		);
		assert.ok(
			host.foldersWhileOpen.some((name) => name.startsWith('playwright_chromiumdev_profile-')),
			host.foldersWhileOpen.join(', '),
		);
		assert.ok(host.browsersWhileOpen.length > 0, 'the host’s Chromium is found by its TMPDIR');

		const { signal } = await terminate(host);
		// Re-raised: without it, the listener alone would have kept the process alive.
		assert.equal(signal, 'SIGTERM');
		assert.deepEqual(await settled(() => processesMentioning(host.tmp)), []);
		assert.deepEqual(browserFolders(host.tmp), []);
		const ended = endLines(host.data, host.sessionId);
		assert.equal(ended.length, 1, 'the session’s end line is in sessions.ndjson');
		assert.equal(ended[0].state, 'aborted');
	});

	it('a host with its own SIGTERM listener (n8n) is not killed: it ends itself once the pool is empty', async () => {
		const host = await startHost('wait');
		const { code, signal } = await terminate(host);
		assert.deepEqual({ code, signal }, { code: 0, signal: null });
		assert.match(host.stdout(), /host: pool empty/);
		assert.deepEqual(await settled(() => processesMentioning(host.tmp)), []);
		assert.deepEqual(browserFolders(host.tmp), []);
		assert.equal(endLines(host.data, host.sessionId).length, 1);
	});

	it('a host that calls process.exit at once on SIGTERM: browser killed and folders removed on exit', async () => {
		const host = await startHost('exit');
		const { code } = await terminate(host);
		assert.equal(code, 0);
		assert.deepEqual(await settled(() => processesMentioning(host.tmp)), []);
		assert.deepEqual(browserFolders(host.tmp), []);
	});
});

describe('Exit: leftovers of processes that were killed', () => {
	it('removes session folders of dead owners and unused old Chromium profiles; keeps those of live processes', async () => {
		const tmp = scratchFolder('sweep');
		const dead = spawn(process.execPath, ['-e', '']);
		await new Promise((resolve) => dead.once('exit', resolve));
		// A Chromium stand-in: a live process whose command line names its profile.
		const liveProfile = path.join(tmp, 'playwright_chromiumdev_profile-live');
		const live = spawn(process.execPath, [
			'-e',
			'setInterval(() => {}, 1000)',
			'--',
			`--user-data-dir=${liveProfile}`,
		]);
		try {
			// Until it has started, /proc shows this process's command line for it.
			await new Promise((resolve) => live.once('spawn', resolve));
			const old = (Date.now() - 10 * 60_000) / 1000;
			const folders = {
				deadSession: `browser-agent-${dead.pid}-AbC123`,
				deadSessionOldName: `browser-agent--${dead.pid}-AbCdEfGhIjKl`,
				liveSession: `browser-agent-${process.pid}-XyZ789`,
				staleProfile: 'playwright_chromiumdev_profile-stale',
				freshProfile: 'playwright_chromiumdev_profile-fresh',
				liveProfile: path.basename(liveProfile),
				unrelated: 'something-else',
			};
			for (const name of Object.values(folders)) mkdirSync(path.join(tmp, name));
			// Chromium's socket folders, which the profiles link to: the stale one's goes with it.
			for (const [profile, socketFolder] of [
				[folders.staleProfile, 'org.chromium.Chromium.stale1'],
				[folders.liveProfile, 'org.chromium.Chromium.live1'],
			]) {
				mkdirSync(path.join(tmp, socketFolder));
				symlinkSync(
					path.join(tmp, socketFolder, 'SingletonSocket'),
					path.join(tmp, profile, 'SingletonSocket'),
				);
			}
			for (const name of [folders.staleProfile, folders.liveProfile])
				utimesSync(path.join(tmp, name), old, old);

			const removed = await removeLeftovers({ tmpDir: tmp });
			assert.deepEqual(
				removed.map((folder) => path.basename(folder)).sort(),
				[folders.deadSessionOldName, folders.deadSession, folders.staleProfile].sort(),
			);
			assert.deepEqual(
				readdirSync(tmp).sort(),
				[
					folders.freshProfile,
					folders.liveProfile,
					'org.chromium.Chromium.live1',
					folders.liveSession,
					folders.unrelated,
				].sort(),
			);
		} finally {
			live.kill('SIGKILL');
		}
	});

	it('on exit, kills the browsers this process started (by profile and parent) and removes their profiles and its session folders', async () => {
		const tmp = scratchFolder('own');
		const profile = path.join(tmp, 'playwright_chromiumdev_profile-own');
		mkdirSync(profile);
		mkdirSync(path.join(tmp, 'org.chromium.Chromium.own1'));
		symlinkSync(
			path.join(tmp, 'org.chromium.Chromium.own1', 'SingletonSocket'),
			path.join(profile, 'SingletonSocket'),
		);
		mkdirSync(path.join(tmp, `browser-agent-${process.pid}-Own123`));
		mkdirSync(path.join(tmp, `browser-agent-${process.pid + 1}-Other1`));
		// Started as Playwright starts Chromium: detached, so it leads its own process group.
		const browser = spawn(
			process.execPath,
			['-e', 'setInterval(() => {}, 1000)', '--', `--user-data-dir=${profile}`],
			{ detached: true, stdio: 'ignore' },
		);
		const gone = new Promise<NodeJS.Signals | null>((resolve) =>
			browser.once('exit', (_code, signal) => resolve(signal)),
		);
		try {
			await new Promise((resolve) => browser.once('spawn', resolve));
			removeOwnLeftoversSync({ tmpDir: tmp });
			assert.equal(await gone, 'SIGKILL');
			assert.deepEqual(readdirSync(tmp), [`browser-agent-${process.pid + 1}-Other1`]);
		} finally {
			browser.kill('SIGKILL');
		}
	});

	it('on exit, also removes the profile of a browser that ended while its profile was being removed, seen while it ran', async () => {
		const tmp = scratchFolder('ended');
		const profile = path.join(tmp, 'playwright_chromiumdev_profile-ended');
		mkdirSync(profile);
		const browser = spawn(
			process.execPath,
			['-e', 'setInterval(() => {}, 1000)', '--', `--user-data-dir=${profile}`],
			{ detached: true, stdio: 'ignore' },
		);
		await new Promise((resolve) => browser.once('spawn', resolve));
		const seen = ownBrowserProfiles({ tmpDir: tmp });
		assert.deepEqual(seen, [profile]);
		await new Promise((resolve) => {
			browser.once('exit', resolve);
			browser.kill('SIGKILL');
		});
		removeOwnLeftoversSync({ tmpDir: tmp });
		assert.deepEqual(readdirSync(tmp), [path.basename(profile)], 'no process holds it: not found');
		removeOwnLeftoversSync({ tmpDir: tmp }, seen);
		assert.deepEqual(readdirSync(tmp), []);
	});
});
