import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enforceRetention } from '../../../../lib/runner/audit/retention';

const MB = 1024 * 1024;
const NOW = new Date('2026-03-31T12:00:00Z');

describe('Audit retention', () => {
	let folder: string;
	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'browser-agent-retention-'));
	});
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	/** A day folder holding a session folder with a screenshot of `sizeMb`. */
	function day(name: string, sizeMb = 0.1): void {
		mkdirSync(join(folder, name, 'session-1', 'screenshots'), { recursive: true });
		writeFileSync(join(folder, name, 'actions.ndjson'), '{"v":1}\n');
		writeFileSync(
			join(folder, name, 'session-1', 'screenshots', 'shot.png'),
			Buffer.alloc(Math.round(sizeMb * MB)),
		);
	}
	const remaining = () => readdirSync(folder).sort();

	it('deletes day folders older than the retention, and nothing else', async () => {
		for (const name of ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-30', '2026-03-31'])
			day(name);
		writeFileSync(join(folder, 'README.txt'), 'not a day folder');
		const deleted = await enforceRetention(
			folder,
			{ retentionDays: 30, maxTotalSizeMb: 1_000 },
			NOW,
		);
		assert.deepEqual(deleted, ['2026-02-28', '2026-03-01']);
		assert.deepEqual(remaining(), ['2026-03-02', '2026-03-30', '2026-03-31', 'README.txt']);
	});

	it('deletes the oldest days until the trail fits the size limit, never today', async () => {
		day('2026-03-27', 1);
		day('2026-03-28', 1);
		day('2026-03-29', 1);
		day('2026-03-30', 1);
		day('2026-03-31', 3);
		const deleted = await enforceRetention(folder, { retentionDays: 30, maxTotalSizeMb: 4.5 }, NOW);
		assert.deepEqual(deleted, ['2026-03-27', '2026-03-28', '2026-03-29']);
		assert.deepEqual(remaining(), ['2026-03-30', '2026-03-31']);

		const again = await enforceRetention(folder, { retentionDays: 30, maxTotalSizeMb: 1 }, NOW);
		assert.deepEqual(again, ['2026-03-30']);
		assert.ok(
			existsSync(join(folder, '2026-03-31')),
			'today stays, even over the limit: its files are open',
		);
	});

	it('a missing audit folder is nothing to clean', async () => {
		assert.deepEqual(
			await enforceRetention(join(folder, 'none'), { retentionDays: 1, maxTotalSizeMb: 1 }, NOW),
			[],
		);
	});
});
