import { z } from 'zod';
import { defineAction } from './action';
import { jsonOrValue } from './support/storageState';

/** A cookie to add: Playwright's addCookies shape, with url or domain + path saying where it belongs. */
export const cookieInputSchema = z
	.strictObject({
		name: z.string().trim().min(1, 'a cookie needs a name'),
		value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
		url: z
			.string()
			.trim()
			.refine((value) => URL.canParse(value), 'not a valid absolute URL, e.g. https://example.com/')
			.optional(),
		domain: z.string().trim().min(1).optional(),
		path: z.string().trim().startsWith('/', 'a cookie path starts with /').optional(),
		expires: z
			.number()
			.optional()
			.describe('Unix time in seconds; -1 or absent: until the session ends.'),
		httpOnly: z.boolean().optional(),
		secure: z.boolean().optional(),
		sameSite: z
			.enum(['Strict', 'Lax', 'None'], { error: 'sameSite must be Strict, Lax or None' })
			.optional(),
		partitionKey: z.string().optional(),
	})
	.superRefine((cookie, context) => {
		if (cookie.url && (cookie.domain || cookie.path)) {
			context.addIssue({
				code: 'custom',
				path: ['url'],
				message: 'give either url, or domain and path, not both',
			});
		} else if (!cookie.url && !(cookie.domain && cookie.path)) {
			context.addIssue({
				code: 'custom',
				path: [cookie.domain ? 'path' : 'url'],
				message:
					'each cookie needs a url (e.g. https://example.com/), or a domain and a path (e.g. example.com and /)',
			});
		}
	});

export const setCookies = defineAction({
	name: 'setCookies',
	description:
		'Add cookies to the session (a list, as objects or JSON). Each needs a url, or a domain and a path; a cookie of the same name, domain and path is replaced.',
	retryable: true,
	sensitiveFields: ['cookies'],
	input: {
		cookies: jsonOrValue(
			z.union([
				cookieInputSchema.transform((cookie) => [cookie]),
				z.array(cookieInputSchema).min(1, 'give at least one cookie'),
			]),
			'the cookies (a list like [{"name": "...", "value": "...", "url": "https://example.com/"}])',
		).describe(
			'Cookies to add: [{ name, value, url } or { name, value, domain, path }, plus optional expires, httpOnly, secure, sameSite].',
		),
	},
	async run(context, { cookies }) {
		await context.context.addCookies(cookies);
		return { result: { count: cookies.length, names: cookies.map((cookie) => cookie.name) } };
	},
});
