import { devices, type BrowserContext, type BrowserContextOptions } from 'playwright';
import { z } from 'zod';
import { storeKey } from '../actions/action';
import { BLOCKABLE_TYPES } from '../actions/support/network';
import { storageStateSchema } from '../actions/support/storageState';

/** Permissions a session can grant its pages (Chromium's names, as Playwright takes them). */
export const SESSION_PERMISSIONS = [
	'geolocation',
	'notifications',
	'clipboard-read',
	'clipboard-write',
	'camera',
	'microphone',
	'midi',
	'midi-sysex',
	'background-sync',
	'accelerometer',
	'gyroscope',
	'magnetometer',
	'ambient-light-sensor',
	'payment-handler',
	'storage-access',
	'local-fonts',
	'local-network-access',
	'screen-wake-lock',
] as const;

/** Request types a session can refuse to load: the same list as Network → Block Requests. */
export const BLOCKABLE_RESOURCE_TYPES = BLOCKABLE_TYPES;

/** Playwright's device presets by name, e.g. "iPhone 13" or "Desktop Chrome" (letter case is forgiven). */
const deviceName = z
	.string()
	.trim()
	.min(1)
	.transform((name, context) => {
		if (Object.hasOwn(devices, name)) return name;
		const sameLetters = Object.keys(devices).find(
			(known) => known.toLowerCase() === name.toLowerCase(),
		);
		if (sameLetters) return sameLetters;
		const words = name.toLowerCase().split(/\s+/);
		const similar = Object.keys(devices)
			.filter(
				(known) =>
					!known.includes('landscape') &&
					words.some((word) => word.length > 2 && known.toLowerCase().includes(word)),
			)
			.slice(0, 5);
		context.addIssue({
			code: 'custom',
			message: `unknown device "${name}"; use a name from Playwright's device list${similar.length ? `, e.g. ${similar.map((known) => `"${known}"`).join(', ')}` : ', e.g. "iPhone 13", "Pixel 7" or "Desktop Chrome"'}`,
		});
		return z.NEVER;
	});

/**
 * A proxy address: scheme://host:port (http, https, socks4, socks5) or host:port. Credentials have
 * their own fields, so they never travel inside an address that could be shown somewhere.
 */
function isProxyServer(value: string): boolean {
	if (!value.includes('://')) return /^(\[[0-9a-fA-F:.]+\]|[\w.-]+)(:\d{1,5})?$/.test(value);
	try {
		const url = new URL(value);
		return (
			['http:', 'https:', 'socks4:', 'socks5:'].includes(url.protocol) &&
			!url.username &&
			!url.password &&
			!!url.hostname
		);
	} catch {
		return false;
	}
}

