/** Text shorter than this is not treated as a secret: scrubbing "ab" or "1" would shred every line. */
export const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

/**
 * Keys whose values describe a secret rather than being one (a cookie's name and domain, a file's
 * name and type). Inside a sensitive value, their text stays readable; every other string is secret.
 */
const DESCRIPTIVE_KEYS = new Set(['name', 'domain', 'path', 'sameSite', 'origin', 'mimeType', 'url', 'expires', 'httpOnly', 'secure', 'partitionKey']);

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
	/** Longest first, so a secret that contains another is removed whole. */
	private ordered: string[] = [];

	/** Registers a string, or every secret string inside an object or list (see DESCRIPTIVE_KEYS). */
	add(value: unknown, key?: string): void {
		if (typeof value === 'string') {
			const secret = value.trim();
			if (secret.length < MIN_SECRET_LENGTH || this.values.has(secret) || (key !== undefined && DESCRIPTIVE_KEYS.has(key))) return;
			this.values.add(secret);
			this.ordered = [...this.values].sort((a, b) => b.length - a.length);
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
		for (const secret of this.ordered) if (scrubbed.includes(secret)) scrubbed = scrubbed.split(secret).join(REDACTED);
		return scrubbed;
	}

	/** A copy of plain data (objects, lists, strings) with every secret removed; other values as they are. */
	scrubDeep<T>(value: T): T {
		if (!this.ordered.length) return value;
		return this.walk(value) as T;
	}

	private walk(value: unknown): unknown {
		if (typeof value === 'string') return this.scrub(value);
		if (!value || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Date) return value;
		if (Array.isArray(value)) return value.map((entry) => this.walk(entry));
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, this.walk(entry)]));
	}
}
