import { defineAction, elementTarget, locate } from './action';

export const scrollIntoView = defineAction({
	name: 'scrollIntoView',
	description:
		'Scroll the page, and any scrollable box around the element, until the element is in view: to trigger lazy loading, or before a screenshot.',
	retryable: true,
	input: { ...elementTarget },
	async run(context, target) {
		await locate(context, target).scrollIntoViewIfNeeded({ timeout: context.timeoutMs });
		return { result: { scrolled: true } };
	},
});
