import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';

export const extractHtml = defineAction({
	name: 'extractHtml',
	description:
		'Read the HTML of the whole page or of one element: its outer HTML (the element itself included) or inner HTML (only what is inside it).',
	retryable: true,
	input: {
		selector: elementTarget.selector
			.optional()
			.describe('The element whose HTML to read (Playwright selector). Empty: the whole page.'),
		index: elementTarget.index,
		part: z
			.enum(['outer', 'inner'])
			.default('outer')
			.describe(
				'outer: the element with its own tag (for the whole page: the full document with its doctype); inner: only its contents.',
			),
	},
	async run(context, { selector, index, part }) {
		let html: string;
		if (selector === undefined) {
			html =
				part === 'outer'
					? await context.scope.content()
					: await context.scope.evaluate(() => document.documentElement.innerHTML);
		} else {
			// The first match unless an index says otherwise: reading is harmless, so no ambiguity error.
			html = await locate(context, { selector, index: index ?? 0 }).evaluate(
				(element, which) => (which === 'outer' ? element.outerHTML : element.innerHTML),
				part,
				{ timeout: context.timeoutMs },
			);
		}
		return { result: { html, length: html.length } };
	},
});
