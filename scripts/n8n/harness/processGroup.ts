/**
 * Children of the e2e harness (an `n8n` command, what it starts, `npm install`) run in a process
 * group of their own, and the harness ends the whole group: when the command is done, when the
 * instance is cleaned up, when the test process exits, or when it gets SIGINT or SIGTERM. An
 * `n8n execute` left behind by a killed test runner went on for 20 minutes, with its Chromium.
 *
 * Two things reach further than the group:
 * - Playwright starts Chromium as the leader of a group of its own, so every child also carries a
 *   marker in its environment, which Chromium inherits, and ending a group ends the marked processes too;
 * - SIGKILL cannot be caught, so a small watchdog (also a group of its own) ends the group once
 *   the test process is gone.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** The environment variable that marks every process of one group, Chromium included. */
export const GROUP_MARKER = 'BROWSER_AGENT_HARNESS_GROUP';

export interface ProcessGroup {
	readonly child: ChildProcessByStdio<null, Readable, Readable>;
	/** The value of GROUP_MARKER in the group's environment. */
	readonly marker: string;
	/** Sends `signal` to the group and to every marked process; SIGKILL also forgets the group. */
	end(signal?: NodeJS.Signals): void;
}

const live = new Set<ProcessGroup>();

/** Processes whose environment holds `name=value`, read from /proc: a way to find a program's whole tree, orphans included. */
export function processesWithEnvironment(
	name: string,
	value: string,
): Array<{ pid: number; command: string }> {
	const marker = `${name}=${value}`;
	const found: Array<{ pid: number; command: string }> = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(marker)) continue;
			found.push({
				pid: Number(entry),
				command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(),
			});
		} catch {
			// Ended meanwhile, or not ours to read.
		}
	}
	return found;
}

/** Processes started (directly or not) by `rootPid`, read from /proc: pid and command line. */
export function descendantProcesses(
	rootPid = process.pid,
): Array<{ pid: number; command: string }> {
	const parentOf = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// Field 4 of /proc/PID/stat is the parent PID; the command name (field 2) may hold spaces.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parentOf.set(Number(entry), Number(afterName[1]));
		} catch {
			// The process ended while we looked.
		}
	}
	const result: Array<{ pid: number; command: string }> = [];
	for (const [pid] of parentOf) {
		let ancestor = parentOf.get(pid);
		while (ancestor !== undefined && ancestor !== rootPid && ancestor > 1)
			ancestor = parentOf.get(ancestor);
		if (ancestor !== rootPid) continue;
		try {
			result.push({
				pid,
				command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(),
			});
		} catch {
			// Ended meanwhile.
		}
	}
	return result;
}

/** Resident memory of a process in MB (0 once it is gone). */
export function residentMb(pid: number): number {
	try {
		const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return Number(kb ?? 0) / 1024;
	} catch {
		return 0;
	}
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		// Already gone.
	}
}

/** Spawns `command` as the leader of a new process group (detached), its output piped. */
export function spawnGroup(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ProcessGroup {
	const marker = randomUUID();
	const child = spawn(command, args, {
		env: { ...(options.env ?? process.env), [GROUP_MARKER]: marker },
		cwd: options.cwd,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const group: ProcessGroup = {
		child,
		marker,
		end(signal = 'SIGKILL') {
			if (child.pid) signalQuietly(-child.pid, signal);
			for (const { pid } of processesWithEnvironment(GROUP_MARKER, marker))
				signalQuietly(pid, signal);
			if (signal === 'SIGKILL') live.delete(group);
		},
	};
	if (child.pid) {
		live.add(group);
		watchOver(child.pid, marker);
		endGroupsWithThisProcess();
	}
	return group;
}

/** Ends every group this process started and has not ended yet. */
export function endAllGroups(): void {
	for (const group of [...live]) group.end('SIGKILL');
}

let hooked = false;
function endGroupsWithThisProcess(): void {
	if (hooked) return;
	hooked = true;
	process.once('exit', endAllGroups);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		const onSignal = (): void => {
			endAllGroups();
			// Then die of the signal as if nobody had listened, unless someone else handles it
			// (Node's test runner does: it reports and exits).
			if (process.listenerCount(signal) === 1) {
				process.removeListener(signal, onSignal);
				process.kill(process.pid, signal);
			}
		};
		process.on(signal, onSignal);
	}
}

// Node built-ins only, run with `node -e`: polls every second; once the test process is gone it
// kills the group and the marked processes, and it leaves as soon as none of them is left.
const WATCHDOG = `
const [owner, group, marker] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3]];
const fs = require('node:fs');
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; } };
const marked = () => fs.readdirSync('/proc').filter((e) => /^\\d+$/.test(e)).filter((e) => {
	try { return fs.readFileSync('/proc/' + e + '/environ', 'utf8').split('\\0').includes(${JSON.stringify(GROUP_MARKER)} + '=' + marker); } catch { return false; }
}).map(Number);
setInterval(() => {
	const left = marked();
	if (!alive(-group) && left.length === 0) process.exit(0);
	if (alive(owner)) return;
	try { process.kill(-group, 'SIGKILL'); } catch {}
	for (const pid of left) { try { process.kill(pid, 'SIGKILL'); } catch {} }
}, 1000);
`;

function watchOver(groupId: number, marker: string): void {
	const watchdog = spawn(
		process.execPath,
		['-e', WATCHDOG, String(process.pid), String(groupId), marker],
		{
			detached: true,
			stdio: 'ignore',
		},
	);
	watchdog.unref();
}
