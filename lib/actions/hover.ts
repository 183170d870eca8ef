import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';

export const hover = defineAction({
	name: 'hover',
	description:
		'Move the mouse over an element and leave it there, e.g. to open a menu or show a tooltip.',
	retryable: true,
	input: {
		...elementTarget,
		force: z
			.boolean()
			.default(false)
			.describe('Skip the actionability checks (use only for stubborn widgets).'),
	},
	async run(context, { force, ...target }) {
		await locate(context, target).hover({ force, timeout: context.timeoutMs });
		return { result: { hovered: true } };
	},
});
