/**
 * Memory per session, as PSS (proportional set size: each shared page counted once, split between
 * the processes that share it) from /proc/<pid>/smaps_rollup, summed over this Node process and
 * every Chromium process it started. Summing RSS instead counts Chromium's shared code and memory
 * once per process, which overstates a session several times.
 *
 * Measured at 1, 10 and 50 idle sessions (each on a fixture page: tables, a form, cards in turn),
 * after the pages settled; MB per session is the growth from 1 session, divided. Each variant of
 * Chromium flags runs on a browser of its own, one after another, in the same run.
 * Run: npx tsx bench/memory.ts [--sessions 1,10,50] [--variants default,one-process-per-site,four-renderers]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { SessionPool, findExecutable } from '../lib';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { argument } from './measure';

const counts = (argument('sessions') ?? '1,10,50')
	.split(',')
	.map(Number)
	.filter((count) => count > 0);
const PAGES = ['/tables', '/form', '/cards'];
/** Chromium flags that may lower memory, each measured against the default in the same run. */
const VARIANTS: Record<string, string[]> = {
	default: [],
	// One renderer per site, not per frame of another site (the fixture pages embed none: a control).
	'one-process-per-site': ['--process-per-site'],
	// All sessions' pages share at most four renderer processes: fewer processes, weaker isolation.
	'four-renderers': ['--renderer-process-limit=4'],
};
const variants = (argument('variants') ?? Object.keys(VARIANTS).join(','))
	.split(',')
	.filter((name) => name in VARIANTS);
const MB = 1024 * 1024;

/** The process tree under `root` (itself included), from /proc. */
function treeOf(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The parent is the 2nd field after the command, which may hold spaces: read after its ')'.
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
		} catch {
			// Ended meanwhile.
		}
	}
	const tree: number[] = [];
	const visit = (pid: number) => {
		tree.push(pid);
		for (const child of children.get(pid) ?? []) visit(child);
	};
	visit(root);
	return tree;
}

/** PSS in bytes of one process, 0 when it ended meanwhile. */
function pssOf(pid: number): number {
	try {
		const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

function measure(): { node: number; chromium: number; processes: number } {
	const tree = treeOf(process.pid);
	const chromium = tree.filter((pid) => pid !== process.pid);
	return {
		node: pssOf(process.pid),
		chromium: chromium.reduce((sum, pid) => sum + pssOf(pid), 0),
		processes: chromium.length,
	};
}

async function settle(): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	(globalThis as { gc?: () => void }).gc?.();
}

interface Row {
	variant: string;
	sessions: number;
	node: number;
	chromium: number;
	processes: number;
}

async function measureVariant(variant: string, siteUrl: string): Promise<Row[]> {
	const pool = new SessionPool({
		browser: { mode: 'launch', executablePath: findExecutable(), args: VARIANTS[variant] },
		// The bench opens more sessions at once than the default limit (20) allows.
		maxSessions: Math.max(...counts),
	});
	const rows: Row[] = [];
	try {
		let open = 0;
		for (const count of counts) {
			for (; open < count; open++)
				await pool.run({ owner: `memory-${open}` }, 'navigate', {
					url: `${siteUrl}${PAGES[open % PAGES.length]}`,
				});
			await settle();
			rows.push({ variant, sessions: count, ...measure() });
		}
	} finally {
		await pool.shutdown();
	}
	return rows;
}

async function main() {
	const site = await startFixtureSite();
	const rows: Row[] = [];
	try {
		for (const variant of variants) rows.push(...(await measureVariant(variant, site.url)));
	} finally {
		await site.close();
	}
	console.log(
		'variant | sessions | Node PSS MB | Chromium PSS MB (processes) | total MB | MB per extra session',
	);
	for (const row of rows) {
		const first = rows.find((other) => other.variant === row.variant)!;
		const total = (row.node + row.chromium) / MB;
		const extra = row.sessions - first.sessions;
		const perSession = extra
			? ((row.node + row.chromium - first.node - first.chromium) / MB / extra).toFixed(1)
			: '-';
		console.log(
			`${row.variant} | ${row.sessions} | ${(row.node / MB).toFixed(0)} | ${(row.chromium / MB).toFixed(0)} (${row.processes}) | ${total.toFixed(0)} | ${perSession}`,
		);
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
