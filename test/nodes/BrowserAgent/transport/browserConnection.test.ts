import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserConnectionSchema, fleetMembers } from '../../../../lib';
import { browserConnectionFromCredential } from '../../../../nodes/BrowserAgent/transport/browserConnection';

describe('Browser Agent API credential → browser connection', () => {
	it('leaves the browser to the n8n instance without a credential, for "This n8n’s Default", or with no Browser set', () => {
		assert.equal(browserConnectionFromCredential(undefined), undefined);
		assert.equal(browserConnectionFromCredential({ connection: 'default' }), undefined);
		assert.equal(browserConnectionFromCredential({ allowCustomScript: true }), undefined);
	});

	it('launches with the headless mode asked for, new headless unless Headless Shell', () => {
		const launch = (set: Record<string, unknown>) =>
			browserConnectionSchema.parse(
				browserConnectionFromCredential({ connection: 'launch', ...set }),
			);
		assert.deepEqual(launch({ headlessMode: 'shell' }), {
			mode: 'launch',
			executablePath: undefined,
			headless: true,
			headlessMode: 'shell',
			args: [],
			launchTimeoutMs: 60_000,
		});
		assert.equal((launch({}) as { headlessMode: string }).headlessMode, 'new');
		assert.equal(
			(launch({ headlessMode: 'other' }) as { headlessMode: string }).headlessMode,
			'new',
		);
	});

	it('keeps the remote kinds as they were', () => {
		assert.deepEqual(
			browserConnectionFromCredential({
				connection: 'cdp',
				cdpUrl: 'http://chrome:9222',
				token: 't0ken',
			}),
			{
				mode: 'cdp',
				endpointURL: 'http://chrome:9222',
				headers: { Authorization: 'Bearer t0ken' },
			},
		);
		assert.deepEqual(
			browserConnectionFromCredential({ connection: 'playwright', wsEndpoint: 'ws://pw:3000/' }),
			{ mode: 'playwright', wsEndpoint: 'ws://pw:3000/', headers: {} },
		);
	});

	it('passes several endpoints on as they are written, each then reached with the token and headers', () => {
		const connection = browserConnectionSchema.parse(
			browserConnectionFromCredential({
				connection: 'cdp',
				cdpUrl: 'http://chrome-1:9222,\nhttp://chrome-2:9222',
				token: 't0ken',
				headers: '{"X-Team": "ops"}',
			}),
		);
		assert.equal(
			connection.mode === 'cdp' && connection.endpointURL,
			'http://chrome-1:9222,\nhttp://chrome-2:9222',
		);
		assert.deepEqual(
			fleetMembers(connection).map((member) =>
				member.mode === 'cdp' ? [member.endpointURL, member.headers] : undefined,
			),
			[
				['http://chrome-1:9222', { 'X-Team': 'ops', Authorization: 'Bearer t0ken' }],
				['http://chrome-2:9222', { 'X-Team': 'ops', Authorization: 'Bearer t0ken' }],
			],
		);
	});
});
