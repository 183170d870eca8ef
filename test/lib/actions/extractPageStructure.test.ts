import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import type { PageStructure } from '../../../lib/actions/extractPageStructure';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

const fold = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * Every selector in the structure must find exactly one element with Playwright, and that
 * element must be the one described (same text, name, href…).
 */
async function assertSelectorsFindTheirElements(
	page: Page,
	structure: PageStructure,
): Promise<number> {
	const checks: Array<[string, string, (element: any) => unknown, unknown]> = [
		...structure.headings.map((heading): [string, string, (element: any) => unknown, unknown] => [
			'heading',
			heading.selector,
			(element) => [Number(element.localName[1]), element.innerText.replace(/\s+/g, ' ').trim()],
			[heading.level, heading.text],
		]),
		...structure.forms.flatMap((form) => [
			['form', form.selector, (element: any) => element.localName, 'form'] as [
				string,
				string,
				(element: any) => unknown,
				unknown,
			],
			...(form.submitSelector
				? [
						['submit', form.submitSelector, (element: any) => element.type, 'submit'] as [
							string,
							string,
							(element: any) => unknown,
							unknown,
						],
					]
				: []),
			...form.fields.map((field): [string, string, (element: any) => unknown, unknown] => [
				'field',
				field.selector,
				(element) => [
					element.getAttribute('name'),
					element.type === 'select-one' ? 'select' : element.type,
					element.required,
				],
				[field.name, field.type, field.required],
			]),
		]),
		...structure.fieldsOutsideForms.map(
			(field): [string, string, (element: any) => unknown, unknown] => [
				'field',
				field.selector,
				(element) => [element.getAttribute('name'), element.form],
				[field.name, null],
			],
		),
		...structure.buttons.map((button): [string, string, (element: any) => unknown, unknown] => [
			'button',
			button.selector,
			(element) => element.matches('button, input, [role=button]'),
			true,
		]),
		...structure.links.map((link): [string, string, (element: any) => unknown, unknown] => [
			'link',
			link.selector,
			(element) => element.href,
			link.href,
		]),
	];
	for (const [kind, selector, read, expected] of checks) {
		const locator = page.locator(selector);
		assert.equal(
			await locator.count(),
			1,
			`${kind} selector ${selector} matches exactly one element`,
		);
		assert.deepEqual(
			await locator.evaluate(read),
			expected,
			`${kind} selector ${selector} finds the element described`,
		);
	}
	return checks.length;
}

