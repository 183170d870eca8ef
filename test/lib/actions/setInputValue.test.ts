import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('setInputValue', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('sets a field that refuses keystrokes, firing input and change', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		// Typing leaves it empty…
		await env.pool.run(key, 'fill', { selector: '#fancy-date', value: '2026-03-31' });
		const page = await env.page(key);
		assert.equal(await page.inputValue('#fancy-date'), '');
		// …setting the value works, and the page's listeners see it.
		const run = await env.pool.run(key, 'setInputValue', {
			selector: '#fancy-date',
			value: '2026-03-31',
		});
		assert.deepEqual(run.result, { set: true, value: '2026-03-31', type: 'text' });
		assert.equal(await page.textContent('#fancy-date-echo'), '2026-03-31');
	});

	it('sets a date input and a range slider; the form reads the new values', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		assert.deepEqual(
			(await env.pool.run(key, 'setInputValue', { selector: '#date', value: '2026-02-14' })).result,
			{ set: true, value: '2026-02-14', type: 'date' },
		);
		assert.deepEqual(
			(await env.pool.run(key, 'setInputValue', { selector: '#range', value: '85' })).result,
			{ set: true, value: '85', type: 'range' },
		);
		const page = await env.page(key);
		assert.equal(await page.textContent('#range-value'), '85', 'the input event reached the page');
		await env.pool.run(key, 'click', { selector: '#submit' });
		const values = JSON.parse((await page.textContent('#form-result'))!);
		assert.equal(values.date, '2026-02-14');
		assert.equal(values.range, 85);
	});

	it('reports the value the field kept (a range clamps to its max)', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'setInputValue', { selector: '#range', value: '250' });
		assert.equal(run.result.value, '100');
	});

	it('rejects a value the field refuses, saying the format', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'setInputValue', { selector: '#date', value: '31/03/2026' }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'value');
		assert.match(error.advice, /YYYY-MM-DD/);
		assert.doesNotMatch(error.message, /31\/03/, 'the value is not echoed (it may be sensitive)');
	});

	it('refuses an element without a value, and a missing element', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const notField = await failureOf(
			env.pool.run(key, 'setInputValue', { selector: '#key-log', value: 'x' }),
		);
		assert.equal(notField.code, 'INVALID_INPUT');
		assert.equal(notField.field, 'selector');
		const missing = await failureOf(
			env.pool.run(key, 'setInputValue', { selector: '#nope', value: 'x', timeoutMs: 500 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
	});

	it('keeps the value out of the action history', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'setInputValue', { selector: '#name', value: 'secret-value' });
		const history = (await env.pool.session(key))!.history;
		assert.equal(history.at(-1)!.input.value, '[redacted]');
	});
});
