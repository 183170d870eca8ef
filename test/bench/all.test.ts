/**
 * The benchmark suite's short mode, for the benchmarks that need no n8n (the n8n ones run in
 * test/e2e: soak; the others by hand). Nothing is timed here: it checks that each benchmark still
 * runs and prints its table, which a benchmark nobody runs stops doing unnoticed (memory.ts once
 * printed only its heading when run without options).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const WITHOUT_N8N = [
	'runner-overhead',
	'extract-table',
	'step-screenshot',
	'trace-overhead',
	'egress-proxy',
	'live-view',
	'puppeteer-script',
	'snapshot-size',
	'memory',
];

describe('npm run bench -- --short', () => {
	it('runs every benchmark that needs no n8n and each prints its figures', () => {
		const run = spawnSync(
			process.execPath,
			[
				'--import',
				'tsx',
				join(__dirname, '..', '..', 'bench', 'all.ts'),
				'--short',
				'--only',
				WITHOUT_N8N.join(','),
			],
			{ encoding: 'utf8', timeout: 600_000 },
		);
		assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
		for (const name of WITHOUT_N8N) {
			const section = new RegExp(`=== ${name}: [^\\n]*\\n([\\s\\S]*?)\\n=== ${name}: \\d+ s`).exec(
				run.stdout,
			);
			assert.ok(section, `${name} ran`);
			assert.match(section[1], /\d/, `${name} printed figures`);
		}
		// The memory table has a row for each session count asked for (1 and 5 in short mode).
		assert.match(run.stdout, /^default \| 1 \| \d+ \| \d+ \(\d+\) \| \d+ \| -$/m);
		assert.match(run.stdout, /^default \| 5 \| \d+ \| \d+ \(\d+\) \| \d+ \| \d+\.\d$/m);
	});
});
