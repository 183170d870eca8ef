import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('focus', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('gives the element the keyboard focus, so page-level keys land in it', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'focus', { selector: '#key-input' });
		assert.deepEqual(run.result, { focused: true });
		const page = await env.page(key);
		assert.equal(await page.evaluate(() => document.activeElement?.id), 'key-input');
		await env.pool.run(key, 'pressKey', { keys: 'a' });
		assert.equal(await page.textContent('#key-log'), 'a');
	});

	it('focuses the match the index picks', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'focus', { selector: 'input[name="plan"]', index: 1 });
		assert.equal(
			await (await env.page(key)).evaluate(() => document.activeElement?.id),
			'plan-pro',
		);
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'focus', { selector: '#nope', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});
});
