import { z } from 'zod';
import { defineAction } from './action';

export const clearCookies = defineAction({
	name: 'clearCookies',
	description:
		'Delete the session’s cookies: all of them, or only those of a name and/or domain. Returns how many were deleted.',
	retryable: true,
	input: {
		name: z.string().trim().min(1).optional().describe('Only cookies with exactly this name.'),
		domain: z
			.string()
			.trim()
			.min(1)
			.optional()
			.describe(
				'Only cookies of this domain, e.g. example.com (a leading dot does not matter: .example.com is the same).',
			),
	},
	async run(context, { name, domain }) {
		const before = (await context.context.cookies()).length;
		const bareDomain = domain?.replace(/^\./, '').toLowerCase();
		await context.context.clearCookies({
			...(name !== undefined && { name }),
			...(bareDomain !== undefined && {
				domain: new RegExp(`^\\.?${escapeRegExp(bareDomain)}$`, 'i'),
			}),
		});
		const remaining = (await context.context.cookies()).length;
		return { result: { deleted: before - remaining, remaining } };
	},
});

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
