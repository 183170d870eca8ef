import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedLiveViews, sharedPool } from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Session → Live View in n8n’s engine', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedLiveViews().close();
		await sharedPool().shutdown();
		await site.close();
	});

	const flow = (id: string, interactive: boolean) => ({
		id,
		name: `Live view ${id}`,
		...chain(
			[
				{
					name: 'Open Page',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/pick` },
				},
				{
					name: 'Live View',
					parameters: {
						resource: 'session',
						operation: 'liveView',
						interactive,
						validForMinutes: 5,
					},
				},
			],
			true,
		),
	});
	const credentials = {
		browserAgentApi: {
			connection: 'launch',
			executablePath: '/usr/bin/chromium',
			auditEnabled: false,
		},
	};

	it('gives a loopback link to the session’s page; in the editor it lives on with the editor session', async () => {
		const result = await runWorkflow(
			flow('wf-live-1', true),
			engineOptions({ mode: 'manual', credentials }),
		);
		assertRunSucceeded(result);
		const [item] = result.items('Live View');
		const json = item.json as any;
		assert.match(json.liveViewUrl, /^http:\/\/127\.0\.0\.1:\d+\/live\/[\w-]{32}$/);
		assert.equal(json.interactive, true);
		assert.equal(json.editorSession, true);
		assert.ok(Date.parse(json.expiresAt) > Date.now() + 4 * 60_000);
		const state = await (await fetch(`${json.liveViewUrl}/state`)).json();
		assert.deepEqual(
			{ ended: state.ended, interactive: state.interactive, url: state.url },
			{ ended: false, interactive: true, url: `${site.url}/pick` },
		);
		const page = await fetch(json.liveViewUrl);
		assert.equal(page.status, 200);
		assert.match(await page.text(), /<img id="view"/);
	});

	it('in production the link dies with the execution’s session', async () => {
		const result = await runWorkflow(flow('wf-live-2', false), engineOptions({ credentials }));
		assertRunSucceeded(result);
		const { liveViewUrl, interactive } = result.items('Live View')[0].json as any;
		assert.equal(interactive, false);
		// The execution ended, its session closed: the link says so.
		let state: any;
		for (let attempt = 0; attempt < 50; attempt++) {
			state = await (await fetch(`${liveViewUrl}/state`)).json();
			if (state.ended) break;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		assert.equal(state.ended, true);
		assert.match(state.endedBecause, /session ended/);
	});
	it('a link lifetime that is no number of minutes fails naming the parameter', async () => {
		const workflow = flow('wf-live-bad', false);
		const liveView = workflow.nodes.find((node) => node.name === 'Live View')!;
		(liveView.parameters as Record<string, unknown>).validForMinutes = 'soon';
		const result = await runWorkflow(workflow, engineOptions({ mode: 'manual', credentials }));
		assert.match(
			result.error!.message,
			/Link Valid For \(Minutes\) must be a number of minutes from 1 to 1440, not "soon"/,
		);
	});
});
