import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('pressKey', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('presses shortcuts on an element, several in sequence separated by spaces', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'pressKey', {
			selector: '#key-input',
			keys: 'Control+A  Shift+Tab Enter',
		});
		assert.deepEqual(run.result, { pressed: ['Control+A', 'Shift+Tab', 'Enter'], count: 3 });
		// Shift+Tab moved the focus away, so Enter went elsewhere: the log shows what the input received.
		const log = await (
			await env.page(key)
		).evaluate(() => (window as unknown as { keyLog: string[] }).keyLog);
		assert.deepEqual(log, ['Control', 'Control+A', 'Shift', 'Shift+Tab']);
	});

	it('takes a list, and presses on the page (wherever the focus is) when the selector is empty', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'click', { selector: '#key-input' });
		await env.pool.run(key, 'pressKey', {
			selector: '',
			keys: ['h', 'i', 'Space', 'Control+Shift+K', 'Backspace'],
			delayMs: 20,
		});
		const page = await env.page(key);
		assert.equal(
			await page.textContent('#key-log'),
			'h i Space Control Control+Shift Control+Shift+K Backspace',
		);
		assert.equal(await page.inputValue('#key-input'), 'hi');
	});

	it('follows the focus through a sequence: Tab moves on, Enter submits', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: '#name', value: 'Ada' });
		await env.pool.run(key, 'pressKey', { selector: '#name', keys: 'Tab' });
		const page = await env.page(key);
		assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');
		await env.pool.run(key, 'pressKey', { keys: 'Enter' });
		assert.match((await page.textContent('#form-result'))!, /"name":"Ada"/);
	});

	it('rejects an unknown key name with INVALID_INPUT on keys', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'pressKey', { selector: '#key-input', keys: 'Control+Nope' }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'keys');
		assert.match(error.message, /Control\+Nope/);
		assert.match(error.advice, /Shift\+Tab/);
		const empty = await failureOf(env.pool.run(key, 'pressKey', { keys: '   ' }));
		assert.equal(empty.code, 'INVALID_INPUT');
	});

	it('fails with ELEMENT_NOT_FOUND when the element to focus is missing', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'pressKey', { selector: '#nope', keys: 'Enter', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});

	it('with waitUntilAfter load, Enter in a form returns once the page it submitted to has loaded', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slow-links?ms=1000` });
		const run = await env.pool.run<any>(key, 'pressKey', {
			selector: '#slow-name',
			keys: 'Enter',
			waitUntilAfter: 'load',
		});
		assert.equal(run.result.navigation.navigated, true);
		assert.equal(await (await env.page(key)).textContent('h1'), 'Report ready');
	});
});
