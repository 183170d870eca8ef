import { z } from 'zod';
import { defineAction, locate, type ActionOutput } from './action';

export type ExtractTextResult = { text: string } | { texts: string[]; count: number };

export const extractText = defineAction({
	name: 'extractText',
	description:
		'Read the visible text of the page or of the elements a selector matches, whitespace folded.',
	retryable: true,
	input: {
		selector: z
			.string()
			.trim()
			.min(1)
			.default('body')
			.describe('Whose text to read (Playwright selector). Default: the whole page.'),
		index: z.number().int().min(0).optional(),
		all: z
			.boolean()
			.default(false)
			.describe('Return the text of every match as a list, instead of the first match.'),
	},
	async run(context, { selector, index, all }): Promise<ActionOutput<ExtractTextResult>> {
		if (all) {
			const texts = await locate(context, { selector, index }).evaluateAll((elements) =>
				elements.map((element) =>
					((element as HTMLElement).innerText ?? element.textContent ?? '')
						.replace(/\s+/g, ' ')
						.trim(),
				),
			);
			return { result: { texts, count: texts.length } };
		}
		// The first match, unless an index says otherwise: reading is harmless, so no ambiguity error.
		const text = await locate(context, { selector, index: index ?? 0 }).innerText({
			timeout: context.timeoutMs,
		});
		return { result: { text: text.replace(/\s+/g, ' ').trim() } };
	},
});
