/**
 * Page → Snapshot through n8n's engine: the snapshot's refs, picked by an expression, drive the
 * next nodes, and a ref from before a navigation fails as STALE_REF with its advice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

/** An n8n expression: the ref of the snapshot line with this role and name, as a selector. */
const refOf = (roleAndName: string) =>
	`={{ 'ref=' + $('Snapshot').first().json.snapshot.match(/${roleAndName.replace(/"/g, '\\"')} \\[ref=(e\\d+)\\]/)[1] }}`;

describe('Browser Agent node: Page → Snapshot and refs as selectors', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('logs in by the refs of a snapshot, and says STALE_REF for a ref of the page before', async () => {
		const workflow = chain([
			{
				name: 'Open Login',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/login` },
			},
			{
				name: 'Snapshot',
				parameters: {
					resource: 'page',
					operation: 'snapshot',
					options: { screenshot: true },
				},
			},
			{
				name: 'User',
				parameters: {
					resource: 'element',
					operation: 'fill',
					selector: refOf('textbox "Username"'),
					value: LOGIN.username,
				},
			},
			{
				name: 'Password',
				parameters: {
					resource: 'element',
					operation: 'fill',
					selector: refOf('textbox "Password"'),
					value: LOGIN.password,
				},
			},
			{
				name: 'Sign In',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: refOf('button "Sign in"'),
					options: { waitUntilAfter: 'load' },
				},
			},
			{
				name: 'Old Ref',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: refOf('button "Sign in"'),
				},
				settings: { onError: 'continueRegularOutput' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const [snapshot] = result.items('Snapshot');
		assert.match(String(snapshot.json.snapshot), /button "Sign in" \[ref=e\d+\]/);
		assert.ok(Number(snapshot.json.refs) > 3);
		assert.equal(snapshot.binary?.screenshot.mimeType, 'image/jpeg');
		assert.match(String(result.items('Sign In')[0].json.url), /\/dashboard$/);
		const [stale] = result.items('Old Ref');
		assert.equal(stale.json.code, 'STALE_REF');
		assert.match(String(stale.json.advice), /Take a new snapshot/);
	});
});
