import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';

export const rightClick = defineAction({
	name: 'rightClick',
	description:
		'Right-click an element, e.g. to open a page’s own context menu, after the same readiness checks as a click.',
	input: {
		...elementTarget,
		force: z
			.boolean()
			.default(false)
			.describe('Skip the actionability checks (use only for stubborn widgets).'),
	},
	async run(context, { force, ...target }) {
		await locate(context, target).click({ button: 'right', force, timeout: context.timeoutMs });
		return { result: { rightClicked: true } };
	},
});
