import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ICredentialTestFunctions } from 'n8n-workflow';
import {
	browserAgentConnectionTest,
	connectedMessage,
} from '../../../../nodes/BrowserAgent/transport/connectionTest';
import { unreachableUrl } from '../../../helpers/runner';

const test = (data: Record<string, unknown>) =>
	browserAgentConnectionTest.call({} as ICredentialTestFunctions, {
		id: '1',
		name: 'Browser Agent API',
		type: 'browserAgentApi',
		data: data as never,
	});

describe('Browser Agent API credential test', () => {
	it('really launches the browser and reports its version and how it runs', async () => {
		const result = await test({ connection: 'launch', executablePath: '', headless: true });
		assert.equal(result.status, 'OK', result.message);
		assert.match(
			result.message,
			/^Connected: Chromium \d+\.\d+\.\d+\.\d+, launched headless on the n8n machine$/,
		);
	});

	it('says which browser it reached and how, never with the endpoint’s token', () => {
		assert.equal(
			connectedMessage(
				{ mode: 'launch', headless: false, executablePath: '/usr/bin/chromium' },
				'131.0.6778.33',
			),
			'Connected: Chromium 131.0.6778.33, launched with a window (headed) on the n8n machine from /usr/bin/chromium',
		);
		assert.equal(
			connectedMessage(
				{
					mode: 'playwright',
					wsEndpoint: 'ws://user:pw@browsers.example:3000/s3cret?token=s3cret',
				},
				'131.0.6778.33',
			),
			'Connected: Chromium 131.0.6778.33, a remote Playwright browser server at ws://browsers.example:3000',
		);
		assert.equal(
			connectedMessage(
				{ mode: 'cdp', endpointURL: 'https://cdp.example/devtools?apiKey=s3cret' },
				'120.0.6099.71',
			),
			'Connected: Chromium 120.0.6099.71, a remote browser over CDP at https://cdp.example',
		);
	});

	it('launches the headless shell when asked, and says so', async () => {
		const result = await test({ connection: 'launch', headless: true, headlessMode: 'shell' });
		assert.equal(result.status, 'OK', result.message);
		assert.match(result.message, /launched headless \(headless shell\) on the n8n machine$/);
	});

	it('tests the browser of the n8n environment for "This n8n’s Default"', async () => {
		const endpoint = (await unreachableUrl()).replace('http', 'ws');
		const saved = process.env.BROWSER_AGENT_BROWSER_ENDPOINT;
		process.env.BROWSER_AGENT_BROWSER_ENDPOINT = `${endpoint}?token=env-s3cret`;
		try {
			const result = await test({ connection: 'default' });
			assert.equal(result.status, 'Error');
			assert.match(result.message, /Could not connect to the browser at ws:\/\/127\.0\.0\.1/);
			assert.ok(!result.message.includes('env-s3cret'), result.message);
		} finally {
			if (saved === undefined) delete process.env.BROWSER_AGENT_BROWSER_ENDPOINT;
			else process.env.BROWSER_AGENT_BROWSER_ENDPOINT = saved;
		}
	});

	it('says precisely why a launch is impossible', async () => {
		const result = await test({ connection: 'launch', executablePath: '/opt/nothing/chrome' });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /No browser at \/opt\/nothing\/chrome/);
		assert.match(result.message, /Point it at a Chromium/);
	});

	it('says precisely why a connection is impossible, without the token', async () => {
		const endpoint = (await unreachableUrl()).replace('http', 'ws');
		const result = await test({
			connection: 'playwright',
			wsEndpoint: endpoint,
			token: 's3cret-token',
			headers: '{}',
		});
		assert.equal(result.status, 'Error');
		assert.match(result.message, /Could not connect to the browser at ws:\/\/127\.0\.0\.1/);
		assert.ok(!result.message.includes('s3cret-token'));
	});
});
