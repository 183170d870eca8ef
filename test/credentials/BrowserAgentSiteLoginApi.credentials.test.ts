import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeHelpers, type INodeProperties, type INodeParameters } from 'n8n-workflow';
import { BrowserAgentSiteLoginApi } from '../../credentials/BrowserAgentSiteLoginApi.credentials';
import type { ICredentialTestFunctions } from 'n8n-workflow';
import {
	browserAgentSiteLoginTest,
	siteLoginFromCredential,
} from '../../nodes/BrowserAgent/transport/siteLogin';

const { properties } = new BrowserAgentSiteLoginApi();

/** The fields n8n's credential form shows for these values (its own display rules). */
function shown(values: INodeParameters): INodeProperties[] {
	return properties.filter((property) =>
		NodeHelpers.displayParameter(values, property, null, null),
	);
}

/** The form's values: each field's default, then what the user set. */
function withDefaults(set: INodeParameters = {}): INodeParameters {
	return {
		...Object.fromEntries(properties.map((property) => [property.name, property.default])),
		...set,
	};
}

describe('Browser Agent Site Login credential form', () => {
	it('keeps the stored property names and types', () => {
		const types = Object.fromEntries(properties.map((property) => [property.name, property.type]));
		assert.deepEqual(
			{
				username: types.username,
				password: types.password,
				totpSecret: types.totpSecret,
				totpSettings: types.totpSettings,
			},
			{ username: 'string', password: 'string', totpSecret: 'string', totpSettings: 'collection' },
		);
	});

	it('shows no collection (n8n’s credential form renders only its heading), whatever is set', () => {
		for (const totpCustomSettings of [false, true]) {
			const visible = shown(withDefaults({ totpCustomSettings, totpSecret: 'JBSWY3DPEHPK3PXP' }));
			assert.deepEqual(
				visible.filter((property) => ['collection', 'fixedCollection'].includes(property.type)),
				[],
			);
		}
	});

	it('asks for the Site URL only when the login is used for HTTP Basic Auth', () => {
		const names = (set: INodeParameters) => shown(withDefaults(set)).map(({ name }) => name);
		assert.ok(!names({}).includes('siteUrl'));
		assert.deepEqual(names({ httpBasicAuth: true }).slice(0, 4), [
			'username',
			'password',
			'httpBasicAuth',
			'siteUrl',
		]);
		const siteUrl = properties.find(({ name }) => name === 'siteUrl')!;
		assert.equal(siteUrl.required, true);
	});

	it('shows the code settings only when Custom Code Settings is on', () => {
		const names = (set: INodeParameters) => shown(withDefaults(set)).map(({ name }) => name);
		assert.deepEqual(names({}), [
			'username',
			'password',
			'httpBasicAuth',
			'totpSecret',
			'totpCustomSettings',
		]);
		assert.deepEqual(names({ totpCustomSettings: true }), [
			'username',
			'password',
			'httpBasicAuth',
			'totpSecret',
			'totpCustomSettings',
			'totpAlgorithm',
			'totpDigits',
			'totpPeriodSeconds',
		]);
	});

	it('explains every field it shows: a description, and a hint or placeholder', () => {
		for (const property of shown(withDefaults({ totpCustomSettings: true }))) {
			assert.ok(property.description, `${property.name} has a description`);
			if (property.type === 'string' || property.type === 'number')
				assert.ok(
					property.hint || property.placeholder,
					`${property.name} has a hint or placeholder`,
				);
			if (property.type === 'boolean') assert.ok(property.hint, `${property.name} has a hint`);
		}
	});

	it('makes codes with the form’s settings, and still with the older collection’s', () => {
		const secret = 'JBSWY3DPEHPK3PXP';
		assert.deepEqual(
			siteLoginFromCredential({
				totpSecret: secret,
				totpCustomSettings: true,
				totpAlgorithm: 'SHA256',
				totpDigits: 8,
				totpPeriodSeconds: 60,
			}).totp,
			{ secret, algorithm: 'SHA256', digits: 8, periodSeconds: 60 },
		);
		assert.deepEqual(
			siteLoginFromCredential({
				totpSecret: secret,
				totpSettings: { digits: 8, periodSeconds: 45 },
			}).totp,
			{ secret, digits: 8, periodSeconds: 45 },
		);
		assert.deepEqual(siteLoginFromCredential({ totpSecret: secret }).totp, { secret });
	});
});

describe('Browser Agent Site Login credential test', () => {
	const test = (data: Record<string, unknown>) =>
		browserAgentSiteLoginTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'Intranet',
			type: 'browserAgentSiteLogin',
			data: data as never,
		});

	it('says where HTTP Basic Auth goes, and what is missing for it, never the password', async () => {
		const login = { username: 'jane', password: 'Intr4net-Secret', httpBasicAuth: true };
		const ok = await test({ ...login, siteUrl: 'https://intranet.example.com/start' });
		assert.equal(ok.status, 'OK');
		assert.equal(
			ok.message,
			'Login saved; HTTP Basic Auth is sent to https://intranet.example.com only.',
		);
		const noSite = await test({ ...login, siteUrl: 'intranet' });
		assert.equal(noSite.status, 'Error');
		assert.match(noSite.message, /Site URL/);
		assert.doesNotMatch(noSite.message, /Intr4net/);
		assert.equal((await test({ ...login, httpBasicAuth: false })).message, 'Login saved.');
	});
});
