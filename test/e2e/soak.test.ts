/**
 * The short soak (bench/soak.ts) in a real n8n: 100 sequential executions of the ten-step sign-in
 * flow with browser recycling after 40 contexts (so it happens in the run), then the faults.
 * Asserts behaviour only: every execution right, browsers replaced without a failure, no renderer,
 * temp entry or process left, each fault a typed error with the next execution working, a
 * stopped execution's session closed. The timings and memory growth are figures for the bench
 * (`npx tsx bench/soak.ts`, 1000 executions), printed here, not asserted.
 * One n8n version (the newest installed): nothing here differs between the pinned ones.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSoakReport, runSoak } from '../../bench/soak';
import { newestE2eVersion } from '../../scripts/n8n/harness/n8n';

const EXECUTIONS = 100;
const RECYCLE_AFTER_CONTEXTS = 40;

describe(`soak in real n8n ${newestE2eVersion()}`, () => {
	it(`${EXECUTIONS} executions in a row, then a killed browser, a dropped download, a full disk and a stopped execution`, async () => {
		const report = await runSoak({
			executions: EXECUTIONS,
			env: { BROWSER_AGENT_RECYCLE_BROWSER_AFTER_CONTEXTS: String(RECYCLE_AFTER_CONTEXTS) },
			log: (line) => console.log(line),
		});
		console.log(formatSoakReport(report));

		assert.deepEqual(report.failures, [], 'every execution answered right');
		assert.equal(report.checked, EXECUTIONS / 10, 'every tenth execution checked in full');
		// Each execution opens a context and leaves a spare: about two per execution.
		assert.ok(
			report.browsers.launched >= 3,
			`the browser was replaced as it reached ${RECYCLE_AFTER_CONTEXTS} contexts (${report.browsers.launched} launched)`,
		);
		assert.ok(
			report.idleRenderers.end <= report.idleRenderers.early + 1,
			`no renderer (context) piles up: ${report.idleRenderers.early} early, ${report.idleRenderers.end} at the end`,
		);
		assert.ok(
			report.temp.most <= 3 * report.browsers.mostAtOnce + 2,
			`the temp folder holds only the live browsers' folders: at most ${report.temp.most} (${report.temp.seen.join(', ')})`,
		);

		const { browserKilled, droppedDownload, diskFull, cancelled } = report.faults;
		assert.equal(browserKilled.code, 'BROWSER_CRASHED', browserKilled.message);
		// Far below the action's own 30 s timeout: the kill is noticed, not waited out.
		assert.ok(browserKilled.ms! < 10_000, `the killed browser reported in ${browserKilled.ms} ms`);
		assert.equal(droppedDownload.code, 'DOWNLOAD_FAILED', droppedDownload.message);
		if (diskFull.skipped) console.log(`disk full not tried: ${diskFull.skipped}`);
		else {
			assert.equal(diskFull.code, 'DOWNLOAD_FAILED', diskFull.message);
			assert.match(diskFull.message ?? '', /space|full/i);
			assert.equal(diskFull.returnedFile, false, 'no half file in the output');
		}
		assert.ok(cancelled.ms !== undefined, 'the stopped execution’s session let go of its page');
		assert.ok(cancelled.ms < 10_000, `the session closed ${cancelled.ms} ms after the stop`);
		for (const [name, fault] of Object.entries(report.faults))
			assert.equal(fault.nextExecutionOk, true, `the execution after "${name}" succeeded`);

		assert.deepEqual(report.leftAfterStop, { processes: [], temp: [] }, 'nothing left');
	});
});
