import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('uncheck', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('unticks a ticked checkbox, and leaves an unticked one alone', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		assert.deepEqual((await env.pool.run(key, 'uncheck', { selector: '#agree' })).result, {
			checked: false,
		});
		await env.pool.run(key, 'check', { selector: '#agree' });
		assert.deepEqual((await env.pool.run(key, 'uncheck', { selector: '#agree' })).result, {
			checked: false,
		});
		assert.equal(await (await env.page(key)).isChecked('#agree'), false);
	});

	it('refuses to uncheck a chosen radio button, advising to choose another', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'check', { selector: '#plan-pro' });
		const error = await failureOf(
			env.pool.run(key, 'uncheck', { selector: '#plan-pro', timeoutMs: 2_000 }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.match(error.advice, /another radio/);
		assert.equal(await (await env.page(key)).isChecked('#plan-pro'), true);
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'uncheck', { selector: '#nope', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});
});
