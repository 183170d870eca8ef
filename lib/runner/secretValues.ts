/** Text shorter than this is not treated as a secret: scrubbing "ab" or "1" would shred every line. */
export const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

/**
 * Keys whose values describe a secret rather than being one (a cookie's name and domain, a file's
 * name and type). Inside a sensitive value, their text stays readable; every other string is secret.
 */
const DESCRIPTIVE_KEYS = new Set([
	'name',
	'domain',
	'path',
	'sameSite',
	'origin',
	'mimeType',
	'url',
	'expires',
	'httpOnly',
	'secure',
	'partitionKey',
]);

/** Header names whose values are secrets wherever they are set (session headers, connection headers). */
export const SECRET_HEADER = /authorization|cookie|token|secret|password|api[-_]?key|auth/i;

/**
 * The secret strings one session knows (typed passwords, sensitive action inputs, the proxy
 * password, credential token and headers), and the scrub that removes them from any text or
 * data before it leaves the session: errors, audit lines, the timeline, logs and alerts.
 * Value-based, so a secret is caught wherever it turns up (an error quoting it, a URL holding it).
 */
export class SecretValues {
	private readonly values = new Set<string>();
	/**
	 * One matcher per secret for all its written forms (see `secretMatcher`), built once when the
	 * secret is added, because the scrub runs on every log line. Longest secret first, so a secret
	 * that contains another is removed whole.
	 */
	private ordered: Array<{ secret: string; matcher: SecretMatcher }> = [];

	/** Registers a string, or every secret string inside an object or list (see DESCRIPTIVE_KEYS). */
	add(value: unknown, key?: string): void {
		if (typeof value === 'string') {
			const secret = value.trim();
			if (
				secret.length < MIN_SECRET_LENGTH ||
				this.values.has(secret) ||
				(key !== undefined && DESCRIPTIVE_KEYS.has(key))
			)
				return;
			this.values.add(secret);
			this.ordered = [...this.ordered, { secret, matcher: secretMatcher(secret) }].sort(
				(a, b) => b.secret.length - a.secret.length,
			);
			return;
		}
		if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
		if (Array.isArray(value)) for (const entry of value) this.add(entry);
		else for (const [entryKey, entry] of Object.entries(value)) this.add(entry, entryKey);
	}

	/** Registers the values of headers that carry credentials (Authorization, Cookie, tokens, keys). */
	addHeaders(headers: Record<string, string> | undefined, all = false): void {
		for (const [name, value] of Object.entries(headers ?? {})) {
			if (!all && !SECRET_HEADER.test(name)) continue;
			this.add(value);
			// "Bearer abc…": the token alone may turn up too.
			this.add(/^\s*(?:bearer|basic|token)\s+(.+)$/i.exec(value)?.[1]);
		}
	}

	get size(): number {
		return this.values.size;
	}

	scrub(text: string): string {
		let scrubbed = text;
		for (const { matcher } of this.ordered) {
			if (matcher.anchors && !matcher.anchors.some((anchor) => scrubbed.includes(anchor))) continue;
			scrubbed = scrubbed.replace(matcher.pattern, REDACTED);
		}
		return scrubbed;
	}

	/** A copy of plain data (objects, lists, strings) with every secret removed; other values as they are. */
	scrubDeep<T>(value: T): T {
		if (!this.ordered.length) return value;
		return this.walk(value) as T;
	}

	private walk(value: unknown): unknown {
		if (typeof value === 'string') return this.scrub(value);
		if (!value || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Date)
			return value;
		if (Array.isArray(value)) return value.map((entry) => this.walk(entry));
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, this.walk(entry)]));
	}
}

/** Characters no encoder here escapes (URL, form, HTML, JSON): they only ever appear as themselves. */
const PLAIN = /^[A-Za-z0-9]$/;

const NAMED_ENTITIES: Record<string, string> = {
	'&': 'amp;',
	'<': 'lt;',
	'>': 'gt;',
	'"': 'quot;',
	"'": 'apos;',
};

/** JSON's short escapes, by the character after the backslash (`\n`, `\"`, and `\/` that some encoders write). */
const JSON_SHORT_ESCAPES: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	'\b': 'b',
	'\f': 'f',
	'\n': 'n',
	'\r': 'r',
	'\t': 't',
};

/** `%`, itself percent-encoded any number of times: `%2B`, `%252B` (a URL in another URL's query). */
const PERCENT = '%(?:25)*';
/** `&`, itself HTML-escaped any number of times: `&quot;`, `&amp;quot;`. */
const AMPERSAND = '&(?:amp;)*';
/** A JSON escape's backslashes: several for JSON inside JSON (`\\\"`), percent-encoded for JSON in a URL (`%5C%22`). */
const BACKSLASHES = `(?:\\\\|${PERCENT}5[cC])+`;

