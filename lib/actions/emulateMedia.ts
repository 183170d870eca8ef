import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';

export const emulateMedia = defineAction({
	name: 'emulateMedia',
	description:
		'Make the current tab render as for print or screen, in a light or dark colour scheme, or with reduced motion, as the site’s CSS media queries see it. Returns what the page now reports.',
	retryable: true,
	input: {
		media: z
			.enum(['screen', 'print'])
			.optional()
			.describe(
				'CSS media type: print shows the page as it would be printed. Leave empty to keep it.',
			),
		colorScheme: z
			.enum(['light', 'dark', 'no-preference'])
			.optional()
			.describe('The colour scheme the page sees (prefers-color-scheme). Leave empty to keep it.'),
		reducedMotion: z
			.enum(['reduce', 'no-preference'])
			.optional()
			.describe(
				'Whether the page is asked to avoid animations (prefers-reduced-motion). Leave empty to keep it.',
			),
	},
	async run({ page }, { media, colorScheme, reducedMotion }) {
		if (media === undefined && colorScheme === undefined && reducedMotion === undefined) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'Emulate Media needs at least one of media, colour scheme or reduced motion.',
				{
					field: 'media',
					advice:
						'Set "media" to print or screen, "colorScheme" to light or dark, or "reducedMotion" to reduce.',
				},
			);
		}
		await page.emulateMedia({ media, colorScheme, reducedMotion });
		// Read back what the page's media queries now see.
		const seen = await page.evaluate(() => ({
			media: window.matchMedia('print').matches ? 'print' : 'screen',
			colorScheme: window.matchMedia('(prefers-color-scheme: dark)').matches
				? 'dark'
				: window.matchMedia('(prefers-color-scheme: light)').matches
					? 'light'
					: 'no-preference',
			reducedMotion: window.matchMedia('(prefers-reduced-motion: reduce)').matches
				? 'reduce'
				: 'no-preference',
		}));
		return { result: seen };
	},
});
