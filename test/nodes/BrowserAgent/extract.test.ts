import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { EXPECTED_CARDS } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Extract operations in n8n’s engine', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('Extract List outputs one item per card, with the fields named in the editor', async () => {
		const workflow = chain([
			{
				name: 'Open Cards',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/cards` },
			},
			{
				name: 'Cards',
				parameters: {
					resource: 'extract',
					operation: 'list',
					selector: '#cards .card',
					fields: {
						field: [
							{ name: 'title', selector: '.title' },
							{ name: 'price', selector: '.price' },
							{ name: 'href', selector: 'a.more@href' },
						],
					},
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const cards = result.items('Cards');
		assert.deepEqual(
			cards.map((item) => item.json),
			EXPECTED_CARDS,
		);
		assert.deepEqual(
			cards.map((item) => item.pairedItem),
			EXPECTED_CARDS.map(() => ({ item: 0 })),
		);
	});

	it('Extract List refuses two fields of the same name', async () => {
		const fields = {
			field: [
				{ name: 'title', selector: '.title' },
				{ name: 'title', selector: '.price' },
			],
		};
		const result = await runWorkflow(
			chain([
				{
					name: 'Cards',
					parameters: { resource: 'extract', operation: 'list', selector: '.card', fields },
				},
			]),
			engineOptions(),
		);
		assert.equal(result.status, 'error');
		assert.match(result.error!.message, /Two fields are called "title"\. \[INVALID_INPUT\]/);
	});

	it('Extract Attributes with All Matches outputs one item per match', async () => {
		const workflow = chain([
			{
				name: 'Open Cards',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/cards` },
			},
			{
				name: 'Links',
				parameters: {
					resource: 'extract',
					operation: 'attributes',
					selector: 'a.more',
					attributes: 'href, class',
					properties: 'href',
					all: true,
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.deepEqual(
			result.items('Links').map((item) => item.json),
			EXPECTED_CARDS.map((card, index) => ({
				index,
				attributes: { href: card.href, class: 'more' },
				properties: { href: `${site.url}${card.href}` },
			})),
		);
	});

	it('Extract Page Structure and HTML describe the login page', async () => {
		const workflow = chain([
			{
				name: 'Open Login',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/login` },
			},
			{ name: 'Structure', parameters: { resource: 'extract', operation: 'pageStructure' } },
			{
				name: 'Form HTML',
				parameters: {
					resource: 'extract',
					operation: 'html',
					selector: '={{ $json.forms[0].selector }}',
					part: 'inner',
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const structure = result.items('Structure')[0].json as any;
		assert.equal(structure.url, `${site.url}/login`);
		assert.deepEqual(
			structure.forms[0].fields.map((field: any) => field.selector),
			['#username', '#password'],
		);
		assert.match(structure.summary, /submit → #login-submit/);
		const html = result.items('Form HTML')[0].json.html as string;
		assert.match(html, /^\s*<label for="username">Username<\/label>/);
	});
});