/** A hex number whose letters may be either case (`%2f` and `%2F`, `&#x2F;` and `&#x2f;`). */
function anyCaseHex(value: number, digits = 2): string {
	return [...value.toString(16).padStart(digits, '0')]
		.map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
		.join('');
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A character as itself, percent-encoded (UTF-8 bytes, either hex case) or as an HTML entity (named, decimal, hex). */
function urlAndHtmlForms(character: string): string[] {
	const codePoint = character.codePointAt(0)!;
	const percent = [...Buffer.from(character, 'utf8')]
		.map((byte) => `${PERCENT}${anyCaseHex(byte)}`)
		.join('');
	const named = NAMED_ENTITIES[character] ? [`${AMPERSAND}${NAMED_ENTITIES[character]}`] : [];
	return [
		escapeRegExp(character),
		percent,
		...named,
		`${AMPERSAND}#0*${codePoint};`,
		`${AMPERSAND}#[xX]0*${anyCaseHex(codePoint, 1)};`,
	];
}

/**
 * The ways one character of a secret may be written: as itself, percent-encoded (encodeURIComponent,
 * encodeURI, form encoding with `+` for a space), as an HTML entity, or JSON-escaped (`\"`, `\n`,
 * `\u0026`). As alternatives per character, so that a value encoded only partly (encodeURI keeps
 * `/` and `&`; Chromium re-encodes `'` in a query) or by several layers (JSON in a URL, a URL in
 * a URL, HTML of a URL) is still matched.
 */
function characterForms(character: string): string {
	if (PLAIN.test(character)) return character;
	const forms = urlAndHtmlForms(character);
	if (character === ' ') forms.push('\\+', `${PERCENT}2[bB]`);
	const escape = JSON_SHORT_ESCAPES[character];
	if (escape)
		forms.push(
			`${BACKSLASHES}${PLAIN.test(escape) ? escape : `(?:${urlAndHtmlForms(escape).join('|')})`}`,
		);
	// \uXXXX: one unit for most characters, a surrogate pair beyond the BMP.
	forms.push(
		[...Array(character.length).keys()]
			.map((index) => `${BACKSLASHES}[uU]${anyCaseHex(character.charCodeAt(index), 4)}`)
			.join(''),
	);
	return `(?:${forms.join('|')})`;
}

/** A base64 form as a pattern: its `+` and `/` may be percent-encoded (base64 in a URL's query). */
function base64Pattern(form: string): string {
	return [...form]
		.map((character) =>
			character === '+'
				? `(?:\\+|${PERCENT}2[bB])`
				: character === '/'
					? `(?:/|${PERCENT}2[fF])`
					: escapeRegExp(character),
		)
		.join('');
}

/** Base64 forms shorter than this (in characters) are left out: they would match by chance inside long base64 data. */
const MIN_BASE64_FORM = 8;

/**
 * The secret's base64 (standard and URL-safe; padding is no secret, so it is left out of the
 * match), and the characters that hold only the secret's bits when it sits at byte offset 1 or 2
 * of a longer base64 text (`Basic base64(user:password)`), so the secret is found at any offset.
 */
function base64Forms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const forms = [bytes.toString('base64').replace(/=+$/, '')];
	for (const offset of [0, 1, 2]) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		// Characters holding bits of the zero bytes before, or of whatever follows, are cut off.
		const pure = encoded.slice(
			Math.ceil((offset * 8) / 6),
			Math.floor(((offset + bytes.length) * 8) / 6),
		);
		if (pure.length >= MIN_BASE64_FORM) forms.push(pure);
	}
	return forms.flatMap((form) => [form, form.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/** How one secret is found: a pattern for all its forms, and text each form must contain, to skip the pattern cheaply. */
export interface SecretMatcher {
	pattern: RegExp;
	/** One literal per form (its longest run of plain characters); undefined when some form has none worth checking. */
	anchors?: string[];
}

/** One global pattern for every written form of a secret, longest alternatives first. */
export function secretMatcher(secret: string): SecretMatcher {
	const base64 = [...new Set(base64Forms(secret))]
		.filter((form) => form !== secret)
		.sort((a, b) => b.length - a.length);
	const pattern = new RegExp(
		[[...secret].map(characterForms).join(''), ...base64.map(base64Pattern)].join('|'),
		'g',
	);
	// Plain characters are never encoded, so every match holds each form's plain runs as they are.
	const anchors = [secret, ...base64].map((form) =>
		(form.match(/[A-Za-z0-9]+/g) ?? []).reduce(
			(longest, run) => (run.length > longest.length ? run : longest),
			'',
		),
	);
	return { pattern, anchors: anchors.every((anchor) => anchor.length >= 3) ? anchors : undefined };
}
