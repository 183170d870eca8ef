import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { BrowserAgentApi } from '../../../../credentials/BrowserAgentApi.credentials';
import { MAX_BROWSER_IDLE_MS } from '../../../../lib';
import { sessionEnvironmentFromCredential } from '../../../../nodes/BrowserAgent/transport/sessionEnvironment';

describe('Browser Agent API credential → how long the browser stays up', () => {
	it('passes Keep Browser Up on in milliseconds; 0 or nothing leaves it to the n8n instance', () => {
		assert.equal(
			sessionEnvironmentFromCredential({ browserIdleMinutes: 15 }).browserIdleMs,
			15 * 60_000,
		);
		const credentials: Array<ICredentialDataDecryptedObject | undefined> = [
			undefined,
			{},
			{ browserIdleMinutes: 0 },
		];
		for (const credential of credentials) {
			assert.ok(
				!('browserIdleMs' in sessionEnvironmentFromCredential(credential)),
				JSON.stringify(credential),
			);
		}
	});

	it('offers the range the runner accepts, defaulting to the instance’s setting', () => {
		const field = new BrowserAgentApi().properties.find(
			(property) => property.name === 'browserIdleMinutes',
		);
		assert.ok(field, 'the field exists');
		assert.equal(field.type, 'number');
		assert.equal(field.default, 0);
		assert.deepEqual(field.typeOptions, { minValue: 0, maxValue: MAX_BROWSER_IDLE_MS / 60_000 });
		assert.match(field.description ?? '', /BROWSER_AGENT_BROWSER_IDLE_MS.*else 10 minutes\)/);
	});
});
