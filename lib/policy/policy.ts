import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { parseOrThrow } from '../validation';

/**
 * URL schemes a policy can allow. `http`/`https` cover `ws:`/`wss:` too (a WebSocket starts as an
 * HTTP request). `chrome` stands for the browser's own pages: chrome:, about: (except about:blank
 * and about:srcdoc, which are always allowed: every new tab and srcdoc frame starts there),
 * view-source:, devtools: and the like.
 */
export const URL_SCHEMES = ['http', 'https', 'file', 'data', 'javascript', 'chrome'] as const;
export type UrlScheme = (typeof URL_SCHEMES)[number];

/**
 * A host name pattern: `example.com` (that host only), `*.example.com` (its subdomains, at any
 * depth, not example.com itself), `*` (any host), or an IP address. `*` stands for one or more
 * characters. A URL is forgiven (`https://example.com:8443/x` → `example.com`); ports are not
 * part of the match. Unicode names are compared in their punycode form, as the browser sends them.
 */
const domainPattern = z
	.string()
	.trim()
	.toLowerCase()
	.transform((raw, context) => {
		const host = raw
			.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
			.replace(/[/?#].*$/, '')
			.replace(/:\d+$/, '')
			.replace(/\.$/, '');
		const ascii = host.startsWith('[')
			? host
			: host
					.split('.')
					.map((label) => (/^[\x20-\x7e]*$/.test(label) ? label : domainToASCII(label)))
					.join('.');
		if (!/^(\[[0-9a-f:.]+\]|[a-z0-9*_-]+(\.[a-z0-9*_-]+)*)$/.test(ascii) || ascii.length > 253) {
			context.addIssue({
				code: 'custom',
				message: `"${raw}" is not a host name pattern; use e.g. example.com, *.example.com or 10.0.0.5`,
			});
			return z.NEVER;
		}
		return ascii;
	});

/** Limits that keep a session from running away; see README "Security model". */
export const DEFAULT_QUOTAS = {
	/** Open sessions of one credential (policy scope) in this process: the credential's default. Without one only the process limit counts. */
	maxConcurrentSessions: 10,
	maxActionsPerSession: 10_000,
	/** Per session, over the last 60 seconds. */
	maxActionsPerMinute: 600,
};

/** What the admin who owns the credential allows a session to do (seed 001 §7). Applied when the session opens. */
export const policySchema = z.strictObject({
	scope: z
		.string()
		.trim()
		.min(1)
		.max(200)
		.default('default')
		.describe(
			'Who the limits are counted for: sessions with the same scope (for n8n: the same credential) share Max Concurrent Sessions.',
		),
	allowedDomains: z
		.array(domainPattern)
		.max(1_000)
		.default([])
		.describe(
			'Hosts the session may load anything from (pages, frames, scripts, images, downloads…). Empty: every host.',
		),
	blockedDomains: z
		.array(domainPattern)
		.max(1_000)
		.default([])
		.describe('Hosts the session may never reach; wins over Allowed Domains.'),
	allowedSchemes: z
		.array(z.enum(URL_SCHEMES, { error: `unknown URL scheme; use ${URL_SCHEMES.join(', ')}` }))
		.default(['http', 'https'])
		.describe('URL schemes the session may open. about:blank always works.'),
	allowCustomScript: z
		.boolean()
		.default(false)
		.describe(
			'Whether flows may run their own JavaScript in the page (Run JavaScript, javascript: URLs).',
		),
	maxConcurrentSessions: z
		.number()
		.int()
		.min(1)
		.max(10_000)
		.optional()
		.describe('Most sessions of this scope open at once. Default: only the process limit counts.'),
	maxActionsPerSession: z
		.number()
		.int()
		.min(1)
		.max(100_000_000)
		.default(DEFAULT_QUOTAS.maxActionsPerSession),
	maxActionsPerMinute: z
		.number()
		.int()
		.min(1)
		.max(1_000_000)
		.default(DEFAULT_QUOTAS.maxActionsPerMinute),
});

export type SessionPolicy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export const DEFAULT_POLICY: SessionPolicy = Object.freeze(policySchema.parse({})) as SessionPolicy;

export function parsePolicy(raw: PolicyInput | undefined): SessionPolicy {
	if (raw === undefined) return DEFAULT_POLICY;
	return parseOrThrow(policySchema, raw, {
		subject: 'policy setting',
		advice: 'Check the Policy settings of the Browser Agent credential.',
	});
}

/** True when the policy limits which hosts requests may go to, so every request must be checked in the browser. */
export function restrictsHosts(policy: SessionPolicy): boolean {
	return policy.allowedDomains.length > 0 || policy.blockedDomains.length > 0;
}

export type UrlVerdict =
	| { allowed: true }
	| { allowed: false; reason: 'scheme'; scheme: string; setting: UrlScheme | undefined }
	| { allowed: false; reason: 'host'; host: string; rule: 'blocked' | 'notAllowed' };

/** Whether the policy lets the session open or load `url`. */
export function judgeUrl(policy: SessionPolicy, url: string): UrlVerdict {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return {
			allowed: false,
			reason: 'scheme',
			scheme: url.split(':')[0] ?? '',
			setting: undefined,
		};
	}
	const scheme = parsed.protocol.slice(0, -1);
	if (scheme === 'about' && (parsed.pathname === 'blank' || parsed.pathname === 'srcdoc'))
		return { allowed: true };
	// A blob: URL belongs to the origin that made it.
	if (scheme === 'blob')
		return parsed.pathname.startsWith('null')
			? { allowed: true }
			: judgeUrl(policy, parsed.pathname);
	const setting = schemeSetting(scheme);
	if (!setting || !policy.allowedSchemes.includes(setting))
		return { allowed: false, reason: 'scheme', scheme, setting };
	if (setting === 'javascript' && !policy.allowCustomScript)
		return { allowed: false, reason: 'scheme', scheme, setting };
	if (setting !== 'http' && setting !== 'https') return { allowed: true };
	const host = hostOf(parsed);
	if (policy.blockedDomains.some((pattern) => hostMatches(pattern, host)))
		return { allowed: false, reason: 'host', host, rule: 'blocked' };
	if (
		policy.allowedDomains.length &&
		!policy.allowedDomains.some((pattern) => hostMatches(pattern, host))
	) {
		return { allowed: false, reason: 'host', host, rule: 'notAllowed' };
	}
	return { allowed: true };
}

/**
 * Whether the host rules let the session connect to `host` (a name, an IPv4 address, or an IPv6
 * address with or without brackets), whatever the scheme: what a network-level check can know.
 */
export function judgeHost(policy: SessionPolicy, host: string): UrlVerdict {
	const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
	return judgeUrl({ ...policy, allowedSchemes: ['http'] }, `http://${bracketed}/`);
}

/** Throws DOMAIN_NOT_ALLOWED or NOT_ALLOWED when the policy forbids opening `url`; before any browser call. */
export function assertUrlAllowed(policy: SessionPolicy, url: string, field = 'url'): void {
	const verdict = judgeUrl(policy, url);
	if (!verdict.allowed) throw refusal(verdict, url, field);
}

export function refusal(
	verdict: Exclude<UrlVerdict, { allowed: true }>,
	url: string,
	field?: string,
): BrowserAgentError {
	if (verdict.reason === 'host') {
		const why =
			verdict.rule === 'blocked'
				? 'is on the Blocked Domains list'
				: 'is not on the Allowed Domains list';
		return new BrowserAgentError(
			'DOMAIN_NOT_ALLOWED',
			`The host ${verdict.host} ${why} of this session’s policy, so ${shorten(url)} was not opened.`,
			{
				field,
				advice:
					'Use an address on an allowed host, or ask the owner of the Browser Agent credential to allow this host (Policy → Allowed Domains).',
			},
		);
	}
	return new BrowserAgentError(
		'NOT_ALLOWED',
		`Opening ${verdict.scheme}: addresses is not allowed by this session’s policy.`,
		{
			field,
			advice: !verdict.setting
				? 'Use an http:// or https:// address.'
				: verdict.setting === 'javascript'
					? 'javascript: addresses run script in the page: the credential must allow the javascript scheme and custom JavaScript.'
					: `Use an http:// or https:// address, or ask the owner of the Browser Agent credential to allow the ${verdict.setting} scheme (Policy → Allowed URL Schemes).`,
		},
	);
}

/** The host as the policy compares it: lower case, punycode, no trailing dot (example.com. is example.com). */
export function hostOf(url: URL): string {
	return url.hostname.replace(/\.$/, '');
}

export function hostMatches(pattern: string, host: string): boolean {
	if (pattern === '*') return true;
	if (!pattern.includes('*')) return pattern === host;
	const expression = pattern
		.split('*')
		.map((part) => part.replace(/[.\\^$+?()[\]{}|-]/g, '\\$&'))
		.join('.+');
	return new RegExp(`^${expression}$`).test(host);
}

function schemeSetting(scheme: string): UrlScheme | undefined {
	switch (scheme) {
		case 'http':
		case 'ws':
			return 'http';
		case 'https':
		case 'wss':
			return 'https';
		case 'file':
		case 'filesystem':
			return 'file';
		case 'data':
			return 'data';
		case 'javascript':
			return 'javascript';
		case 'chrome':
		case 'chrome-untrusted':
		case 'chrome-extension':
		case 'about':
		case 'view-source':
		case 'devtools':
		case 'edge':
			return 'chrome';
		default:
			return undefined;
	}
}

function shorten(url: string): string {
	return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
