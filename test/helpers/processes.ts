import './isolatedDataDir';
import { readdirSync, readFileSync } from 'node:fs';
import { processesWithEnvironment } from '../../scripts/n8n/harness/processGroup';

export { processesWithEnvironment };

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

/** Chromium processes this test process started and that are still running. */
export function chromiumProcesses(rootPid = process.pid) {
	return descendantProcesses(rootPid).filter(
		({ command }) => /chrom(e|ium)/i.test(command) && !/^\s*$/.test(command),
	);
}

/** Waits until `check` holds, polling; fails with `message` after `timeoutMs`. */
export async function eventually(
	check: () => boolean | Promise<boolean>,
	message: string,
	timeoutMs = 5_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`Timed out after ${timeoutMs} ms waiting until ${message}`);
}

/** Running processes whose command line mentions `text` (e.g. a child's own TMPDIR: its Chromium and helpers). */
export function processesMentioning(text: string): string[] {
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
			if (commandLine.includes(text)) found.push(`${pid}: ${commandLine.slice(0, 160)}`);
		} catch {
			// Ended meanwhile.
		}
	}
	return found;
}

/** Waits until nothing is left of an n8n run marked `BROWSER_AGENT_E2E_RUN=<marker>`, nor any Chromium of this test. */
export async function nothingLeftOfN8nRun(marker: string): Promise<void> {
	await eventually(
		() =>
			processesWithEnvironment('BROWSER_AGENT_E2E_RUN', marker).length === 0 &&
			chromiumProcesses().length === 0,
		'no process of the n8n run and no Chromium of the test is left',
		15_000,
	);
}
