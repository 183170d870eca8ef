import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';
import { waitUntilAfterOption, withLoadAfter } from './support/navigation';

export const click = defineAction({
	name: 'click',
	description:
		'Click an element. Waits until it is attached, visible, stable, enabled and not covered, as Playwright does.',
	input: {
		...elementTarget,
		button: z.enum(['left', 'right', 'middle']).default('left'),
		clickCount: z.number().int().min(1).max(3).default(1).describe('2 for a double click.'),
		delayMs: z
			.number()
			.int()
			.min(0)
			.max(10_000)
			.default(0)
			.describe('Time between mouse down and up.'),
		force: z
			.boolean()
			.default(false)
			.describe('Skip the actionability checks (use only for stubborn widgets).'),
		waitUntilAfter: waitUntilAfterOption,
	},
	async run(context, { button, clickCount, delayMs, force, waitUntilAfter, ...target }) {
		const { navigation } = await withLoadAfter(context, waitUntilAfter, () =>
			locate(context, target).click({
				button,
				clickCount,
				delay: delayMs,
				force,
				timeout: context.timeoutMs,
			}),
		);
		return { result: { clicked: true, ...(navigation && { navigation }) } };
	},
});
