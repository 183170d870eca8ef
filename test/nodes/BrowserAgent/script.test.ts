import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { EXPECTED_TABLES } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, getBinaryBuffer, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Script → Run Steps in n8n’s engine', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	const steps = (failing = false) =>
		JSON.stringify([
			{ action: 'navigate', url: `${site.url}/tables` },
			...(failing ? [{ action: 'click', selector: '#missing', timeoutMs: 300 }] : []),
			{ action: 'extractTable', selector: '#simple' },
			{ action: 'screenshot', fileName: 'tables.png' },
		]);

	it('runs the steps and returns per-step results with files as binary fields', async () => {
		const result = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: { resource: 'script', operation: 'runSteps', steps: steps() },
				},
			]),
			engineOptions(),
		);
		assertRunSucceeded(result);
		const [item] = result.items('Batch');
		const json = item.json as any;
		assert.equal(json.ok, true);
		assert.deepEqual(
			json.steps.map((step: any) => step.action),
			['navigate', 'extractTable', 'screenshot'],
		);
		assert.deepEqual(json.steps[1].result.rows, EXPECTED_TABLES.simple);
		assert.equal(item.binary!.step3.fileName, 'tables.png');
		assert.deepEqual(
			[...(await getBinaryBuffer(item.binary!.step3)).subarray(0, 4)],
			[0x89, 0x50, 0x4e, 0x47],
		);
	});

	it('fails the node at the failing step by default, and returns the results when asked', async () => {
		const failing = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: { resource: 'script', operation: 'runSteps', steps: steps(true) },
				},
			]),
			engineOptions(),
		);
		assert.equal(failing.status, 'error');
		assert.match(
			failing.error!.message,
			/Step 2 \(click\) failed: No element matches "#missing".*\[ELEMENT_NOT_FOUND\]/,
		);

		const returned = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: {
						resource: 'script',
						operation: 'runSteps',
						steps: steps(true),
						onStepError: 'stopAndReturn',
					},
				},
			]),
			engineOptions(),
		);
		assertRunSucceeded(returned);
		const json = returned.items('Batch')[0].json as any;
		assert.equal(json.ok, false);
		assert.equal(json.failedStep, 1);
		assert.equal(json.skipped, 2);
	});

	it('names the step and field of invalid steps', async () => {
		const result = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: {
						resource: 'script',
						operation: 'runSteps',
						steps: '[{"action": "navigate"}]',
					},
				},
			]),
			engineOptions(),
		);
		assert.equal(result.status, 'error');
		assert.match(result.error!.message, /Step 1 \(navigate\).*url.*\[INVALID_INPUT\]/);
	});
});
