import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { parseOrThrow } from '../validation';

/**
 * One-time codes for two-step logins: HOTP (RFC 4226) and TOTP (RFC 6238), the codes
 * authenticator apps show. The secret is what the site shows as text next to its QR code.
 * Neither the secret nor a code ever goes into an error message.
 */

export const TOTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type TotpAlgorithm = (typeof TOTP_ALGORITHMS)[number];

export const totpSettingsSchema = z.strictObject({
	/** Base32 as authenticator apps show it; spaces, dashes, lower case and `=` padding are fine. */
	secret: z.string().min(1, 'the TOTP secret is empty'),
	digits: z.number().int().min(6).max(8).default(6).describe('Length of a code: 6 (usual) or 8.'),
	periodSeconds: z
		.number()
		.int()
		.min(1)
		.max(600)
		.default(30)
		.describe('How long one code is valid; 30 s almost everywhere.'),
	algorithm: z.enum(TOTP_ALGORITHMS).default('SHA1').describe('HMAC hash; SHA1 almost everywhere.'),
});

export type TotpSettingsInput = z.input<typeof totpSettingsSchema>;
export type TotpSettings = z.output<typeof totpSettingsSchema>;

export interface TotpCode {
	code: string;
	/** Milliseconds until the code's time step ends (servers usually accept it a little longer). */
	validForMs: number;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Decodes RFC 4648 base32. Ignores spaces, dashes and trailing `=`, accepts lower case.
 * The error names the field and the position of a bad character, never the character itself.
 */
export function decodeBase32(text: string, field = 'totpSecret'): Buffer {
	const cleaned = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
	const advice =
		'Copy the secret again from the site’s two-step setup page (the text shown next to the QR code: letters A–Z and digits 2–7).';
	if (cleaned.length === 0) {
		throw new BrowserAgentError('INVALID_INPUT', 'The TOTP secret is empty.', { field, advice });
	}
	const bytes: number[] = [];
	let buffer = 0;
	let bits = 0;
	for (let position = 0; position < cleaned.length; position++) {
		const value = BASE32_ALPHABET.indexOf(cleaned[position]);
		if (value < 0) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`The TOTP secret is not base32: character ${position + 1} (spaces and dashes not counted) is not a letter A–Z or a digit 2–7.`,
				{
					field,
					advice,
				},
			);
		}
		buffer = (buffer << 5) | value;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			bytes.push((buffer >>> bits) & 0xff);
		}
		buffer &= (1 << bits) - 1;
	}
	if (bytes.length === 0) {
		throw new BrowserAgentError('INVALID_INPUT', 'The TOTP secret is too short to be a key.', {
			field,
			advice,
		});
	}
	return Buffer.from(bytes);
}

/** RFC 4226: the code for one counter value. */
export function hotp(
	key: Buffer,
	counter: number | bigint,
	digits = 6,
	algorithm: TotpAlgorithm = 'SHA1',
): string {
	const message = Buffer.alloc(8);
	message.writeBigUInt64BE(BigInt(counter));
	const mac = createHmac(algorithm.toLowerCase(), key).update(message).digest();
	// Dynamic truncation: the low nibble of the last byte picks where 31 bits are read.
	const offset = mac[mac.length - 1] & 0x0f;
	const binary = mac.readUInt32BE(offset) & 0x7fffffff;
	return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238: the code for a moment (Unix milliseconds), from a raw key. */
export function totpFromKey(
	key: Buffer,
	timeMs: number,
	settings: Omit<TotpSettings, 'secret'>,
): TotpCode {
	const periodMs = settings.periodSeconds * 1000;
	const step = Math.floor(timeMs / periodMs);
	return {
		code: hotp(key, step, settings.digits, settings.algorithm),
		validForMs: (step + 1) * periodMs - timeMs,
	};
}

/** The code an authenticator app would show at `timeMs` (default now). */
export function totp(input: TotpSettingsInput, timeMs = Date.now()): TotpCode {
	const settings = parseOrThrow(totpSettingsSchema, input, {
		subject: 'TOTP setting',
		advice: 'Check the TOTP settings of the Site Login credential.',
	});
	return totpFromKey(decodeBase32(settings.secret), timeMs, settings);
}

/**
 * The current code, but one that stays valid long enough to be typed and submitted: when fewer
 * than `minValidityMs` remain in its time step, waits for the next step's code instead.
 */
export async function freshTotp(
	input: TotpSettingsInput,
	options: { minValidityMs?: number; signal?: AbortSignal } = {},
): Promise<string> {
	const minValidityMs = options.minValidityMs ?? 3_000;
	const current = totp(input);
	if (current.validForMs >= minValidityMs) return current.code;
	await sleep(current.validForMs + 50, undefined, { signal: options.signal });
	return totp(input).code;
}
