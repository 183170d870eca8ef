import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isBrowserAgentError } from '../../../lib';
import {
	decodeBase32,
	freshTotp,
	hotp,
	totp,
	totpFromKey,
	type TotpAlgorithm,
} from '../../../lib/secrets/totp';

/** RFC 6238 Appendix B seeds: the ASCII digits repeated to the hash's block of key length. */
const SEEDS: Record<TotpAlgorithm, Buffer> = {
	SHA1: Buffer.from('12345678901234567890'),
	SHA256: Buffer.from('12345678901234567890123456789012'),
	SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

/** RFC 6238 Appendix B: time (s), algorithm, 8-digit code. */
const RFC6238_VECTORS: Array<[number, TotpAlgorithm, string]> = [
	[59, 'SHA1', '94287082'],
	[59, 'SHA256', '46119246'],
	[59, 'SHA512', '90693936'],
	[1111111109, 'SHA1', '07081804'],
	[1111111109, 'SHA256', '68084774'],
	[1111111109, 'SHA512', '25091201'],
	[1111111111, 'SHA1', '14050471'],
	[1111111111, 'SHA256', '67062674'],
	[1111111111, 'SHA512', '99943326'],
	[1234567890, 'SHA1', '89005924'],
	[1234567890, 'SHA256', '91819424'],
	[1234567890, 'SHA512', '93441116'],
	[2000000000, 'SHA1', '69279037'],
	[2000000000, 'SHA256', '90698825'],
	[2000000000, 'SHA512', '38618901'],
	[20000000000, 'SHA1', '65353130'],
	[20000000000, 'SHA256', '77737706'],
	[20000000000, 'SHA512', '47863826'],
];

/** RFC 4226 Appendix D: counter 0…9 with the SHA1 seed, 6 digits. */
const RFC4226_CODES = [
	'755224',
	'287082',
	'359152',
	'969429',
	'338314',
	'254676',
	'287922',
	'162583',
	'399871',
	'520489',
];

/** RFC 4648 base32, so the vectors can also go through the text form a builder pastes. */
function toBase32(bytes: Buffer): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
	let text = '';
	for (let index = 0; index < bits.length; index += 5)
		text += alphabet[parseInt(bits.slice(index, index + 5).padEnd(5, '0'), 2)];
	return text;
}

function invalidInput(field: string, message: RegExp) {
	return (error: unknown) => {
		assert.ok(isBrowserAgentError(error), `expected a BrowserAgentError, got ${String(error)}`);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, field);
		assert.match(error.message, message);
		return true;
	};
}

describe('TOTP (RFC 6238) and HOTP (RFC 4226)', () => {
	it('computes the RFC 4226 HOTP test values', () => {
		RFC4226_CODES.forEach((code, counter) =>
			assert.equal(hotp(SEEDS.SHA1, counter), code, `counter ${counter}`),
		);
	});

	it('computes every RFC 6238 test vector from the raw seed', () => {
		for (const [seconds, algorithm, code] of RFC6238_VECTORS) {
			assert.equal(
				totpFromKey(SEEDS[algorithm], seconds * 1000, { digits: 8, periodSeconds: 30, algorithm })
					.code,
				code,
				`${algorithm} at ${seconds}`,
			);
		}
	});

	it('computes every RFC 6238 test vector from the base32 text, written as apps show it', () => {
		for (const [seconds, algorithm, code] of RFC6238_VECTORS) {
			const grouped = toBase32(SEEDS[algorithm])
				.toLowerCase()
				.replace(/(.{4})/g, '$1 ');
			assert.equal(
				totp({ secret: grouped, digits: 8, algorithm }, seconds * 1000).code,
				code,
				`${algorithm} at ${seconds}`,
			);
		}
	});

	it('uses 6 digits, 30 s and SHA1 by default, and says how long the code stays valid', () => {
		const secret = toBase32(SEEDS.SHA1);
		assert.deepEqual(totp({ secret }, 59_000), { code: '287082', validForMs: 1_000 });
		assert.deepEqual(totp({ secret }, 60_000), { code: '359152', validForMs: 30_000 });
		assert.equal(totp({ secret, periodSeconds: 60 }, 59_000).code, '755224');
	});

	it('decodes base32 with padding, dashes and lower case', () => {
		assert.equal(decodeBase32('MZXW6YTBOI======').toString(), 'foobar');
		assert.equal(decodeBase32('mzxw-6ytb oi').toString(), 'foobar');
	});

	it('rejects a secret that is not base32, naming the field and the position but not the secret', () => {
		assert.throws(
			() => decodeBase32('GEZD GN1V'),
			invalidInput('totpSecret', /character 7 .*not a letter A–Z or a digit 2–7/),
		);
		assert.throws(() => totp({ secret: 'ABCD0EFG' }), invalidInput('totpSecret', /character 5/));
		assert.throws(() => totp({ secret: '  ' }), invalidInput('totpSecret', /empty/));
		assert.throws(() => totp({ secret: 'A' }), invalidInput('totpSecret', /too short/));
		assert.throws(
			() => decodeBase32('SECRETVALUE1'),
			(error: Error) => !/SECRETVALUE/i.test(`${error.message} ${JSON.stringify(error)}`),
		);
	});

	it('rejects impossible settings with INVALID_INPUT naming the setting', () => {
		const secret = toBase32(SEEDS.SHA1);
		assert.throws(() => totp({ secret, digits: 4 }), invalidInput('digits', /digits/));
		assert.throws(
			() => totp({ secret, periodSeconds: 0 }),
			invalidInput('periodSeconds', /periodSeconds/),
		);
		assert.throws(
			() => totp({ secret, algorithm: 'MD5' as TotpAlgorithm }),
			invalidInput('algorithm', /algorithm/),
		);
	});

	it('gives a code that stays valid for at least the asked time', async () => {
		const secret = toBase32(SEEDS.SHA1);
		// A 1 s period is always within 3 s of its end: the code must come from after the wait.
		const before = Date.now();
		const code = await freshTotp({ secret, periodSeconds: 1 }, { minValidityMs: 800 });
		const possible = [0, 1, 2, 3].map(
			(ahead) => totp({ secret, periodSeconds: 1 }, before + ahead * 1000).code,
		);
		assert.ok(possible.includes(code));
		// With the usual 30 s period and no minimum, the current code comes at once.
		assert.equal(await freshTotp({ secret }, { minValidityMs: 0 }), totp({ secret }).code);
	});
});
