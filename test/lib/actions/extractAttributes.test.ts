import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EXPECTED_CARDS } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('extractAttributes', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function open(path: string) {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}${path}` });
		return { key, page: await env.page(key) };
	}

	it('reads attributes as written and properties as live values, for every match', async () => {
		const { key } = await open('/cards');
		const run = await env.pool.run<any>(key, 'extractAttributes', {
			selector: '#cards a.more',
			attributes: ['href', 'class', 'data-missing'],
			properties: ['href', 'innerText', 'classList', 'nothingHere'],
			all: true,
		});
		assert.equal(run.result.count, EXPECTED_CARDS.length);
		assert.deepEqual(
			run.result.matches,
			EXPECTED_CARDS.map((card) => ({
				attributes: { href: card.href, class: 'more', 'data-missing': null },
				properties: {
					href: `${env.site.url}${card.href}`,
					innerText: 'Details',
					classList: ['more'],
					nothingHere: null,
				},
			})),
		);
	});

	it('reads the first match by default, or the one at index, with form state and dotted paths', async () => {
		const { key, page } = await open('/form');
		await page.fill('#name', 'Ada Lovelace');
		await page.check('#agree');
		await page.check('#plan-pro');
		const name = await env.pool.run<any>(key, 'extractAttributes', {
			selector: '#name',
			attributes: ['value', 'type'],
			properties: ['value', 'form.id'],
		});
		// The value attribute is what the HTML says (none); the property is what the field holds now.
		assert.deepEqual(name.result, {
			attributes: { value: null, type: 'text' },
			properties: { value: 'Ada Lovelace', 'form.id': 'profile-form' },
		});
		const plans = await env.pool.run<any>(key, 'extractAttributes', {
			selector: 'input[name=plan]',
			properties: ['value', 'checked'],
		});
		assert.deepEqual(plans.result.properties, { value: 'basic', checked: false });
		const second = await env.pool.run<any>(key, 'extractAttributes', {
			selector: 'input[name=plan]',
			index: 1,
			properties: ['checked'],
		});
		assert.deepEqual(second.result.properties, { checked: true });
		const agree = await env.pool.run<any>(key, 'extractAttributes', {
			selector: '#agree',
			properties: ['checked', 'labels', 'dataset'],
		});
		assert.deepEqual(agree.result.properties, {
			checked: true,
			labels: ['I agree to the terms'],
			dataset: {},
		});
		const country = await env.pool.run<any>(key, 'extractAttributes', {
			selector: '#country',
			properties: ['options', 'selectedIndex'],
		});
		assert.deepEqual(country.result.properties, {
			options: ['', 'de', 'fr', 'us'],
			selectedIndex: 0,
		});
	});

	it('returns an empty list at once with allowEmpty, and otherwise fails with ELEMENT_NOT_FOUND', async () => {
		const { key } = await open('/cards');
		const empty = await env.pool.run<any>(key, 'extractAttributes', {
			selector: '.no-such',
			attributes: ['href'],
			all: true,
			allowEmpty: true,
		});
		assert.deepEqual(empty.result, { count: 0, matches: [] });
		const missing = await failureOf(
			env.pool.run(key, 'extractAttributes', {
				selector: '.no-such',
				attributes: ['href'],
				all: true,
				timeoutMs: 300,
			}),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		const missingFirst = await failureOf(
			env.pool.run(key, 'extractAttributes', {
				selector: '.no-such',
				attributes: ['href'],
				timeoutMs: 300,
			}),
		);
		assert.equal(missingFirst.code, 'ELEMENT_NOT_FOUND');
	});

	it('needs at least one valid name, naming the field at fault', async () => {
		const key = env.key();
		const none = await failureOf(env.pool.run(key, 'extractAttributes', { selector: 'a' }));
		assert.equal(none.code, 'INVALID_INPUT');
		assert.equal(none.field, 'attributes');
		const badProperty = await failureOf(
			env.pool.run(key, 'extractAttributes', { selector: 'a', properties: ['innerText', 'a b'] }),
		);
		assert.equal(badProperty.field, 'properties.1');
		const badAttribute = await failureOf(
			env.pool.run(key, 'extractAttributes', { selector: 'a', attributes: ['x="1"'] }),
		);
		assert.equal(badAttribute.field, 'attributes.0');
	});
});
