import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Browser Agent node: Storage resource in n8n’s engine', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	async function exportedLogin() {
		const login = chain([
			{
				name: 'Login Page',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/login` },
			},
			{
				name: 'User',
				parameters: {
					resource: 'element',
					operation: 'fill',
					selector: '#username',
					value: LOGIN.username,
				},
			},
			{
				name: 'Password',
				parameters: {
					resource: 'element',
					operation: 'fill',
					selector: '#password',
					value: LOGIN.password,
				},
			},
			{
				name: 'Sign In',
				parameters: { resource: 'element', operation: 'click', selector: '#login-submit' },
			},
			// Reading the dashboard's greeting waits until the login has landed.
			{
				name: 'Signed In',
				parameters: { resource: 'extract', operation: 'text', selector: '#welcome' },
			},
			{
				name: 'Remember Me',
				parameters: {
					resource: 'storage',
					operation: 'setLocalStorage',
					values: { value: [{ key: 'theme', value: 'dark' }] },
				},
			},
			{ name: 'Export', parameters: { resource: 'storage', operation: 'exportState' } },
		]);
		const result = await runWorkflow(login, engineOptions());
		assertRunSucceeded(result);
		assert.equal(result.items('Signed In')[0].json.text, 'Welcome, admin');
		return result.items('Export')[0].json;
	}

	it('carries a login across two executions: Export State → item JSON → Import State', async () => {
		const exported = await exportedLogin();
		assert.equal(exported.cookieCount, 1);
		assert.equal(exported.originCount, 1);
		// The second execution only has the item: as after a Wait node, or in another worker.
		const restore = chain([
			{ name: 'Import', parameters: { resource: 'storage', operation: 'importState' } },
			{
				name: 'Dashboard',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/dashboard` },
			},
			{
				name: 'Welcome',
				parameters: { resource: 'extract', operation: 'text', selector: '#welcome' },
			},
			{ name: 'Storage', parameters: { resource: 'storage', operation: 'getLocalStorage' } },
		]);
		const result = await runWorkflow(
			restore,
			engineOptions({ inputItems: [JSON.parse(JSON.stringify(exported))] }),
		);
		assertRunSucceeded(result);
		assert.equal(result.items('Import')[0].json.cookieCount, 1);
		assert.equal(result.items('Dashboard')[0].json.url, `${site.url}/dashboard`);
		assert.equal(result.items('Welcome')[0].json.text, 'Welcome, admin');
		assert.deepEqual(result.items('Storage')[0].json.localStorage, { theme: 'dark' });
	});

	it('restores the login when Session → Open gets the state from an expression', async () => {
		const exported = await exportedLogin();
		const restore = chain([
			{
				name: 'Open',
				parameters: {
					resource: 'session',
					operation: 'open',
					options: { storageState: '={{ $json.storageState }}', colorScheme: 'dark' },
				},
			},
			{
				name: 'Dashboard',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/dashboard` },
			},
			{
				name: 'Welcome',
				parameters: { resource: 'extract', operation: 'text', selector: '#welcome' },
			},
		]);
		const result = await runWorkflow(restore, engineOptions({ inputItems: [exported] }));
		assertRunSucceeded(result);
		assert.equal(result.items('Open')[0].json.opened, true);
		assert.equal(result.items('Welcome')[0].json.text, 'Welcome, admin');
	});

	it('a fresh execution without the state is logged out', async () => {
		const result = await runWorkflow(
			chain([
				{
					name: 'Dashboard',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/dashboard` },
				},
			]),
			engineOptions(),
		);
		assertRunSucceeded(result);
		assert.match(String(result.items('Dashboard')[0].json.url), /\/login$/);
	});

	it('sets, reads and clears cookies and local storage', async () => {
		const workflow = chain([
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Set Cookies',
				parameters: {
					resource: 'storage',
					operation: 'setCookies',
					cookies: JSON.stringify([
						{ name: 'consent', value: 'yes', url: site.url },
						{ name: 'other', value: '1', url: 'https://other.example/' },
					]),
				},
			},
			{
				name: 'Get Cookies',
				parameters: {
					resource: 'storage',
					operation: 'getCookies',
					options: { urls: `${site.url}/form` },
				},
			},
			{
				name: 'Set Storage',
				parameters: {
					resource: 'storage',
					operation: 'setLocalStorage',
					specifyValues: 'json',
					valuesJson: '{ "a": "1", "b": { "c": 2 } }',
				},
			},
			{ name: 'Get Storage', parameters: { resource: 'storage', operation: 'getLocalStorage' } },
			{
				name: 'Clear Storage',
				parameters: { resource: 'storage', operation: 'clearStorage', cookies: true },
			},
			{
				name: 'Clear Cookies',
				parameters: { resource: 'storage', operation: 'clearCookies', options: { name: 'other' } },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const cookies = result.items('Get Cookies')[0].json;
		assert.equal(cookies.count, 1);
		assert.equal((cookies.cookies as Array<{ name: string }>)[0].name, 'consent');
		assert.ok(cookies.sessionId, 'the usual session fields come along');
		assert.deepEqual(result.items('Get Storage')[0].json.localStorage, { a: '1', b: '{"c":2}' });
		assert.deepEqual(result.items('Clear Storage')[0].json.cookiesDeleted, 1);
		assert.equal(result.items('Clear Cookies')[0].json.deleted, 1);
		assert.equal(result.items('Clear Cookies')[0].json.remaining, 0);
	});

	it('fails Import State clearly when the item carries no state', async () => {
		const workflow = chain([
			{
				name: 'Import',
				parameters: { resource: 'storage', operation: 'importState' },
				settings: { onError: 'continueRegularOutput' },
			},
		]);
		const result = await runWorkflow(
			workflow,
			engineOptions({ inputItems: [{ something: 'else' }] }),
		);
		assertRunSucceeded(result);
		const [item] = result.items('Import');
		assert.equal(item.json.code, 'INVALID_INPUT');
		assert.equal(item.json.field, 'storageState');
	});
});
