import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('switchToMainFrame', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('after it, element actions work on the page again: #leaf-button is no longer found', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/frames` });
		await env.pool.run(key, 'switchFrame', { selector: ['#outer-frame', '#inner-frame'] });
		await env.pool.run(key, 'click', { selector: '#leaf-button' });
		const run = await env.pool.run<any>(key, 'switchToMainFrame', {});
		assert.deepEqual(run.result.left, {
			name: 'inner-frame',
			url: `${env.site.url}/frames/leaf`,
			depth: 2,
		});
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: '#leaf-button', timeoutMs: 400 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: 'h1' })).result.text,
			'Embedded widgets',
		);
	});

	it('does nothing when the flow is not in a frame', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/frames` });
		const run = await env.pool.run<any>(key, 'switchToMainFrame', {});
		assert.deepEqual(run.result, { left: null });
	});
});
