import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runSteps } from '../../../lib';
import { EXPECTED_TABLES, LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('runSteps (batch mode)', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('runs a list of steps in order on one session, with a result and duration per step', async () => {
		const key = env.key();
		const run = await runSteps(env.pool, key, [
			{ action: 'navigate', url: `${env.site.url}/login` },
			{ action: 'fill', selector: '#username', value: LOGIN.username },
			{ action: 'fill', selector: '#password', value: LOGIN.password },
			{ action: 'click', selector: '#login-submit' },
			{ action: 'navigate', url: `${env.site.url}/tables` },
			{ action: 'extractTable', selector: '#simple' },
			{ action: 'screenshot' },
		]);
		assert.equal(run.ok, true);
		assert.equal(run.steps.length, 7);
		assert.deepEqual(
			run.steps.map((step) => step.index),
			[0, 1, 2, 3, 4, 5, 6],
		);
		assert.ok(run.steps.every((step) => step.ok && step.durationMs >= 0));
		assert.deepEqual((run.steps[5].result as any).rows, EXPECTED_TABLES.simple);
		assert.equal(run.steps[6].files[0].mimeType, 'image/png');
		assert.equal(
			(await env.pool.session(key))!.history.length,
			7,
			'each step is an action of the session',
		);
	});

	it('checks every step before running any, naming the step and field at fault', async () => {
		const key = env.key();
		const typo = await failureOf(
			runSteps(env.pool, key, [
				{ action: 'navigate', url: `${env.site.url}/form` },
				{ action: 'click', selectr: '#counter' },
			]),
		);
		assert.equal(typo.code, 'INVALID_INPUT');
		assert.match(typo.message, /Step 2 \(click\)/);
		assert.equal(await env.pool.status(key), undefined, 'nothing ran');
		const unknown = await failureOf(runSteps(env.pool, key, [{ action: 'teleport' }]));
		assert.equal(unknown.code, 'UNKNOWN_ACTION');
		assert.equal(unknown.field, 'steps[0].action');
	});

	it('takes a node operation (extract.table) as a step’s action as well as the action name (extractTable)', async () => {
		const run = await runSteps(env.pool, env.key(), [
			{ action: 'page.navigate', url: `${env.site.url}/tables` },
			{ action: 'extract.table', selector: '#simple' },
			{ action: 'extractTable', selector: '#simple' },
		]);
		assert.equal(run.ok, true);
		// Results name the action itself, whichever spelling the step used.
		assert.deepEqual(
			run.steps.map((step) => step.action),
			['navigate', 'extractTable', 'extractTable'],
		);
		assert.deepEqual((run.steps[1].result as any).rows, EXPECTED_TABLES.simple);
		assert.deepEqual(run.steps[2].result, run.steps[1].result);
		// An alias is checked against its action's schema like the name itself.
		const wrong = await failureOf(
			runSteps(env.pool, env.key(), [{ action: 'extract.table', headers: 'sideways' }]),
		);
		assert.equal(wrong.code, 'INVALID_INPUT');
		assert.match(wrong.message, /Step 1 \(extract\.table\)/);
		assert.equal(wrong.field, 'steps[0].headers');
	});

	it('rejects steps that are not a list, or not JSON', async () => {
		for (const steps of ['{"action": "click"}', 'not json', [], 42]) {
			const error = await failureOf(runSteps(env.pool, env.key(), steps));
			assert.equal(error.code, 'INVALID_INPUT', String(steps));
		}
	});

	it('stops at the first failure by default, or goes on when asked', async () => {
		const steps = [
			{ action: 'navigate', url: `${env.site.url}/form` },
			{ action: 'click', selector: '#missing', timeoutMs: 300 },
			{ action: 'click', selector: '#counter' },
		];
		const stopped = await runSteps(env.pool, env.key(), steps);
		assert.equal(stopped.ok, false);
		assert.equal(stopped.failedStep, 1);
		assert.equal(stopped.skipped, 1);
		assert.equal(stopped.steps[1].error!.code, 'ELEMENT_NOT_FOUND');
		const [failure] = stopped.steps[1].files;
		assert.equal(
			failure.fileName,
			'step2-failure.png',
			'the failed step brings the page as it was',
		);
		assert.deepEqual([...failure.bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
		const continued = await runSteps(env.pool, env.key(), steps, { stopOnError: false });
		assert.equal(continued.ok, false);
		assert.equal(continued.steps.length, 3);
		assert.equal(continued.steps[2].ok, true);
	});
});
