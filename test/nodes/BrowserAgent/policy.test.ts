import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sharedPool } from '../../../lib';
import { policyFromCredential } from '../../../nodes/BrowserAgent/transport/policySettings';
import { ESCAPE_HOST } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

const CONTINUE = { onError: 'continueRegularOutput' } as const;

describe('Browser Agent node: the credential’s policy', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	function credential(policy: ICredentialDataDecryptedObject): {
		credentials: Record<string, ICredentialDataDecryptedObject>;
	} {
		return {
			credentials: {
				browserAgentApi: { connection: 'launch', executablePath: '/usr/bin/chromium', ...policy },
			},
		};
	}

	it('keeps sessions on the allowed hosts, counts what it refused, and refuses Run JavaScript', async () => {
		const workflow = chain(
			[
				// The escape page frames the other host: the page loads, the navigation reports the refused frame.
				{
					name: 'Portal',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/escape` },
					settings: CONTINUE,
				},
				{
					name: 'Wait',
					parameters: {
						resource: 'page',
						operation: 'waitFor',
						until: 'elementVisible',
						selector: '#escape-img-status[data-status="error"]',
					},
				},
				{
					name: 'Leave',
					parameters: {
						resource: 'page',
						operation: 'navigate',
						url: `${site.url}/escape/redirect`,
					},
					settings: CONTINUE,
				},
				{
					name: 'Script',
					parameters: { resource: 'page', operation: 'evaluate', script: 'return document.cookie' },
					settings: CONTINUE,
				},
				{ name: 'Status', parameters: { resource: 'session', operation: 'getStatus' } },
			],
			true,
		);
		const result = await runWorkflow(
			workflow,
			engineOptions(credential({ allowedDomains: '127.0.0.1', blockedDomains: '' })),
		);
		assertRunSucceeded(result);
		assert.equal(result.items('Portal')[0].json.code, 'DOMAIN_NOT_ALLOWED');
		const leave = result.items('Leave')[0].json;
		assert.equal(leave.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(
			String(leave.error),
			new RegExp(`host ${ESCAPE_HOST} is not on the Allowed Domains list`),
		);
		assert.equal(result.items('Script')[0].json.code, 'NOT_ALLOWED');
		const status = result.items('Status')[0].json as {
			blockedByPolicy: { total: number; byHost: Record<string, number> };
		};
		assert.ok(
			status.blockedByPolicy.byHost[ESCAPE_HOST] >= 3,
			JSON.stringify(status.blockedByPolicy),
		);
	});

	it('runs JavaScript when the credential allows it, and enforces its action limit', async () => {
		const workflow = chain(
			[
				{
					name: 'Go',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/tables` },
				},
				{
					name: 'Script',
					parameters: {
						resource: 'page',
						operation: 'evaluate',
						script: 'return { rows: document.querySelectorAll(arg).length }',
						arg: '"#simple tbody tr"',
					},
				},
				{
					name: 'Third',
					parameters: { resource: 'page', operation: 'getInfo' },
					settings: CONTINUE,
				},
			],
			true,
		);
		const result = await runWorkflow(
			workflow,
			engineOptions(credential({ allowCustomScript: true, maxActionsPerSession: 2 })),
		);
		assertRunSucceeded(result);
		assert.deepEqual(result.items('Script')[0].json.value, { rows: 3 });
		const third = result.items('Third')[0].json;
		assert.equal(third.code, 'QUOTA_EXCEEDED');
		assert.match(String(third.error), /Max Actions per Session/);
	});

	it('without a credential the safe defaults apply: no custom JavaScript, no file: addresses', async () => {
		const workflow = chain([
			{
				name: 'File',
				parameters: { resource: 'page', operation: 'navigate', url: 'file:///etc/passwd' },
				settings: CONTINUE,
			},
			{
				name: 'Script',
				parameters: { resource: 'page', operation: 'evaluate', script: 'return 1' },
				settings: CONTINUE,
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.equal(result.items('File')[0].json.code, 'NOT_ALLOWED');
		assert.equal(result.items('Script')[0].json.code, 'NOT_ALLOWED');
	});

	it('maps the credential fields, scoped by the credential’s ID', () => {
		assert.equal(policyFromCredential(undefined), undefined);
		assert.deepEqual(
			policyFromCredential(
				{
					allowedDomains: 'portal.example.com, *.example.com\nfiles.example.net',
					blockedDomains: '',
					allowedSchemes: ['https'],
					allowCustomScript: false,
					maxConcurrentSessions: 3,
					maxActionsPerSession: 100,
					maxActionsPerMinute: 60,
				},
				'42',
			),
			{
				scope: 'credential:42',
				allowedDomains: ['portal.example.com', '*.example.com', 'files.example.net'],
				blockedDomains: [],
				allowedSchemes: ['https'],
				allowCustomScript: false,
				maxConcurrentSessions: 3,
				maxActionsPerSession: 100,
				maxActionsPerMinute: 60,
			},
		);
		// A credential saved before the Policy fields existed: the defaults.
		assert.deepEqual(policyFromCredential({ connection: 'launch' }, '7'), {
			scope: 'credential:7',
			allowedDomains: [],
			blockedDomains: [],
			allowCustomScript: false,
		});
	});
});
