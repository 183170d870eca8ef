import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright';
import { z } from 'zod';
import { BrowserAgentError } from '../../errors';
import { DATA_DIR_ENV, dataDirectory, writePrivateFile } from '../../dataDir';

/**
 * Shared by the Storage actions and Session → Open: Playwright's storage state (cookies plus
 * localStorage per origin), how to read it from item JSON, how to restore it into a running
 * session, and named profiles on disk.
 */

/** Accepts a value or the same value as a JSON string (n8n expressions and pasted text give either). */
export function jsonOrValue<Schema extends z.ZodType>(schema: Schema, what: string) {
	return z.preprocess((value, context) => {
		if (typeof value !== 'string') return value;
		try {
			return JSON.parse(value);
		} catch {
			context.addIssue({
				code: 'custom',
				message: `not valid JSON; give ${what} as an object or a JSON text`,
			});
			return z.NEVER;
		}
	}, schema);
}

const sameSite = z.enum(['Strict', 'Lax', 'None'], {
	error: 'sameSite must be Strict, Lax or None',
});

/** A cookie as Playwright's storage state holds it. Unknown keys are dropped, so newer exports still load. */
export const storedCookieSchema = z.object({
	name: z.string().min(1, 'a cookie needs a name'),
	value: z.string(),
	domain: z.string().min(1, 'a cookie needs a domain'),
	path: z.string().min(1).default('/'),
	expires: z.number().default(-1),
	httpOnly: z.boolean().default(false),
	secure: z.boolean().default(false),
	sameSite: sameSite.default('Lax'),
	partitionKey: z.string().optional(),
});

const originSchema = z.object({
	origin: z
		.string()
		.refine(
			(value) => isWebOrigin(value),
			'must be a web origin like https://example.com (scheme, host and port only)',
		),
	localStorage: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
});

const storageStateObject = z.object({
	cookies: z.array(storedCookieSchema).default([]),
	origins: z.array(originSchema).default([]),
});

export type StorageState = z.output<typeof storageStateObject>;

/**
 * Playwright storage state as an object or a JSON string. The whole output item of Export State
 * (`{ storageState: {...}, ... }`) is accepted too, so `{{ $json }}` works as well as `{{ $json.storageState }}`.
 */
export const storageStateSchema = jsonOrValue(
	z.preprocess((value) => {
		if (
			value &&
			typeof value === 'object' &&
			!('cookies' in value) &&
			!('origins' in value) &&
			'storageState' in value
		) {
			return (value as { storageState: unknown }).storageState;
		}
		return value;
	}, storageStateObject),
	'the storage state (what Export State produced)',
);

function isWebOrigin(value: string): boolean {
	try {
		const url = new URL(value);
		return (
			(url.protocol === 'http:' || url.protocol === 'https:') &&
			url.origin === value.replace(/\/$/, '')
		);
	} catch {
		return false;
	}
}

/** The page every origin is "visited" with while its localStorage is restored; nothing is fetched. */
const BLANK_DOCUMENT = '<!doctype html><html><head><title></title></head><body></body></html>';

/**
 * Adds the state's cookies to the context and writes each origin's saved localStorage entries
 * (keeping other keys the origin already has).
 *
 * localStorage can only be written from a document of its origin. So a temporary tab opens each
 * origin with every request answered locally by an empty page (no request reaches the site, so it
 * works for sites that are slow, down or behind a proxy, and has no side effects there), writes the
 * values and closes. Unlike an init script, this writes once and is done: a site that later clears
 * its storage (a logout) is not "logged back in" on the next page load, and nothing extra is left
 * in the site's storage. The session's current tab and page stay as they were.
 */
export async function restoreStorageState(
	context: BrowserContext,
	state: StorageState,
	timeoutMs: number,
): Promise<void> {
	if (state.cookies.length) await context.addCookies(state.cookies);
	const origins = state.origins.filter((origin) => origin.localStorage.length > 0);
	if (!origins.length) return;
	const page = await context.newPage();
	try {
		await page.route('**/*', (route) =>
			route
				.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: BLANK_DOCUMENT })
				.catch(() => undefined),
		);
		for (const { origin, localStorage } of origins) {
			await page.goto(`${origin.replace(/\/$/, '')}/`, {
				waitUntil: 'domcontentloaded',
				timeout: timeoutMs,
			});
			await page.evaluate(
				(entries) => {
					for (const entry of entries) window.localStorage.setItem(entry.name, entry.value);
				},
				localStorage.map(({ name, value }) => ({ name, value })),
			);
		}
	} finally {
		await page.close().catch(() => undefined);
	}
}

// ---- named profiles on disk ----

export { DATA_DIR_ENV, dataDirectory };

export const profileNameSchema = z
	.string()
	.trim()
	.min(1, 'a profile name is required, e.g. acme-admin')
	.max(100, 'a profile name has at most 100 characters')
	.regex(
		/^[A-Za-z0-9_-]+$/,
		'a profile name may only contain letters, digits, - and _ (e.g. acme-admin)',
	)
	.describe('Name of a saved login profile: letters, digits, - and _ only.');

/** The file of a named profile. The name is checked again here: it becomes part of a path. */
export function profilePath(name: string, env: NodeJS.ProcessEnv = process.env): string {
	const parsed = profileNameSchema.safeParse(name);
	if (!parsed.success) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`Invalid profile name: ${parsed.error.issues[0].message}.`,
			{
				field: 'profile',
				advice: 'Use letters, digits, - and _ only, e.g. acme-admin.',
			},
		);
	}
	return join(dataDirectory(env), 'profiles', `${parsed.data}.json`);
}

/** Saves a storage state as a Playwright storage-state file readable only by this user (mode 0600). */
export async function saveProfile(
	name: string,
	state: StorageState,
	env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
	const path = profilePath(name, env);
	const folder = join(dataDirectory(env), 'profiles');
	try {
		await writePrivateFile(path, JSON.stringify(state, null, 2));
	} catch (error) {
		throw new BrowserAgentError(
			'ACTION_FAILED',
			`Could not save the profile "${name}" in ${folder}: ${errorText(error)}`,
			{
				field: 'profile',
				advice: `Check that n8n may write to ${folder}, or set ${DATA_DIR_ENV} to a writable folder.`,
				cause: error,
			},
		);
	}
	return path;
}

export async function loadProfile(
	name: string,
	env: NodeJS.ProcessEnv = process.env,
): Promise<StorageState> {
	const path = profilePath(name, env);
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
		throw new BrowserAgentError(
			missing ? 'INVALID_INPUT' : 'ACTION_FAILED',
			missing
				? `There is no saved profile "${name}" (looked for ${path}).`
				: `Could not read the profile "${name}": ${errorText(error)}`,
			{
				field: 'profile',
				advice: missing
					? 'Save it first with Storage → Export State and "Save to Profile", on this n8n instance (profiles are files on the n8n machine).'
					: `Check the permissions of ${path}.`,
				cause: error,
			},
		);
	}
	const parsed = storageStateSchema.safeParse(text);
	if (!parsed.success) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The profile "${name}" is not a valid storage state (${path}).`,
			{
				field: 'profile',
				advice: 'Save the profile again with Storage → Export State.',
			},
		);
	}
	return parsed.data;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** How many cookies and origins a state holds, for output items. */
export function describeState(state: StorageState): { cookieCount: number; originCount: number } {
	return { cookieCount: state.cookies.length, originCount: state.origins.length };
}
