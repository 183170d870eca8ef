import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SecretValues } from '../../../lib/runner/secretValues';

describe('SecretValues: scrubbing by value', () => {
	it('removes every occurrence of a registered secret, longest first', () => {
		const secrets = new SecretValues();
		secrets.add('hunter2-long');
		secrets.add('hunter2');
		assert.equal(secrets.scrub('typed hunter2-long, then hunter2 into https://x/?p=hunter2'), 'typed [redacted], then [redacted] into https://x/?p=[redacted]');
	});

	it('ignores values too short to be secrets, so ordinary text survives', () => {
		const secrets = new SecretValues();
		secrets.add('ab');
		secrets.add('  ');
		assert.equal(secrets.size, 0);
		assert.equal(secrets.scrub('a tab of ab'), 'a tab of ab');
	});

	it('takes the secret strings inside objects, but keeps descriptive keys (cookie name, domain) readable', () => {
		const secrets = new SecretValues();
		secrets.add([{ name: 'session-cookie', value: 'c00kie-value', domain: 'portal.example.com', path: '/' }]);
		const scrubbed = secrets.scrubDeep({ cookies: [{ name: 'session-cookie', value: 'c00kie-value', domain: 'portal.example.com' }], note: 'sent c00kie-value' });
		assert.deepEqual(scrubbed, { cookies: [{ name: 'session-cookie', value: '[redacted]', domain: 'portal.example.com' }], note: 'sent [redacted]' });
	});

	it('registers credential-like header values and the bare token after Bearer', () => {
		const secrets = new SecretValues();
		secrets.addHeaders({ Authorization: 'Bearer tok-123456', 'X-Tenant': 'acme-public' });
		assert.equal(secrets.scrub('got tok-123456 for acme-public'), 'got [redacted] for acme-public');
		secrets.addHeaders({ 'X-Tenant': 'acme-public' }, true);
		assert.equal(secrets.scrub('acme-public'), '[redacted]');
	});

	it('leaves bytes and dates as they are', () => {
		const secrets = new SecretValues();
		secrets.add('secret-value');
		const bytes = Buffer.from('secret-value');
		const when = new Date(0);
		const scrubbed = secrets.scrubDeep({ bytes, when });
		assert.equal(scrubbed.bytes, bytes);
		assert.equal(scrubbed.when, when);
	});
});
