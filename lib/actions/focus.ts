import { defineAction, elementTarget, locate } from './action';

export const focus = defineAction({
	name: 'focus',
	description:
		'Give an element the keyboard focus (as clicking into it or tabbing to it would), without clicking.',
	retryable: true,
	input: { ...elementTarget },
	async run(context, target) {
		await locate(context, target).focus({ timeout: context.timeoutMs });
		return { result: { focused: true } };
	},
});
