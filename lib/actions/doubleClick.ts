import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';
import { waitUntilAfterOption, withLoadAfter } from './support/navigation';

export const doubleClick = defineAction({
	name: 'doubleClick',
	description:
		'Double-click an element (e.g. to open a row or select a word), after the same readiness checks as a click.',
	input: {
		...elementTarget,
		force: z
			.boolean()
			.default(false)
			.describe('Skip the actionability checks (use only for stubborn widgets).'),
		waitUntilAfter: waitUntilAfterOption,
	},
	async run(context, { force, waitUntilAfter, ...target }) {
		const { navigation } = await withLoadAfter(context, waitUntilAfter, () =>
			locate(context, target).dblclick({ force, timeout: context.timeoutMs }),
		);
		return { result: { doubleClicked: true, ...(navigation && { navigation }) } };
	},
});
