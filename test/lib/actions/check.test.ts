import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('check', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('ticks a checkbox, and leaves a ticked one ticked', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		assert.deepEqual((await env.pool.run(key, 'check', { selector: '#agree' })).result, {
			checked: true,
		});
		assert.deepEqual((await env.pool.run(key, 'check', { selector: '#agree' })).result, {
			checked: true,
		});
		assert.equal(await (await env.page(key)).isChecked('#agree'), true);
	});

	it('chooses a radio button, by selector or by index among the group', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'check', { selector: '#plan-basic' });
		await env.pool.run(key, 'check', { selector: 'input[name="plan"]', index: 1 });
		const page = await env.page(key);
		assert.equal(await page.isChecked('#plan-pro'), true);
		assert.equal(await page.isChecked('#plan-basic'), false);
	});

	it('works through the label text too', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'check', { selector: 'text=I agree to the terms' });
		assert.equal(await (await env.page(key)).isChecked('#agree'), true);
	});

	it('refuses an element that is not a checkbox or radio', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'check', { selector: '#name', timeoutMs: 1_000 }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'selector');
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'check', { selector: '#nope', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.action, 'check');
	});
});
