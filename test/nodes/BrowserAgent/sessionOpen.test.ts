import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sessionOptionsSchema, type OpenRequest, type SessionPool } from '../../../lib';
import { execute } from '../../../nodes/BrowserAgent/actions/session/open.operation';

/**
 * Runs the Open operation with these Options (and, when given, a Site Login credential) and
 * returns what it asked the pool for.
 */
async function openRequest(options: IDataObject, siteLogin?: IDataObject): Promise<OpenRequest> {
	let request: OpenRequest | undefined;
	const pool = {
		open: async (_key: unknown, asked: OpenRequest) => {
			request = asked;
			return { id: 's', name: 'default', state: 'created', opened: true };
		},
	} as unknown as SessionPool;
	const context = {
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name === 'options' ? options : fallback,
		getNode: () => ({
			id: 'open',
			name: 'Open',
			type: 'n8n-nodes-browser-agent.browserAgent',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			...(siteLogin && {
				credentials: { browserAgentSiteLogin: { id: 'login', name: 'Intranet' } },
			}),
		}),
		getCredentials: async (type: string) => {
			assert.equal(type, 'browserAgentSiteLogin');
			return siteLogin;
		},
	} as unknown as IExecuteFunctions;
	await execute.call(context, 0, {
		pool,
		key: { owner: 'o', name: 'default' },
		environment: { policy: { allowedDomains: ['intranet.example.com'] } },
		editorSession: false,
	});
	return request!;
}

describe('Session → Open: node options become session options', () => {
	it('keeps the defaults when no option is set', async () => {
		const request = await openRequest({});
		assert.deepEqual(request.options, {});
		assert.equal(request.replace, false);
		assert.deepEqual(
			sessionOptionsSchema.parse(request.options).viewport,
			undefined,
			'the runner applies 1280 × 800 (or the device’s)',
		);
	});

	it('maps every new option to the runner’s names and shapes', async () => {
		const request = await openRequest({
			device: 'iPhone 13',
			geolocation: { location: { latitude: 48.85, longitude: 2.35, accuracy: 30 } },
			permissions: ['notifications', 'clipboard-read'],
			colorScheme: 'dark',
			proxy: {
				settings: {
					server: ' http://proxy.example:3128 ',
					bypass: 'localhost',
					username: 'agent',
					password: 'pw',
				},
			},
			ignoreHTTPSErrors: true,
			extraHTTPHeadersJson: '{ "X-Tenant": "acme", "X-Both": "json" }',
			extraHTTPHeaders: {
				header: [
					{ name: 'X-Both', value: 'list' },
					{ name: ' ', value: 'ignored' },
				],
			},
			blockResourceTypes: ['image', 'font'],
			storageState: { cookies: [], origins: [] },
			viewportWidth: 500,
			replaceExisting: true,
		});
		assert.deepEqual(request.options, {
			viewport: { width: 500, height: 800 },
			device: 'iPhone 13',
			extraHTTPHeaders: { 'X-Tenant': 'acme', 'X-Both': 'list' },
			geolocation: { latitude: 48.85, longitude: 2.35, accuracy: 30 },
			permissions: ['notifications', 'clipboard-read'],
			colorScheme: 'dark',
			proxy: {
				server: 'http://proxy.example:3128',
				bypass: 'localhost',
				username: 'agent',
				password: 'pw',
			},
			ignoreHTTPSErrors: true,
			blockResourceTypes: ['image', 'font'],
			storageState: { cookies: [], origins: [] },
		});
		assert.equal(request.replace, true);
		assert.ok(sessionOptionsSchema.safeParse(request.options).success);
	});

	it('takes any device name through "Other", and the state as JSON text', async () => {
		const request = await openRequest({
			device: 'other',
			deviceName: 'Pixel 5',
			storageState: '{"cookies": [], "origins": []}',
		});
		assert.equal(request.options!.device, 'Pixel 5');
		assert.equal(request.options!.storageState, '{"cookies": [], "origins": []}');
		assert.ok(sessionOptionsSchema.safeParse(request.options).success);
	});

	it('says what is wrong with "Other" without a name, or with headers that are not JSON', async () => {
		await assert.rejects(
			openRequest({ device: 'other' }),
			/Device is "Other", but Device Name is empty/,
		);
		await assert.rejects(
			openRequest({ extraHTTPHeadersJson: '{ nope' }),
			/Extra HTTP Headers \(JSON\) is not valid JSON/,
		);
		await assert.rejects(openRequest({ extraHTTPHeadersJson: '["a"]' }), /not a list/);
	});
});

describe('Session → Open: stealth and HTTP Basic Auth', () => {
	it('passes Stealth on as a session option', async () => {
		assert.deepEqual((await openRequest({ stealth: true })).options, { stealth: true });
		assert.deepEqual((await openRequest({ stealth: false })).options, { stealth: false });
	});

	it('takes HTTP Basic Auth from the Site Login credential, into the environment, not the options', async () => {
		const request = await openRequest(
			{},
			{
				username: 'jane',
				password: 'Intr4net-Secret',
				httpBasicAuth: true,
				siteUrl: 'https://intranet.example.com/start',
			},
		);
		assert.deepEqual(request.options, {});
		assert.deepEqual(request.environment, {
			policy: { allowedDomains: ['intranet.example.com'] },
			httpCredentials: {
				username: 'jane',
				password: 'Intr4net-Secret',
				origin: 'https://intranet.example.com/start',
			},
		});
		assert.deepEqual((await openRequest({})).environment, {
			policy: { allowedDomains: ['intranet.example.com'] },
		});
	});

	it('says what is missing in the Site Login credential, never its password', async () => {
		const login = { username: 'jane', password: 'Intr4net-Secret' };
		// Without "Use for HTTP Basic Auth" the Site Login is ignored, as before Open used it at all:
		// saved workflows carry one on their Open node.
		assert.equal((await openRequest({}, login)).environment?.httpCredentials, undefined);
		for (const [broken, field] of [
			[{ ...login, httpBasicAuth: true, siteUrl: '' }, 'siteUrl'],
			[{ ...login, httpBasicAuth: true, siteUrl: 'intranet.example.com' }, 'siteUrl'],
			[
				{ ...login, username: '', httpBasicAuth: true, siteUrl: 'https://intranet.example.com' },
				'username',
			],
		] as const) {
			await assert.rejects(openRequest({}, broken), (error: any) => {
				assert.equal(error.code, 'INVALID_INPUT');
				assert.equal(error.field, field);
				assert.doesNotMatch(`${error.message} ${error.advice}`, /Intr4net/);
				return true;
			});
		}
	});
});
