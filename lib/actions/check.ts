import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate, type ActionContext } from './action';

export const checkInput = {
	...elementTarget,
	force: z
		.boolean()
		.default(false)
		.describe('Skip the actionability checks (use only for stubborn widgets).'),
};

export const check = defineAction({
	name: 'check',
	description:
		'Tick a checkbox or choose a radio button (nothing happens if it already is). Returns the checked state.',
	retryable: true,
	input: checkInput,
	run: (context, { force, ...target }) => setChecked(context, target, true, force),
});

/** Playwright's setChecked: clicks only when the state differs, then verifies the state changed. */
export async function setChecked(
	context: ActionContext,
	target: { selector: string; index?: number },
	checked: boolean,
	force: boolean,
) {
	const element = locate(context, target);
	try {
		await element.setChecked(checked, { force, timeout: context.timeoutMs });
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		if (/Cannot uncheck radio button/i.test(message)) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'A radio button cannot be unchecked by clicking it.',
				{
					field: 'selector',
					advice: 'Check another radio button of the same group instead.',
					cause: error,
				},
			);
		}
		if (/Not a checkbox or radio button/i.test(message)) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'The element is not a checkbox or radio button.',
				{
					field: 'selector',
					advice:
						'Point the selector at the input itself (e.g. input[type=checkbox]) or at its label; for a custom switch use Click.',
					cause: error,
				},
			);
		}
		if (/did not change its state/i.test(message)) {
			throw new BrowserAgentError(
				'ACTION_FAILED',
				`Clicking did not ${checked ? 'check' : 'uncheck'} the element: the page refused the change.`,
				{
					advice:
						'The page may block it (e.g. a required condition); look at a screenshot, or use Click for custom switches.',
					cause: error,
				},
			);
		}
		throw error;
	}
	return { result: { checked: await element.isChecked({ timeout: context.timeoutMs }) } };
}
