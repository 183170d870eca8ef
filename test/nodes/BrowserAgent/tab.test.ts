import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Browser Agent node: Tab', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('catches the popup a click opened, works in it, and lists it as a tab', async () => {
		const workflow = chain([
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/tabs` },
			},
			{
				name: 'Open Chat',
				parameters: { resource: 'element', operation: 'click', selector: '#window-open' },
			},
			{ name: 'Popup', parameters: { resource: 'tab', operation: 'waitForPopup' } },
			{
				name: 'Read Via',
				parameters: { resource: 'extract', operation: 'text', selector: '#popup-via' },
			},
			{ name: 'Tabs', parameters: { resource: 'tab', operation: 'list' } },
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const [popup] = result.items('Popup');
		assert.equal(popup.json.title, 'Popup');
		assert.equal(popup.json.url, `${site.url}/popup?via=js`);
		assert.deepEqual(popup.json.tab, {
			index: 1,
			url: `${site.url}/popup?via=js`,
			title: 'Popup',
			current: true,
		});
		assert.equal(result.items('Read Via')[0].json.text, 'js');
		assert.deepEqual(
			result.items('Tabs').map((item) => item.json),
			[
				{ index: 0, url: `${site.url}/tabs`, title: 'Tabs - Acme Finance', current: false },
				{ index: 1, url: `${site.url}/popup?via=js`, title: 'Popup', current: true },
			],
		);
	});

	it('opens, switches and closes tabs', async () => {
		const workflow = chain([
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Open Reports',
				parameters: { resource: 'tab', operation: 'open', url: `${site.url}/tables` },
			},
			{
				name: 'Back to Profile',
				parameters: { resource: 'tab', operation: 'switch', switchBy: 'title', title: 'Profile*' },
			},
			{
				name: 'Close Reports',
				parameters: { resource: 'tab', operation: 'close', tabToClose: 'index', index: 1 },
			},
			{
				name: 'Popup Tab',
				parameters: {
					resource: 'tab',
					operation: 'open',
					url: `${site.url}/tabs`,
					options: { switchTo: false },
				},
			},
			{
				name: 'By URL',
				parameters: { resource: 'tab', operation: 'switch', switchBy: 'url', url: '*/tabs' },
			},
			{ name: 'Close Current', parameters: { resource: 'tab', operation: 'close' } },
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.equal(result.items('Open Reports')[0].json.title, 'Reports - Acme Finance');
		assert.equal(result.items('Back to Profile')[0].json.title, 'Profile - Acme Finance');
		const closed = result.items('Close Reports')[0].json as any;
		assert.equal(closed.closed.url, `${site.url}/tables`);
		assert.equal(closed.tabCount, 1);
		assert.equal(
			result.items('Popup Tab')[0].json.url,
			`${site.url}/form`,
			'opened in the background',
		);
		assert.equal(result.items('By URL')[0].json.url, `${site.url}/tabs`);
		const last = result.items('Close Current')[0].json as any;
		assert.equal(last.url, `${site.url}/form`);
		assert.equal(last.tabCount, 1);
	});
});
