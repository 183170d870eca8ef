/**
 * Each way the password may be written that the scrub must cover, spelled out independently of
 * the runner's matcher: URL encodings (encodeURIComponent, encodeURI, form encoding, lower-case
 * hex), HTML entities (named, decimal, hex), base64 (standard, URL-safe, with and without padding)
 * and JSON escaping.
 */
export function encodedForms(secret: string): Record<string, string> {
	const html = (entities: Record<string, string>) =>
		secret.replace(/[&<>"']/g, (character) => entities[character]);
	const base64 = Buffer.from(secret).toString('base64');
	return {
		raw: secret,
		encodeURIComponent: encodeURIComponent(secret),
		'lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) =>
			hex.toLowerCase(),
		),
		encodeURI: encodeURI(secret),
		'form encoding': new URLSearchParams({ p: secret }).toString().slice(2),
		'form encoding, + for space only': encodeURIComponent(secret).replace(/%20/g, '+'),
		'HTML named entities': html({
			'&': '&amp;',
			'<': '&lt;',
			'>': '&gt;',
			'"': '&quot;',
			"'": '&#39;',
		}),
		'HTML decimal entities': html({
			'&': '&#38;',
			'<': '&#60;',
			'>': '&#62;',
			'"': '&#34;',
			"'": '&#39;',
		}),
		'HTML hex entities': html({
			'&': '&#x26;',
			'<': '&#x3c;',
			'>': '&#x3e;',
			'"': '&#x22;',
			"'": '&#x27;',
		}),
		base64,
		'base64 without padding': base64.replace(/=+$/, ''),
		'base64 URL-safe': Buffer.from(secret).toString('base64url'),
		'JSON-escaped': JSON.stringify(secret).slice(1, -1),
	};
}
