import { errors as playwrightErrors, type Locator } from 'playwright';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate } from './action';

const optionValue = z.union([z.string().max(10_000), z.number()]);

export const selectOption = defineAction({
	name: 'selectOption',
	description:
		'Choose one or several options of a drop-down (<select>) by value, visible label or position. Returns what is selected afterwards.',
	retryable: true,
	input: {
		...elementTarget,
		values: z
			.union([optionValue, z.array(optionValue).max(1_000)])
			.describe(
				'The option to choose, or a list of options for a multiple-choice list. An empty list clears the selection.',
			),
		selectBy: z
			.enum(['valueOrLabel', 'value', 'label', 'index'])
			.default('valueOrLabel')
			.describe(
				'How to match the options: by value or visible label (either), only by value, only by label, or by position (0 = the first option).',
			),
	},
	async run(context, { values, selectBy, ...target }) {
		const wanted = (Array.isArray(values) ? values : [values]).map((value) => String(value).trim());
		// Plain strings match an option's value or its label (Playwright's rule); objects match one of them.
		const options =
			selectBy === 'valueOrLabel' ? wanted : wanted.map((value) => toOption(value, selectBy));
		const select = locate(context, target);
		if (wanted.length > 1) {
			// Playwright would quietly keep only the first match; several choices for a single-choice list is a mistake.
			const multiple = await select.evaluate(
				(element) => (element instanceof HTMLSelectElement ? element.multiple : null),
				undefined,
				{
					timeout: context.timeoutMs,
				},
			);
			if (multiple === false) {
				throw new BrowserAgentError(
					'INVALID_INPUT',
					`This drop-down allows one choice, but ${wanted.length} were given.`,
					{
						field: 'values',
						advice:
							'Give one option, or check that the selector points at the multiple-choice list.',
					},
				);
			}
		}
		let selectedValues: string[];
		try {
			selectedValues = await select.selectOption(options, { timeout: context.timeoutMs });
		} catch (error) {
			if (
				/Element is not a <select> element/i.test(
					error instanceof Error ? error.message : String(error),
				)
			) {
				throw new BrowserAgentError(
					'INVALID_INPUT',
					'The element is not a drop-down list (<select>).',
					{
						field: 'selector',
						advice:
							'Point the selector at the <select> element. For a drop-down built from other elements, Click it open, then Click the option.',
						cause: error,
					},
				);
			}
			throw (await missingOptions(select, wanted, selectBy, error)) ?? error;
		}
		const selectedLabels = await select.evaluate((element) =>
			Array.from((element as HTMLSelectElement).selectedOptions ?? [], (option) => option.label),
		);
		return { result: { selectedValues, selectedLabels } };
	},
});

function toOption(
	value: string,
	selectBy: string,
): { value?: string; label?: string; index?: number } {
	if (selectBy === 'value') return { value };
	if (selectBy === 'label') return { label: value };
	if (selectBy === 'index') {
		if (!/^\d+$/.test(value)) {
			throw new BrowserAgentError('INVALID_INPUT', `"${value}" is not an option position.`, {
				field: 'values',
				advice:
					'When selecting by index, give whole numbers: 0 for the first option, 1 for the second…',
			});
		}
		return { index: Number(value) };
	}
	return { value };
}

/**
 * Playwright waits (until the timeout) for options that do not exist; say which ones are missing
 * and what the list offers instead of a bare timeout.
 */
async function missingOptions(
	select: Locator,
	wanted: string[],
	selectBy: string,
	error: unknown,
): Promise<BrowserAgentError | undefined> {
	if (!(error instanceof playwrightErrors.TimeoutError)) return undefined;
	const available = await select
		.evaluate(
			(element) =>
				Array.from((element as HTMLSelectElement).options ?? [], (option) => ({
					value: option.value,
					label: option.label,
				})),
			undefined,
			{ timeout: 1_000 },
		)
		.catch(() => undefined);
	if (!available) return undefined;
	const missing = wanted.filter((value) =>
		selectBy === 'index'
			? Number(value) >= available.length
			: !available.some(
					(option) =>
						(selectBy !== 'label' && option.value === value) ||
						(selectBy !== 'value' && option.label === value),
				),
	);
	if (missing.length === 0) return undefined;
	const offered = available
		.map((option) =>
			option.label === option.value ? `"${option.label}"` : `"${option.label}" (${option.value})`,
		)
		.join(', ');
	return new BrowserAgentError(
		'ELEMENT_NOT_FOUND',
		`The list has no option ${missing.map((value) => `"${value}"`).join(', ')}; it offers ${offered || 'no options'}.`,
		{
			field: 'values',
			advice:
				'Use one of the offered labels or values (the value is in brackets), or wait until the list has loaded its options.',
			cause: error,
		},
	);
}