/** How a session's browser context is set up, and how long it may live. */
export const sessionOptionsSchema = z.strictObject({
	viewport: z
		.strictObject({
			width: z.number().int().min(100).max(8_000),
			height: z.number().int().min(100).max(8_000),
		})
		.optional()
		.describe(
			'Size of the page area in CSS pixels. Default: the device preset’s, else 1280 × 800.',
		),
	device: deviceName
		.optional()
		.describe(
			'Playwright device preset to emulate (user agent, viewport, screen, pixel ratio, touch, mobile), e.g. "iPhone 13" or "Desktop Chrome". Explicit viewport and user agent win over it.',
		),
	userAgent: z.string().trim().min(1).max(1_000).optional(),
	locale: z.string().trim().min(2).max(35).optional().describe('e.g. en-US, de-DE, zh-CN'),
	timezoneId: z
		.string()
		.trim()
		.min(1)
		.max(64)
		.optional()
		.describe('IANA time zone, e.g. Europe/Berlin'),
	headless: z
		.boolean()
		.optional()
		.describe(
			'Run without a visible window (needed on servers). Default: as the browser connection says (headless).',
		),
	extraHTTPHeaders: z.record(z.string(), z.string()).optional(),
	geolocation: z
		.strictObject({
			latitude: z
				.number()
				.min(-90, 'latitude is between -90 and 90')
				.max(90, 'latitude is between -90 and 90'),
			longitude: z
				.number()
				.min(-180, 'longitude is between -180 and 180')
				.max(180, 'longitude is between -180 and 180'),
			accuracy: z.number().min(0, 'accuracy is a distance in metres, 0 or more').optional(),
		})
		.optional()
		.describe(
			'Position the pages see through navigator.geolocation; the geolocation permission is granted with it.',
		),
	permissions: z
		.array(
			z.enum(SESSION_PERMISSIONS, {
				error: `unknown permission; use ${SESSION_PERMISSIONS.join(', ')}`,
			}),
		)
		.optional()
		.describe('Browser permissions granted to every site without asking.'),
	colorScheme: z
		.enum(['light', 'dark', 'no-preference'], {
			error: 'colour scheme must be light, dark or no-preference',
		})
		.optional()
		.describe('What prefers-color-scheme media queries see.'),
	proxy: z
		.strictObject({
			server: z
				.string()
				.trim()
				.min(1, 'a proxy server is required, e.g. http://proxy.example.com:3128')
				.refine(
					isProxyServer,
					'use an address like http://proxy.example.com:3128, socks5://127.0.0.1:1080 or proxy.example.com:3128, with the user name and password in their own fields',
				),
			bypass: z
				.string()
				.trim()
				.optional()
				.describe('Comma-separated hosts that skip the proxy, e.g. .example.com, localhost'),
			username: z.string().optional(),
			password: z.string().optional(),
		})
		.refine((proxy) => !proxy.password || !!proxy.username, {
			message: 'a proxy password needs a user name',
			path: ['username'],
		})
		.optional()
		.describe('Send the session’s traffic through this proxy.'),
	ignoreHTTPSErrors: z
		.boolean()
		.optional()
		.describe('Open sites with invalid or self-signed certificates.'),
	blockResourceTypes: z
		.array(
			z.enum(BLOCKABLE_RESOURCE_TYPES, {
				error: `unknown resource type; use ${BLOCKABLE_RESOURCE_TYPES.join(', ')}`,
			}),
		)
		.optional()
		.describe(
			'Request types the session refuses to load (e.g. image, font, media), to save time and bandwidth.',
		),
	storageState: storageStateSchema
		.optional()
		.describe(
			'Playwright storage state (cookies and localStorage per origin) to start with, e.g. from Storage → Export State.',
		),
	screenshotOnFailure: z
		.boolean()
		.default(true)
		.describe(
			'Take a screenshot of the page when an action fails: kept in the audit trail and returned with the error.',
		),
	failFastOnBlankPage: z
		.boolean()
		.default(false)
		.describe(
			'Let an element action on a tab that never opened a page (an empty about:blank) give up after 250 ms instead of waiting its whole timeout: for someone building a flow step by step (the n8n node turns it on in manual runs). Off, the action waits as usual, since a popup still loading or a script may yet fill the tab; either way the error says the page was blank.',
		),
	stealth: z
		.boolean()
		.default(false)
		.describe(
			'Hide the plainest signs of an automated headless browser from pages: navigator.webdriver is false, the user agent says Chrome instead of HeadlessChrome (unless a user agent or device is set), and window.outerWidth/outerHeight match the window. Only this session changes. It does not defeat serious bot detection (WebGL renderer, fonts, TLS and timing fingerprints stay those of a headless browser).',
		),
	keepLoginAcrossWaits: z
		.boolean()
		.default(false)
		.describe(
			'When the execution is parked by a long wait and resumes in another process, open the session there again with its cookies, site storage and page. The login is kept encrypted in the data folder until then.',
		),
	recordTrace: z
		.boolean()
		.default(false)
		.describe(
			'Record a Playwright trace of the session (a screenshot and DOM snapshot of every action) for the trace viewer.',
		),
	idleTimeoutMs: z
		.number()
		.int()
		.min(100)
		.max(24 * 3_600_000)
		.default(5 * 60_000)
		.describe('Close the session after this long without an action.'),
	totalTimeoutMs: z
		.number()
		.int()
		.min(100)
		.max(7 * 24 * 3_600_000)
		.default(30 * 60_000)
		.describe('Close the session this long after it opened, whatever it is doing.'),
});

