import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeHelpers, type INodeProperties, type INodeParameters } from 'n8n-workflow';
import { BrowserAgentSiteLoginApi } from '../../credentials/BrowserAgentSiteLoginApi.credentials';
import { siteLoginFromCredential } from '../../nodes/BrowserAgent/transport/siteLogin';

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

	it('shows the code settings only when Custom Code Settings is on', () => {
		const names = (set: INodeParameters) => shown(withDefaults(set)).map(({ name }) => name);
		assert.deepEqual(names({}), ['username', 'password', 'totpSecret', 'totpCustomSettings']);
		assert.deepEqual(names({ totpCustomSettings: true }), [
			'username',
			'password',
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
