import { readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * What a Browser Agent process leaves in the temp folder: one folder per session and Playwright's
 * Chromium profiles. A process that is killed (SIGKILL, a crash, a signal nobody handled) leaves
 * them behind; these functions find them.
 */

/**
 * A session folder (`browser-agent-<owner PID>-XXXXXX`, made in session.ts; earlier versions made
 * `browser-agent--<PID>-…`): the PID tells a later process whether the owner is gone.
 */
const SESSION_FOLDER = /^browser-agent--?(\d+)-/;
/** Playwright's profile of a launched Chromium (`--user-data-dir`), in the temp folder. */
const PROFILE_FOLDER = /^playwright_chromiumdev_profile-/;
/** A profile nobody uses may still be one that is just being created for a launch. */
const PROFILE_MIN_AGE_MS = 60_000;

export interface LeftoverOptions {
	/** Default: os.tmpdir(), read on each call (tests give a child its own TMPDIR). */
	tmpDir?: string;
	/** Where process command lines are read. Default /proc; profiles are only swept where it exists. */
	procDir?: string;
	now?: number;
}

/**
 * Removes what killed processes left in the temp folder: session folders whose owner PID is not
 * running, and Chromium profiles that are older than a minute and that no running process uses
 * (no command line holds `--user-data-dir=<that folder>`; Linux only, elsewhere they are left).
 * Only folders of this user. Returns the folders removed.
 */
export async function removeLeftovers(options: LeftoverOptions = {}): Promise<string[]> {
	const tmpDir = options.tmpDir ?? tmpdir();
	const names = await readdir(tmpDir).catch(() => [] as string[]);
	const profiles = names.filter((name) => PROFILE_FOLDER.test(name));
	const inUse = profiles.length ? profilesInUse(options.procDir) : undefined;
	const now = options.now ?? Date.now();
	const stale: string[] = [];
	for (const name of names) {
		const owner = SESSION_FOLDER.exec(name)?.[1];
		const isStaleSession = owner !== undefined && !isRunning(Number(owner));
		const isProfile =
			inUse !== undefined && PROFILE_FOLDER.test(name) && !inUse.has(join(tmpDir, name));
		if (!isStaleSession && !isProfile) continue;
		const info = await stat(join(tmpDir, name)).catch(() => undefined);
		if (!info?.isDirectory() || !isMine(info.uid)) continue;
		if (isProfile && now - info.mtimeMs < PROFILE_MIN_AGE_MS) continue;
		stale.push(join(tmpDir, name));
	}
	// A profile's socket folder first: the link to it is in the profile.
	const socketFolders = stale.flatMap((folder) => singletonSocketFolder(folder) ?? []);
	await Promise.all(
		socketFolders.map((folder) =>
			rm(folder, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined),
		),
	);
	const removed = await Promise.all(
		stale.map((folder) =>
			rm(folder, { recursive: true, force: true, maxRetries: 3 }).then(
				() => folder,
				() => undefined,
			),
		),
	);
	return removed.filter((folder): folder is string => folder !== undefined);
}

/**
 * The last resort when the process exits before the pool closed (a host calling process.exit
 * during the asynchronous close): synchronously kills the Chromium processes this process
 * launched (their process groups; Linux only) and removes their profiles and this process's
 * session folders. Never throws.
 */
export function removeOwnLeftoversSync(
	options: LeftoverOptions = {},
	knownProfiles: readonly string[] = [],
): void {
	const tmpDir = options.tmpDir ?? tmpdir();
	try {
		// A browser that ended while Playwright was still removing its profile is no longer a
		// process to find it by: the profiles seen earlier (ownBrowserProfiles) go too.
		for (const profile of knownProfiles) removeProfileSync(profile);
		for (const folder of liveSocketFolders)
			rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
		for (const { pid, profile } of ownBrowsers(tmpDir, options.procDir)) {
			// Playwright starts each browser as the leader of its own process group.
			for (const target of [-pid, pid]) {
				try {
					process.kill(target, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
			removeProfileSync(profile);
		}
		for (const name of readdirSync(tmpDir)) {
			if (Number(SESSION_FOLDER.exec(name)?.[1]) === process.pid)
				rmSync(join(tmpDir, name), { recursive: true, force: true, maxRetries: 3 });
		}
	} catch {
		// Best effort while exiting: nothing left to report to.
	}
}

/**
 * The folder Chromium makes in the temp folder for a profile's process-singleton socket
 * (`org.chromium.Chromium.XXXXXX`), which the profile's `SingletonSocket` link points into. Chromium
 * removes it when it exits normally; a killed browser leaves it. Undefined when there is none.
 */
export function singletonSocketFolder(profile: string): string | undefined {
	try {
		const folder = dirname(readlinkSync(join(profile, 'SingletonSocket')));
		return /^org\.chromium\.Chromium\./.test(basename(folder)) ? folder : undefined;
	} catch {
		return undefined;
	}
}

/** The profile (`--user-data-dir`) a running browser process was started with. */
export function profileOfProcess(pid: number, procDir = '/proc'): string | undefined {
	try {
		return userDataDir(readFileSync(join(procDir, String(pid), 'cmdline'), 'utf8').split('\0'));
	} catch {
		return undefined;
	}
}

/**
 * The socket folders of the browsers this process launched and that have not ended (kept by
 * browsers.ts): removed on exit too, when a browser is killed after Playwright already removed the
 * profile that linked to its folder.
 */
export const liveSocketFolders = new Set<string>();

/** Removes a browser profile and the socket folder it links to. */
function removeProfileSync(profile: string): void {
	const socketFolder = singletonSocketFolder(profile);
	if (socketFolder) rmSync(socketFolder, { recursive: true, force: true, maxRetries: 3 });
	rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
}

/** The profiles of the browsers this process runs now (see removeOwnLeftoversSync). Never throws. */
export function ownBrowserProfiles(options: LeftoverOptions = {}): string[] {
	try {
		return ownBrowsers(options.tmpDir ?? tmpdir(), options.procDir).map(({ profile }) => profile);
	} catch {
		return [];
	}
}

/** Browsers this process launched: direct children whose profile is a Playwright profile in `tmpDir`. */
function ownBrowsers(tmpDir: string, procDir = '/proc'): Array<{ pid: number; profile: string }> {
	const browsers: Array<{ pid: number; profile: string }> = [];
	for (const { pid, args } of commandLines(procDir)) {
		const profile = userDataDir(args);
		if (!profile || !profile.startsWith(join(tmpDir, 'playwright_chromiumdev_profile-'))) continue;
		if (parentOf(procDir, pid) === process.pid) browsers.push({ pid, profile });
	}
	return browsers;
}

/** Every `--user-data-dir` a running process was started with; undefined where command lines cannot be read. */
function profilesInUse(procDir = '/proc'): Set<string> | undefined {
	if (!readable(procDir)) return undefined;
	const profiles = new Set<string>();
	for (const { args } of commandLines(procDir)) {
		const profile = userDataDir(args);
		if (profile) profiles.add(profile);
	}
	return profiles;
}

function commandLines(procDir: string): Array<{ pid: number; args: string[] }> {
	const lines: Array<{ pid: number; args: string[] }> = [];
	let entries: string[];
	try {
		entries = readdirSync(procDir).filter((name) => /^\d+$/.test(name));
	} catch {
		return lines;
	}
	for (const entry of entries) {
		try {
			lines.push({
				pid: Number(entry),
				args: readFileSync(join(procDir, entry, 'cmdline'), 'utf8').split('\0'),
			});
		} catch {
			// The process ended meanwhile, or is not ours to read.
		}
	}
	return lines;
}

function userDataDir(args: string[]): string | undefined {
	const flag = args.find((arg) => arg.startsWith('--user-data-dir='));
	return flag?.slice('--user-data-dir='.length);
}

function parentOf(procDir: string, pid: number): number | undefined {
	try {
		// "pid (comm) state ppid …": the command name may hold spaces and parentheses, so read after the last ')'.
		const status = readFileSync(join(procDir, String(pid), 'stat'), 'utf8');
		return Number(status.slice(status.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

function isRunning(pid: number): boolean {
	if (!Number.isSafeInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function isMine(uid: number): boolean {
	return typeof process.getuid !== 'function' || uid === process.getuid();
}

function readable(folder: string): boolean {
	try {
		return statSync(folder).isDirectory() && readdirSync(folder).some((name) => /^\d+$/.test(name));
	} catch {
		return false;
	}
}
