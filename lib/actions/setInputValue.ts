import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate } from './action';

const FORMATS: Record<string, string> = {
	date: 'YYYY-MM-DD, e.g. 2026-03-31',
	'datetime-local': 'YYYY-MM-DDTHH:MM, e.g. 2026-03-31T14:30',
	time: 'HH:MM or HH:MM:SS, e.g. 14:30',
	month: 'YYYY-MM, e.g. 2026-03',
	week: 'YYYY-Www, e.g. 2026-W14',
	range: 'a number within the slider’s min and max',
	number: 'a number',
	color: '#rrggbb, e.g. #336699',
};

export const setInputValue = defineAction({
	name: 'setInputValue',
	description:
		'Set the value of an input, text area or drop-down directly, as a script would, then fire the input and change events: for date, time and range widgets, and fields that refuse typing.',
	retryable: true,
	sensitiveFields: ['value'],
	input: {
		...elementTarget,
		value: z
			.string()
			.max(1_000_000)
			.describe(
				'The value to set, in the format the field stores (a date field wants YYYY-MM-DD).',
			),
	},
	async run(context, { value, ...target }) {
		const element = locate(context, target);
		// Hidden fields behind a date picker are valid targets: wait for the element to exist, not to be visible.
		await element.waitFor({ state: 'attached', timeout: context.timeoutMs });
		const outcome = await element.evaluate(
			(node, requested) => {
				const field = node as HTMLInputElement;
				const prototype =
					node instanceof HTMLTextAreaElement
						? HTMLTextAreaElement.prototype
						: node instanceof HTMLSelectElement
							? HTMLSelectElement.prototype
							: node instanceof HTMLInputElement
								? HTMLInputElement.prototype
								: undefined;
				if (!prototype)
					return { ok: false as const, tag: node.nodeName.toLowerCase(), type: '', value: '' };
				// The prototype's own setter: frameworks (React…) replace `value` on the element and would miss a plain assignment.
				const setter = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
				if (setter) setter.call(field, requested);
				else field.value = requested;
				field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
				field.dispatchEvent(new Event('change', { bubbles: true }));
				return {
					ok: true as const,
					tag: node.nodeName.toLowerCase(),
					type: field.type ?? '',
					value: String(field.value),
				};
			},
			value,
			{ timeout: context.timeoutMs },
		);
		if (!outcome.ok) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`The element is a <${outcome.tag}>, not an input, text area or drop-down, so it has no value to set.`,
				{
					field: 'selector',
					advice:
						'Point the selector at the input field itself; for editable text areas of rich editors use Fill.',
				},
			);
		}
		if (value !== '' && outcome.value === '') {
			const format = FORMATS[outcome.type];
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`The ${outcome.type || outcome.tag} field rejected the value (it is empty now).`,
				{
					field: 'value',
					advice: format
						? `A ${outcome.type} field wants ${format}.`
						: 'Use a value the field accepts (for a drop-down: an option value).',
				},
			);
		}
		// Never echo what was set into a password field.
		return {
			result:
				outcome.type === 'password'
					? { set: true, type: outcome.type }
					: { set: true, value: outcome.value, type: outcome.type },
		};
	},
});
