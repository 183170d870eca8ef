import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { BrowserAgentApi } from '../../credentials/BrowserAgentApi.credentials';
import { sharedQuotasFromCredential } from '../../nodes/BrowserAgent/transport/policySettings';
import { sessionEnvironmentFromCredential } from '../../nodes/BrowserAgent/transport/sessionEnvironment';

const { properties } = new BrowserAgentApi();

describe('Browser Agent API credential: Limit Sessions Across Workers', () => {
	it('is a described switch, off by default, right after Max Concurrent Sessions', () => {
		const names = properties.map((property) => property.name);
		const field = properties.find((property) => property.name === 'limitSessionsAcrossWorkers');
		assert.ok(field);
		assert.equal(field.type, 'boolean');
		assert.equal(field.default, false);
		assert.match(field.description ?? '', /^Whether .*QUEUE_BULL_REDIS_HOST.*QUOTA_UNAVAILABLE/);
		assert.equal(
			names.indexOf('limitSessionsAcrossWorkers'),
			names.indexOf('maxConcurrentSessions') + 1,
		);
	});

	it('counts across workers only when switched on and n8n runs in queue mode', () => {
		const previous = { ...process.env };
		try {
			process.env.EXECUTIONS_MODE = 'queue';
			process.env.QUEUE_BULL_REDIS_HOST = 'redis.internal';
			process.env.QUEUE_BULL_REDIS_PORT = '6390';
			delete process.env.QUEUE_BULL_REDIS_PASSWORD;
			// Saved before the field existed, or switched off: each process counts its own.
			const credentials: Array<ICredentialDataDecryptedObject | undefined> = [
				undefined,
				{},
				{ limitSessionsAcrossWorkers: false },
			];
			for (const credential of credentials) {
				assert.equal(sharedQuotasFromCredential(credential), undefined);
				assert.ok(!('sharedQuotas' in sessionEnvironmentFromCredential(credential, '1')));
			}
			const on = { limitSessionsAcrossWorkers: true, maxConcurrentSessions: 4 };
			const expected = { redis: { host: 'redis.internal', port: 6390, db: 0, tls: false } };
			assert.deepEqual(sharedQuotasFromCredential(on), expected);
			assert.deepEqual(sessionEnvironmentFromCredential(on, '1').sharedQuotas, expected);
			process.env.EXECUTIONS_MODE = 'regular';
			assert.equal(sharedQuotasFromCredential(on), undefined, 'one process counts exactly');
		} finally {
			for (const name of Object.keys(process.env))
				if (!(name in previous)) delete process.env[name];
			Object.assign(process.env, previous);
		}
	});
});
