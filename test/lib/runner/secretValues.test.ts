import { describe, it } from 'node:test';
import { encodedForms } from '../../helpers/secretForms';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { REDACTED, SecretValues } from '../../../lib/runner/secretValues';

describe('SecretValues: scrubbing by value', () => {
	it('removes every occurrence of a registered secret, longest first', () => {
		const secrets = new SecretValues();
		secrets.add('hunter2-long');
		secrets.add('hunter2');
		assert.equal(
			secrets.scrub('typed hunter2-long, then hunter2 into https://x/?p=hunter2'),
			'typed [redacted], then [redacted] into https://x/?p=[redacted]',
		);
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
		secrets.add([
			{ name: 'session-cookie', value: 'c00kie-value', domain: 'portal.example.com', path: '/' },
		]);
		const scrubbed = secrets.scrubDeep({
			cookies: [{ name: 'session-cookie', value: 'c00kie-value', domain: 'portal.example.com' }],
			note: 'sent c00kie-value',
		});
		assert.deepEqual(scrubbed, {
			cookies: [{ name: 'session-cookie', value: '[redacted]', domain: 'portal.example.com' }],
			note: 'sent [redacted]',
		});
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

	describe('encoded forms', () => {
		const password = `a+b/c&d e%"<'>`;
		const secrets = new SecretValues();
		secrets.add(password);
		const html = (map: Record<string, string>) =>
			password.replace(/[&<>"']/g, (character) => map[character]);
		const bytes = Buffer.from(password);
		const forms: Record<string, string> = {
			...encodedForms(password),
			'HTML named entities with &apos;': html({
				'&': '&amp;',
				'<': '&lt;',
				'>': '&gt;',
				'"': '&quot;',
				"'": '&apos;',
			}),
			'JSON inside JSON': JSON.stringify(JSON.stringify(password).slice(1, -1)).slice(1, -1),
			'JSON with \\u escapes (Go style)': JSON.stringify(password)
				.slice(1, -1)
				.replace(/[&<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
			// Layers: a URL in another URL's query, JSON in a URL, HTML of a URL, base64 in a query, Chromium's re-encoding.
			'percent-encoded twice': encodeURIComponent(encodeURIComponent(password)),
			'JSON in a URL': encodeURIComponent(JSON.stringify(password).slice(1, -1)),
			'HTML of HTML': html({
				'&': '&amp;amp;',
				'<': '&amp;lt;',
				'>': '&amp;gt;',
				'"': '&amp;quot;',
				"'": '&amp;#39;',
			}),
			'base64 in a query': encodeURIComponent(bytes.toString('base64')),
			'encodeURI as Chromium re-encodes a query': encodeURI(password).replace(/'/g, '%27'),
		};
		for (const [name, form] of Object.entries(forms)) {
			it(`removes the ${name} form`, () => {
				const scrubbed = secrets.scrub(`before ${form} after`);
				assert.ok(
					scrubbed.startsWith(`before ${REDACTED}`) && scrubbed.endsWith(' after'),
					`${JSON.stringify(form)} → ${JSON.stringify(scrubbed)}`,
				);
				// Whatever is left over is padding (maybe percent-encoded), never a piece of the secret.
				assert.match(scrubbed, /^before \[redacted\](?:=|%3D)* after$/);
			});
		}

		it('removes the base64 of the secret inside a longer base64 text at every byte offset (Basic auth)', () => {
			for (const prefix of ['', 'u', 'us', 'user:', 'admin:']) {
				for (const suffix of ['', 'x', 'xy', '&next=1']) {
					for (const alphabet of ['base64', 'base64url'] as const) {
						const encoded = Buffer.from(`${prefix}${password}${suffix}`).toString(alphabet);
						const scrubbed = secrets.scrub(encoded);
						assert.ok(scrubbed.includes(REDACTED), `${prefix}|${suffix} ${alphabet}: ${scrubbed}`);
						// At most two characters each side hold bits of the secret and of its neighbours.
						const kept = scrubbed.replace(REDACTED, '').replace(/=+$/, '').length;
						assert.ok(
							kept <= Buffer.from(prefix + suffix).toString('base64').length + 4,
							`${prefix}|${suffix}: ${scrubbed}`,
						);
					}
				}
			}
		});

		it('matches only the secret: other text, a different character or a short secret’s forms stay', () => {
			assert.equal(secrets.scrub(`a+b/c&d e%"<'!`), `a+b/c&d e%"<'!`);
			assert.equal(
				secrets.scrub(encodeURIComponent(`a+b/c&d e%"<'!`)),
				encodeURIComponent(`a+b/c&d e%"<'!`),
			);
			assert.equal(
				secrets.scrub('a%2Bb%2Fc%26d%20e%25%22%3C%27%3F'),
				'a%2Bb%2Fc%26d%20e%25%22%3C%27%3F',
			);
			const short = new SecretValues();
			short.add('a&b');
			assert.equal(short.size, 0);
			assert.equal(short.scrub('a%26b a&amp;b YSZi'), 'a%26b a&amp;b YSZi');
		});

		it('leaves long base64 data (an image) alone: offset forms are only used when long enough not to match by chance', () => {
			const four = new SecretValues();
			four.add('pa$s');
			// Deterministic "random" bytes, so the test cannot flake.
			let block = Buffer.from('seed');
			const chunks: Buffer[] = [];
			for (let index = 0; index < 20_000; index++)
				chunks.push((block = createHash('sha256').update(block).digest()));
			const image = Buffer.concat(chunks).toString('base64');
			assert.equal(four.scrub(image), image);
			// Its own base64 is still found; at an offset inside longer base64, only 4–5 characters hold
			// just its bits, which is too short to tell from chance (the documented limit).
			assert.equal(
				four.scrub(`x ${Buffer.from('pa$s').toString('base64')} y`),
				`x ${REDACTED}== y`,
			);
			const embedded = Buffer.from('u:pa$s!').toString('base64');
			assert.equal(four.scrub(embedded), embedded);
		});

		it('a secret with plain runs is skipped cheaply when absent, and still found in every form when present', () => {
			const anchored = new SecretValues();
			anchored.add('Engine#1843-Bernoulli');
			const secret = 'Engine#1843-Bernoulli';
			for (const form of [
				secret,
				encodeURIComponent(secret),
				Buffer.from(`u:${secret}`).toString('base64'),
				Buffer.from(secret).toString('base64url'),
			]) {
				assert.ok(anchored.scrub(`<${form}>`).includes(REDACTED), form);
			}
			assert.equal(anchored.scrub('Engine#1843 and Bernoulli'), 'Engine#1843 and Bernoulli');
		});

		it('removes a longer secret whole before a shorter one it contains, in any encoding', () => {
			const nested = new SecretValues();
			nested.add('p&ss');
			nested.add('my p&ss word');
			assert.equal(
				nested.scrub(`q=${encodeURIComponent('my p&ss word')}&r=${encodeURIComponent('p&ss')}`),
				`q=${REDACTED}&r=${REDACTED}`,
			);
		});
	});
});
