import './isolatedDataDir';
import { readdirSync, readFileSync } from 'node:fs';
import {
	descendantProcesses,
	processesWithEnvironment,
} from '../../scripts/n8n/harness/processGroup';

export { descendantProcesses, processesWithEnvironment };

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