export type SessionOptions = z.output<typeof sessionOptionsSchema>;

/** An origin with a scheme browsers send HTTP authentication to, from a site address. */
const httpOrigin = z
	.string()
	.trim()
	.min(1, 'the site’s address is required, e.g. https://intranet.example.com')
	.transform((address, context) => {
		try {
			const url = new URL(address);
			if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
		} catch {
			// Reported below.
		}
		context.addIssue({
			code: 'custom',
			message: 'use the site’s address with http:// or https://, e.g. https://intranet.example.com',
		});
		return z.NEVER;
	});

/**
 * HTTP authentication (Basic or Digest: the browser's own sign-in dialog) for one site. The
 * browser answers the site's 401 challenge with these, and only for requests to `origin`
 * (scheme, host and port of the address given), so the password never reaches another host.
 * What whoever runs the runner holds as a secret (for n8n: a Site Login credential), never a
 * flow parameter: see SessionEnvironment.httpCredentials.
 */
export const httpCredentialsSchema = z.strictObject({
	username: z.string().min(1, 'HTTP authentication needs a user name'),
	password: z.string(),
	origin: httpOrigin.describe(
		'The site the credentials are for; any address of it works, only its scheme, host and port count.',
	),
});

export type HttpCredentials = z.output<typeof httpCredentialsSchema>;
export type HttpCredentialsInput = z.input<typeof httpCredentialsSchema>;
export type SessionOptionsInput = z.input<typeof sessionOptionsSchema>;

export const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

/**
 * The options of `browser.newContext` for a session: the device preset first, then what was set
 * explicitly. Storage state and blocked requests are not here: they are applied to the context
 * after it is made (see Session.open), so the spare context prepared for the next session with the
 * same options never holds anyone's login.
 */
export function contextOptionsFor(options: SessionOptions): BrowserContextOptions {
	const { defaultBrowserType: _browser, ...preset } = options.device
		? devices[options.device]
		: ({} as Partial<(typeof devices)[string]>);
	const permissions = [
		...new Set([...(options.permissions ?? []), ...(options.geolocation ? ['geolocation'] : [])]),
	];
	return {
		...preset,
		viewport: options.viewport ?? preset.viewport ?? DEFAULT_VIEWPORT,
		userAgent: options.userAgent ?? preset.userAgent,
		locale: options.locale,
		timezoneId: options.timezoneId,
		extraHTTPHeaders: options.extraHTTPHeaders,
		acceptDownloads: true,
		...(options.geolocation && { geolocation: options.geolocation }),
		...(permissions.length && { permissions }),
		...(options.colorScheme && { colorScheme: options.colorScheme }),
		...(options.proxy && { proxy: options.proxy }),
		...(options.ignoreHTTPSErrors !== undefined && {
			ignoreHTTPSErrors: options.ignoreHTTPSErrors,
		}),
	};
}

/** Where a session counts the requests it refused (its per-session store key). */
export const BLOCKED_REQUESTS_KEY = storeKey<BlockedRequests>('blockedRequests');

export interface BlockedRequests {
	total: number;
	byType: Record<string, number>;
}

/** Makes the context refuse requests of the given types, counting them. */
export async function blockResourceTypes(
	context: BrowserContext,
	types: readonly string[],
): Promise<BlockedRequests> {
	const blocked: BlockedRequests = { total: 0, byType: {} };
	const refused = new Set(types);
	await context.route('**/*', (route) => {
		const type = route.request().resourceType();
		if (!refused.has(type)) return route.fallback();
		blocked.total++;
		blocked.byType[type] = (blocked.byType[type] ?? 0) + 1;
		return route.abort('blockedbyclient').catch(() => undefined);
	});
	return blocked;
}

/** Removes secrets of the options (the proxy password) from a text that may be shown or logged. */
export function withoutSecrets(text: string, options: SessionOptions): string {
	const secrets = [options.proxy?.password].filter((secret): secret is string => !!secret);
	return secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text);
}
