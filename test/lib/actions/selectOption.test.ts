import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import type { SessionKey } from '../../../lib';

describe('selectOption', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function onForm(): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		return key;
	}

	it('selects by value or label, and returns what is selected', async () => {
		const key = await onForm();
		const byLabel = await env.pool.run(key, 'selectOption', {
			selector: '#country',
			values: 'France',
		});
		assert.deepEqual(byLabel.result, { selectedValues: ['fr'], selectedLabels: ['France'] });
		const byValue = await env.pool.run(key, 'selectOption', { selector: '#country', values: 'de' });
		assert.deepEqual(byValue.result, { selectedValues: ['de'], selectedLabels: ['Germany'] });
		assert.equal(await (await env.page(key)).inputValue('#country'), 'de');
	});

	it('selects strictly by label, by value or by position', async () => {
		const key = await onForm();
		assert.deepEqual(
			(
				await env.pool.run<any>(key, 'selectOption', {
					selector: '#country',
					values: 'United States',
					selectBy: 'label',
				})
			).result.selectedValues,
			['us'],
		);
		assert.deepEqual(
			(
				await env.pool.run<any>(key, 'selectOption', {
					selector: '#country',
					values: ['fr'],
					selectBy: 'value',
				})
			).result.selectedValues,
			['fr'],
		);
		assert.deepEqual(
			(
				await env.pool.run<any>(key, 'selectOption', {
					selector: '#country',
					values: 1,
					selectBy: 'index',
				})
			).result.selectedLabels,
			['Germany'],
		);
	});

	it('selects several options of a multiple select', async () => {
		const key = await onForm();
		const page = await env.page(key);
		await page.evaluate(() => document.getElementById('country')!.setAttribute('multiple', ''));
		const run = await env.pool.run(key, 'selectOption', {
			selector: '#country',
			values: ['Germany', 'us'],
		});
		assert.deepEqual(run.result, {
			selectedValues: ['de', 'us'],
			selectedLabels: ['Germany', 'United States'],
		});
	});

	it('says which options are missing and what the list offers, without waiting the full timeout', async () => {
		const key = await onForm();
		const error = await failureOf(
			env.pool.run(key, 'selectOption', { selector: '#country', values: 'Spain', timeoutMs: 800 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.field, 'values');
		assert.match(
			error.message,
			/no option "Spain"; it offers "Choose\.\.\." \(\), "Germany" \(de\), "France" \(fr\), "United States" \(us\)/,
		);
		await (
			await env.page(key)
		).evaluate(() => document.getElementById('country')!.setAttribute('multiple', ''));
		const several = await failureOf(
			env.pool.run(key, 'selectOption', {
				selector: '#country',
				values: ['Germany', 'Spain', 'Italy'],
				timeoutMs: 800,
			}),
		);
		assert.match(several.message, /no option "Spain", "Italy";/);
		const byValue = await failureOf(
			env.pool.run(key, 'selectOption', {
				selector: '#country',
				values: 'France',
				selectBy: 'value',
				timeoutMs: 500,
			}),
		);
		assert.equal(byValue.code, 'ELEMENT_NOT_FOUND');
		const byIndex = await failureOf(
			env.pool.run(key, 'selectOption', {
				selector: '#country',
				values: 9,
				selectBy: 'index',
				timeoutMs: 500,
			}),
		);
		assert.equal(byIndex.code, 'ELEMENT_NOT_FOUND');
	});

	it('rejects a position that is not a whole number, and several choices for a single-choice list', async () => {
		const key = await onForm();
		const error = await failureOf(
			env.pool.run(key, 'selectOption', {
				selector: '#country',
				values: 'first',
				selectBy: 'index',
			}),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'values');
		const several = await failureOf(
			env.pool.run(key, 'selectOption', { selector: '#country', values: ['de', 'fr'] }),
		);
		assert.equal(several.code, 'INVALID_INPUT');
		assert.equal(several.field, 'values');
		assert.match(several.message, /one choice/);
	});

	it('fails clearly on an element that is not a drop-down, and on a missing one', async () => {
		const key = await onForm();
		const notSelect = await failureOf(
			env.pool.run(key, 'selectOption', { selector: '#name', values: 'x', timeoutMs: 800 }),
		);
		assert.equal(notSelect.code, 'INVALID_INPUT');
		assert.equal(notSelect.field, 'selector');
		assert.match(notSelect.advice, /Click/);
		const missing = await failureOf(
			env.pool.run(key, 'selectOption', { selector: '#nope', values: 'x', timeoutMs: 500 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
	});
});
