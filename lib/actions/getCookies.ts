import { z } from 'zod';
import { defineAction } from './action';

const absoluteUrl = z
	.string()
	.trim()
	.refine(
		(value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
		'not a valid absolute URL, e.g. https://example.com/',
	);

export const getCookies = defineAction({
	name: 'getCookies',
	description:
		'Read the session’s cookies (all of them, or those sent to given URLs), optionally only those of one name. Returns name, value, domain, path, expiry and flags of each.',
	retryable: true,
	input: {
		urls: z
			.union([absoluteUrl.transform((url) => [url]), z.array(absoluteUrl)])
			.optional()
			.describe(
				'Only cookies the browser would send to these URLs (one URL or a list). Default: every cookie of the session.',
			),
		name: z.string().trim().min(1).optional().describe('Only cookies with exactly this name.'),
	},
	async run(context, { urls, name }) {
		const all = await context.context.cookies(urls?.length ? urls : undefined);
		const cookies = name === undefined ? all : all.filter((cookie) => cookie.name === name);
		return { result: { cookies, count: cookies.length } };
	},
});
