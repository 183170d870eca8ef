import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('fill', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('replaces the content of a field by default', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: '#name', value: 'first' });
		await env.pool.run(key, 'fill', { selector: '#name', value: 'Ada Lovelace' });
		assert.equal(await (await env.page(key)).inputValue('#name'), 'Ada Lovelace');
	});

	it('appends when clearFirst is off', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: '#notes', value: 'one' });
		await env.pool.run(key, 'fill', { selector: '#notes', value: ' two', clearFirst: false });
		assert.equal(await (await env.page(key)).inputValue('#notes'), 'one two');
	});

	it('types like a human: one keydown per character, with pauses in the configured range', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const value = 'hello';
		const run = await env.pool.run(key, 'fill', {
			selector: '#key-input',
			value,
			typeLikeHuman: true,
			minKeyDelayMs: 30,
			maxKeyDelayMs: 60,
		});
		const page = await env.page(key);
		assert.equal(await page.inputValue('#key-input'), value);
		const keys = await page.evaluate(() => (window as any).keyLog as string[]);
		// Clearing the field first may send one Delete; then one keydown per character.
		assert.deepEqual(
			keys.filter((key) => key !== 'Delete'),
			[...value],
		);
		// Every character is followed by at least the minimum pause.
		assert.ok(run.durationMs >= value.length * 30, `took ${run.durationMs} ms`);
	});

	it('never keeps the typed value in the session history', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#password', value: 'hunter2-secret' });
		const session = await env.pool.session(key);
		const recorded = JSON.stringify(session!.history);
		assert.ok(!recorded.includes('hunter2-secret'), recorded);
		assert.equal(session!.history.at(-1)!.input.value, '[redacted]');
	});

	it('fails with ELEMENT_NOT_FOUND for a missing field and INVALID_INPUT for a missing value', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const missing = await failureOf(
			env.pool.run(key, 'fill', { selector: '#nope', value: 'x', timeoutMs: 400 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		const noValue = await failureOf(env.pool.run(key, 'fill', { selector: '#name' }));
		assert.equal(noValue.code, 'INVALID_INPUT');
		assert.equal(noValue.field, 'value');
	});

	it('fills the field of a label, as Playwright does', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: 'label[for="notes"]', value: 'from the label' });
		assert.equal(await (await env.page(key)).inputValue('#notes'), 'from the label');
	});

	// Decided from what the element is, not from a timeout: the default timeout leaves a busy machine
	// all the time it needs, and a regression to waiting would end in TIMEOUT, not ACTION_FAILED.
	it('fails clearly on an element that cannot take text', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const button = await failureOf(env.pool.run(key, 'fill', { selector: '#counter', value: 'x' }));
		assert.equal(button.code, 'ACTION_FAILED');
		assert.match(
			button.message,
			/"#counter" is a <button>, not an <input>, <textarea> or editable element/,
		);
		const radio = await failureOf(env.pool.run(key, 'fill', { selector: '#plan-pro', value: 'x' }));
		assert.equal(radio.code, 'ACTION_FAILED');
		assert.match(radio.message, /is an <input type="radio">/);
		// Out of time before Playwright could tell (what a busy machine does): the element's kind still decides.
		const hurried = await failureOf(
			env.pool.run(key, 'fill', { selector: '#counter', value: 'x', timeoutMs: 1 }),
		);
		assert.equal(hurried.code, 'ACTION_FAILED', hurried.message);
		for (const typing of [{ typeLikeHuman: true }, { clearFirst: false }]) {
			const error = await failureOf(
				env.pool.run(key, 'fill', { selector: '#counter', value: 'x', ...typing }),
			);
			assert.equal(error.code, 'ACTION_FAILED', JSON.stringify(typing));
		}
	});
});