describe('extractPageStructure', () => {
	let env: RunnerEnvironment;
	const key = { owner: 'page-structure-tests' };
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function structureOf(
		path: string,
		input: object = {},
	): Promise<{ structure: PageStructure; page: Page }> {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}${path}` });
		const run = await env.pool.run<PageStructure>(key, 'extractPageStructure', input);
		return { structure: run.result, page: await env.page(key) };
	}

	it('describes the login form: fields with label, name, type, required, and #id selectors first', async () => {
		const { structure, page } = await structureOf('/login');
		assert.equal(structure.title, 'Sign in - Acme Finance');
		assert.deepEqual(structure.forms, [
			{
				selector: '#login-form',
				action: `${env.site.url}/login`,
				method: 'post',
				fields: [
					{
						label: 'Username',
						name: 'username',
						type: 'text',
						required: true,
						selector: '#username',
					},
					{
						label: 'Password',
						name: 'password',
						type: 'password',
						required: true,
						selector: '#password',
					},
				],
				submitSelector: '#login-submit',
			},
		]);
		assert.deepEqual(structure.buttons, [
			{ text: 'Sign in', type: 'submit', selector: '#login-submit' },
		]);
		assert.deepEqual(structure.headings, [
			{ level: 1, text: 'Sign in', selector: 'role=heading[level=1][name="Sign in"]' },
		]);
		assert.deepEqual(structure.links, []);
		assert.deepEqual(structure.fieldsOutsideForms, []);
		assert.equal(structure.truncated, false);
		assert.match(
			structure.summary,
			/Form #login-form \(POST .*\/login\):\n {4}- "Username": text, name=username, required → #username/,
		);
		await assertSelectorsFindTheirElements(page, structure);
	});

	it('describes the profile form: selects with options, radios, fields outside forms; hidden ones only when asked', async () => {
		const { structure, page } = await structureOf('/form');
		const [form] = structure.forms;
		assert.equal(form.selector, '#profile-form');
		assert.deepEqual(
			form.fields.map((field) => [field.label, field.name, field.type]),
			[
				['Full name', 'name', 'text'],
				['Email', 'email', 'email'],
				['Notes', 'notes', 'textarea'],
				['Country', 'country', 'select'],
				['Basic', 'plan', 'radio'],
				['Pro', 'plan', 'radio'],
				['Start date', 'date', 'date'],
				['Risk appetite: 50', 'range', 'range'],
				['Statement date (picker only)', 'fancyDate', 'text'],
				['I agree to the terms', 'agree', 'checkbox'],
				['Attachments', 'upload', 'file'],
			],
		);
		assert.deepEqual(form.fields[3].options, [
			{ value: '', text: 'Choose...' },
			{ value: 'de', text: 'Germany' },
			{ value: 'fr', text: 'France' },
			{ value: 'us', text: 'United States' },
		]);
		assert.equal(form.fields[8].placeholder, 'YYYY-MM-DD');
		assert.deepEqual(structure.fieldsOutsideForms, [
			{
				label: null,
				name: null,
				type: 'text',
				required: false,
				selector: '#key-input',
				placeholder: 'Press keys here',
			},
		]);
		assert.deepEqual(
			structure.buttons.map((button) => button.selector),
			['#file-chooser-button', '#submit', '#counter', '#far-below'],
		);
		assert.ok(
			structure.links.some(
				(link) =>
					link.text === 'Products' &&
					link.href === `${env.site.url}/cards` &&
					link.selector === 'role=link[name="Products"]',
			),
		);
		assert.ok(!JSON.stringify(structure).includes('hidden-file-input'));
		await assertSelectorsFindTheirElements(page, structure);

		const withHidden = (
			await env.pool.run<PageStructure>(key, 'extractPageStructure', { includeHidden: true })
		).result;
		assert.ok(withHidden.forms[0].fields.some((field) => field.selector === '#hidden-file-input'));
		await assertSelectorsFindTheirElements(page, withHidden);
	});

	it('falls back to a short CSS path when neither an id, a name nor a role selector is unique (the cards)', async () => {
		const { structure, page } = await structureOf('/cards');
		const details = structure.links.filter((link) => link.text === 'Details');
		assert.equal(details.length, 6);
		assert.deepEqual(
			details.map((link) => link.selector),
			[1, 2, 3, 4, 5, 6].map((n) => `article:nth-of-type(${n}) > a`),
		);
		assert.equal(structure.headings.length, 7);
		await assertSelectorsFindTheirElements(page, structure);
	});

	it('gives every element of the tables and slider pages a selector that finds exactly it', async () => {
		for (const path of ['/tables', '/slider']) {
			const { structure, page } = await structureOf(path);
			assert.ok(structure.headings.length > 0 && structure.links.length > 0, path);
			await assertSelectorsFindTheirElements(page, structure);
		}
	});

	it('handles duplicate ids and texts, names, quotes and ids that need escaping', async () => {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/cards` });
		const page = await env.page(key);
		await page.setContent(`<title>Edge cases</title>
			<h2>Same</h2><h2>Same</h2>
			<form name="search"><input name="q" type="search" placeholder="Search…"><button>Go</button></form>
			<div><input aria-label="Amount"></div><div><input aria-label="Amount"></div>
			<p><a href="/a">Read more</a></p><p><a href="/b">Read more</a></p>
			<button id="dup">One</button><button id="dup">Two</button>
			<button>Say "hi"</button>
			<input type="hidden" name="token" value="x">
			<label>Wrapped <select required><option value="a">A</option></select></label>
			<div role="button" tabindex="0">Custom</div>
			<button id="9lives">Nine</button>`);
		const structure = (await env.pool.run<PageStructure>(key, 'extractPageStructure', {})).result;
		const checked = await assertSelectorsFindTheirElements(page, structure);
		assert.equal(checked, 16);
		assert.equal(structure.forms[0].selector, 'form[name="search"]');
		assert.deepEqual(structure.forms[0].fields, [
			{
				label: null,
				name: 'q',
				type: 'search',
				required: false,
				selector: 'input[name="q"]',
				placeholder: 'Search…',
			},
		]);
		assert.equal(structure.forms[0].submitSelector, 'role=button[name="Go"]');
		const button = (text: string) =>
			structure.buttons.find((entry) => entry.text === text)!.selector;
		assert.equal(button('One'), 'role=button[name="One"]');
		assert.equal(button('Say "hi"'), 'role=button[name="Say \\"hi\\""]');
		assert.equal(button('Custom'), 'role=button[name="Custom"]');
		assert.equal(button('Nine'), '#\\39 lives');
		assert.deepEqual(
			structure.headings.map((heading) => heading.selector),
			['h2:nth-of-type(1)', 'h2:nth-of-type(2)'],
		);
		assert.equal(structure.fieldsOutsideForms.length, 3);
		assert.deepEqual(structure.fieldsOutsideForms[2], {
			label: 'Wrapped',
			name: null,
			type: 'select',
			required: true,
			selector: structure.fieldsOutsideForms[2].selector,
			options: [{ value: 'a', text: 'A' }],
		});
		assert.ok(!JSON.stringify(structure).includes('token'));
		const withHidden = (
			await env.pool.run<PageStructure>(key, 'extractPageStructure', { includeHidden: true })
		).result;
		assert.ok(
			withHidden.fieldsOutsideForms.some(
				(field) => field.selector === 'input[name="token"]' && field.type === 'hidden',
			),
		);
	});

	it('cuts each list at maxPerKind and says so, keeping the totals', async () => {
		const { structure } = await structureOf('/cards', { maxPerKind: 2 });
		assert.equal(structure.headings.length, 2);
		assert.equal(structure.links.length, 2);
		assert.deepEqual(structure.counts, { headings: 7, forms: 0, fields: 0, buttons: 0, links: 11 });
		assert.equal(structure.truncated, true);
		assert.match(structure.summary, /cut to the per-kind limit/);
	});
});
