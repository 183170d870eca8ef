import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldSpec } from '../../../lib/actions/extractList';
import { EXPECTED_CARDS, EXPECTED_TABLES } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('extractList', () => {
	let env: RunnerEnvironment;
	const key = { owner: 'extract-list-tests' };
	before(async () => {
		env = await startRunnerEnvironment();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/cards` });
	});
	after(() => env.close());

	const cardFields = { title: '.title', price: '.price', href: 'a.more@href' };

	it('reads one object per card: text of a selector, or selector@attribute', async () => {
		const run = await env.pool.run<any>(key, 'extractList', {
			selector: '#cards .card',
			fields: cardFields,
		});
		assert.deepEqual(run.result, {
			count: EXPECTED_CARDS.length,
			total: EXPECTED_CARDS.length,
			items: EXPECTED_CARDS,
		});
	});

	it('reads the item’s own attribute and text, and null for what an item lacks', async () => {
		const run = await env.pool.run<any>(key, 'extractList', {
			selector: '#cards .card',
			fields: { kind: '@class', text: '', badge: '.badge', target: 'a.more@target' },
			limit: 2,
		});
		assert.equal(run.result.total, EXPECTED_CARDS.length);
		assert.deepEqual(run.result.items, [
			{ kind: 'card', text: 'Checking Plus $0.00 / month Details', badge: null, target: null },
			{ kind: 'card', text: 'Savings Max $2.00 / month Details', badge: null, target: null },
		]);
	});

	it('reads table rows as a list too', async () => {
		const tables = env.key();
		await env.pool.run(tables, 'navigate', { url: `${env.site.url}/tables` });
		const run = await env.pool.run<any>(tables, 'extractList', {
			selector: '#simple tbody tr',
			fields: {
				Name: 'td:nth-child(1)',
				Role: ':scope > td:nth-child(2)',
				Balance: 'td:last-child',
			},
		});
		assert.deepEqual(run.result.items, EXPECTED_TABLES.simple);
	});

	it('fails with ELEMENT_NOT_FOUND when no item matches, or returns nothing with allowEmpty', async () => {
		const missing = await failureOf(
			env.pool.run(key, 'extractList', {
				selector: '.no-card',
				fields: cardFields,
				timeoutMs: 300,
			}),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		const empty = await env.pool.run<any>(key, 'extractList', {
			selector: '.no-card',
			fields: cardFields,
			allowEmpty: true,
		});
		assert.deepEqual(empty.result, { count: 0, total: 0, items: [] });
	});

	it('names the field whose selector is not valid CSS, and needs at least one field', async () => {
		const invalid = await failureOf(
			env.pool.run(key, 'extractList', {
				selector: '#cards .card',
				fields: { title: '.title', bad: '.price!' },
			}),
		);
		assert.equal(invalid.code, 'INVALID_INPUT');
		assert.equal(invalid.field, 'fields.bad');
		const none = await failureOf(
			env.pool.run(key, 'extractList', { selector: '#cards .card', fields: {} }),
		);
		assert.equal(none.code, 'INVALID_INPUT');
		assert.equal(none.field, 'fields');
		const unnamed = await failureOf(
			env.pool.run(key, 'extractList', {
				selector: '#cards .card',
				fields: { title: '.title', ' ': '.price' },
			}),
		);
		assert.equal(unnamed.field, 'fields');
		assert.match(unnamed.message, /every field needs a name/);
	});
});

describe('parseFieldSpec', () => {
	it('splits selector@attribute, keeps @ inside attribute selectors, and treats empty or :scope as the item', () => {
		assert.deepEqual(parseFieldSpec('link', ' a.more@href '), {
			name: 'link',
			selector: 'a.more',
			attribute: 'href',
		});
		assert.deepEqual(parseFieldSpec('id', '@data-id'), {
			name: 'id',
			selector: '',
			attribute: 'data-id',
		});
		assert.deepEqual(parseFieldSpec('mail', 'a[href*="@example.com"]'), {
			name: 'mail',
			selector: 'a[href*="@example.com"]',
			attribute: null,
		});
		assert.deepEqual(parseFieldSpec('mailHref', 'a[href*="@example.com"]@href'), {
			name: 'mailHref',
			selector: 'a[href*="@example.com"]',
			attribute: 'href',
		});
		assert.deepEqual(parseFieldSpec('text', ''), { name: 'text', selector: '', attribute: null });
		assert.deepEqual(parseFieldSpec('self', ':scope@aria-label'), {
			name: 'self',
			selector: '',
			attribute: 'aria-label',
		});
	});
});
