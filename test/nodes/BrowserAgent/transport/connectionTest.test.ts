import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ICredentialTestFunctions } from 'n8n-workflow';
import { browserAgentConnectionTest } from '../../../../nodes/BrowserAgent/transport/connectionTest';
import { unreachableUrl } from '../../../helpers/runner';

const test = (data: Record<string, unknown>) =>
	browserAgentConnectionTest.call({} as ICredentialTestFunctions, {
		id: '1',
		name: 'Browser Agent API',
		type: 'browserAgentApi',
		data: data as never,
	});

describe('Browser Agent API credential test', () => {
	it('really launches the browser and reports its version', async () => {
		const result = await test({ connection: 'launch', executablePath: '', headless: true });
		assert.equal(result.status, 'OK', result.message);
		assert.match(result.message, /^Browser ready: Chromium \d+\./);
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
