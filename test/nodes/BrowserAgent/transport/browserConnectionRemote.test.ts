import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type BrowserServer } from 'playwright';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';
import { findExecutable, sharedPool } from '../../../../lib';
import {
	EXPECTED_TABLES,
	REPORT_CSV,
	REPORT_CSV_FILENAME,
} from '../../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../../scripts/fixture-site/server';
import { browserAgentConnectionTest } from '../../../../nodes/BrowserAgent/transport/connectionTest';
import {
	assertRunSucceeded,
	getBinaryBuffer,
	runWorkflow,
	type RunResult,
} from '../../../helpers/n8n-engine';
import { startDebuggableChromium } from '../../../helpers/debuggableChromium';
import { unreachableUrl } from '../../../helpers/runner';
import { NODE_TYPE, engineOptions, loadExample } from '../../../helpers/workflows';

/**
 * The example workflow (examples/acme-finance-report.json), its nodes unchanged but for the
 * Browser Agent credential they all get, run in n8n's engine against a local launch, a Playwright
 * server and a Chromium over CDP: the same results from each.
 */
describe('the example workflow on a local, a Playwright-server and a CDP browser', () => {
	let site: FixtureSite;
	let server: BrowserServer;
	let cdp: { httpUrl: string; close(): Promise<void> };
	before(async () => {
		site = await startFixtureSite();
		[server, cdp] = await Promise.all([
			chromium.launchServer({ executablePath: findExecutable(), args: ['--no-sandbox'] }),
			startDebuggableChromium(),
		]);
	});
	after(async () => {
		await sharedPool().shutdown();
		await Promise.all([server?.close(), cdp?.close()]);
		await site.close();
	});

	async function runExample(credential: ICredentialDataDecryptedObject): Promise<RunResult> {
		const workflow = loadExample('acme-finance-report.json', site.url);
		for (const node of workflow.nodes)
			if (node.type === NODE_TYPE)
				node.credentials = { browserAgentApi: { id: '1', name: 'Browser Agent' } };
		const result = await runWorkflow(
			workflow,
			engineOptions({ credentials: { browserAgentApi: credential } }),
		);
		assertRunSucceeded(result);
		return result;
	}

	/** What the flow produced, without what differs from run to run (session IDs, timings). */
	async function outcome(result: RunResult) {
		const first = (node: string) => result.items(node)[0];
		const download = first('Download Report');
		const screenshot = first('Screenshot Downloads Page').binary!.screenshot;
		return {
			sessions: new Set(
				['Open Login Page', 'Sign In', 'Slide to Verify', 'Download Report'].map(
					(node) => first(node).json.sessionId,
				),
			).size,
			signedInAt: new URL(String(first('Sign In').json.url)).pathname,
			slider: first('Read Slider Result').json.text,
			download: {
				fileName: download.json.fileName,
				mimeType: download.binary!.report.mimeType,
				text: (await getBinaryBuffer(download.binary!.report)).toString('utf8'),
			},
			screenshot: {
				mimeType: screenshot.mimeType,
				signature: [...(await getBinaryBuffer(screenshot)).subarray(0, 4)],
			},
			transactions: result.items('Extract Transactions').map((item) => item.json),
			closed: result.items('Close Session').map((item) => item.json.state),
		};
	}

	it('gives the same results on each browser', async () => {
		const local = await outcome(
			await runExample({ connection: 'launch', executablePath: findExecutable() ?? '' }),
		);
		assert.deepEqual(local, {
			sessions: 1,
			signedInAt: '/dashboard',
			slider: 'Verified: you are human',
			download: { fileName: REPORT_CSV_FILENAME, mimeType: 'text/csv', text: REPORT_CSV },
			screenshot: { mimeType: 'image/png', signature: [0x89, 0x50, 0x4e, 0x47] },
			transactions: EXPECTED_TABLES.complex,
			closed: ['completed'],
		});

		// From here on a launch would fail: what runs, runs on the remote browsers.
		const savedPath = process.env.BROWSER_AGENT_EXECUTABLE_PATH;
		process.env.BROWSER_AGENT_EXECUTABLE_PATH = '/nonexistent/chromium';
		try {
			// Two endpoints, the first one down: the flow runs on the second, unchanged.
			const down = (await unreachableUrl()).replace('http', 'ws');
			// At once: the executions have their own sessions (and most of the flow's time is typing pauses).
			const [onServer, overCdp, onFleet] = await Promise.all(
				(
					[
						{ connection: 'playwright', wsEndpoint: server.wsEndpoint() },
						{ connection: 'cdp', cdpUrl: cdp.httpUrl },
						{ connection: 'playwright', wsEndpoint: `${down},\n${server.wsEndpoint()}` },
					] as ICredentialDataDecryptedObject[]
				).map(async (credential) => outcome(await runExample(credential))),
			);
			assert.deepEqual(onServer, local, 'on the Playwright server');
			assert.deepEqual(overCdp, local, 'over CDP');
			assert.deepEqual(onFleet, local, 'on a fleet with one endpoint down');
		} finally {
			if (savedPath === undefined) delete process.env.BROWSER_AGENT_EXECUTABLE_PATH;
			else process.env.BROWSER_AGENT_EXECUTABLE_PATH = savedPath;
		}
	});

	it('has the credential’s Test reach every endpoint it lists, and name the one that is down', async () => {
		const check = (data: ICredentialDataDecryptedObject) =>
			browserAgentConnectionTest.call({} as ICredentialTestFunctions, {
				id: '1',
				name: 'Browser Agent API',
				type: 'browserAgentApi',
				data,
			});
		// The same browser under two addresses is two endpoints.
		const viaLocalhost = (url: string) => url.replace('127.0.0.1', 'localhost');
		const servers = await check({
			connection: 'playwright',
			wsEndpoint: `${server.wsEndpoint()}, ${viaLocalhost(server.wsEndpoint())}`,
		});
		assert.equal(servers.status, 'OK', servers.message);
		const address = new URL(server.wsEndpoint()).host;
		assert.match(
			servers.message,
			new RegExp(
				`^Connected to all 2 remote Playwright browser servers: ws://${address} \\(Chromium \\d+[.\\d]+\\), ws://localhost:\\d+ \\(Chromium \\d+[.\\d]+\\)$`,
			),
		);
		const browsers = await check({
			connection: 'cdp',
			cdpUrl: `${cdp.httpUrl}\n${viaLocalhost(cdp.httpUrl)}`,
		});
		assert.equal(browsers.status, 'OK', browsers.message);
		assert.match(browsers.message, /^Connected to all 2 remote browsers over CDP: /);

		const down = `${(await unreachableUrl()).replace('http', 'ws')}?token=down-secret`;
		const oneDown = await check({
			connection: 'playwright',
			wsEndpoint: `${server.wsEndpoint()}\n${down}`,
			token: 'header-secret',
		});
		assert.equal(oneDown.status, 'Error');
		assert.match(
			oneDown.message,
			/^Could not connect to 1 of the 2 browsers: ws:\/\/127\.0\.0\.1:\d+\/\?token=\*\*\* /,
		);
		assert.match(oneDown.message, /Connected to ws:\/\/127\.0\.0\.1:\d+\/\w+\./);
		assert.match(oneDown.message, /passed over for 30 s/);
		assert.doesNotMatch(oneDown.message, /down-secret|header-secret/);
	});
});
