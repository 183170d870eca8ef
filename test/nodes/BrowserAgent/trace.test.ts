import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INodeParameters } from 'n8n-workflow';
import { sharedPool } from '../../../lib';
import { TOTP_LOGIN } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import {
	assertRunSucceeded,
	getBinaryBuffer,
	runWorkflow,
	type RunResult,
} from '../../helpers/n8n-engine';
import { secretInTrace, traceEntries, tracedActions } from '../../helpers/traceZip';
import { chain, engineOptions, type Step } from '../../helpers/workflows';

const API = { browserAgentApi: { id: '1', name: 'Browser Agent' } };
const SITE_LOGIN = { browserAgentSiteLogin: { id: '2', name: 'Acme two-step login' } };

function step(name: string, parameters: INodeParameters): Step {
	return { name, parameters, settings: { credentials: { ...API, ...SITE_LOGIN } } };
}

describe('Browser Agent node: Session → Record Trace', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	const credentials = (recordTrace?: boolean) => ({
		browserAgentApi: {
			connection: 'launch',
			executablePath: '/usr/bin/chromium',
			headless: true,
			...(recordTrace !== undefined && { recordTrace }),
		},
		browserAgentSiteLogin: { username: TOTP_LOGIN.username, password: TOTP_LOGIN.password },
	});

	/** Logs in with the Site Login credential's password, then asks for the timeline and closes. */
	function login(openOptions: INodeParameters): Step[] {
		return [
			step('Open', { resource: 'session', operation: 'open', options: openOptions }),
			step('Login Page', {
				resource: 'page',
				operation: 'navigate',
				url: `${site.url}/login-2fa`,
			}),
			step('Type Username', {
				resource: 'element',
				operation: 'fill',
				selector: '#username',
				valueSource: 'siteLoginUsername',
			}),
			step('Type Password', {
				resource: 'element',
				operation: 'fill',
				selector: '#password',
				valueSource: 'siteLoginPassword',
			}),
			step('Continue', { resource: 'element', operation: 'click', selector: '#login-submit' }),
			step('Code Page', {
				resource: 'page',
				operation: 'waitFor',
				until: 'urlMatches',
				pattern: '**/login-2fa/code',
			}),
			step('Timeline', { resource: 'session', operation: 'getTimeline' }),
			step('Close', { resource: 'session', operation: 'close' }),
		];
	}

	async function traceOf(result: RunResult, node: string): Promise<Record<string, Buffer>> {
		const binary = result.items(node)[0].binary?.trace;
		assert.ok(binary, `${node} attached a trace`);
		assert.equal(binary.fileName, 'trace.zip');
		assert.equal(binary.mimeType, 'application/zip');
		return traceEntries(await getBinaryBuffer(binary));
	}

	it('Close and Get Timeline attach trace.zip, with the steps and without the Site Login password', async () => {
		const result = await runWorkflow(
			chain(login({ recordTrace: true })),
			engineOptions({ credentials: credentials() }),
		);
		assertRunSucceeded(result);
		const timeline = await traceOf(result, 'Timeline');
		const closed = await traceOf(result, 'Close');
		assert.equal(result.items('Close')[0].json.closed, true);
		assert.deepEqual(tracedActions(closed), [
			'navigate',
			'fill #username (value kept out of the trace)',
			'fill #password (value kept out of the trace)',
			'click #login-submit',
			'waitFor',
		]);
		assert.deepEqual(tracedActions(timeline), tracedActions(closed));
		for (const entries of [timeline, closed]) {
			assert.deepEqual(secretInTrace(entries, TOTP_LOGIN.password), []);
			assert.deepEqual(secretInTrace(entries, TOTP_LOGIN.username), []);
		}
		// The report keeps its own field.
		assert.equal(result.items('Timeline')[0].binary?.data?.fileName, 'timeline.html');
	});

	it('follows the credential’s Record Traces unless Session → Open says otherwise; off: no trace', async () => {
		const byCredential = await runWorkflow(
			chain(login({})),
			engineOptions({ credentials: credentials(true) }),
		);
		assertRunSucceeded(byCredential);
		assert.ok(byCredential.items('Close')[0].binary?.trace, 'the credential switched it on');

		const switchedOff = await runWorkflow(
			chain(login({ recordTrace: false })),
			engineOptions({ credentials: credentials(true) }),
		);
		assertRunSucceeded(switchedOff);
		for (const node of ['Timeline', 'Close'])
			assert.equal(switchedOff.items(node)[0].binary?.trace, undefined, node);

		const byDefault = await runWorkflow(
			chain(login({})),
			engineOptions({ credentials: credentials() }),
		);
		assertRunSucceeded(byDefault);
		for (const node of ['Timeline', 'Close'])
			assert.equal(byDefault.items(node)[0].binary?.trace, undefined, node);
	});
});
