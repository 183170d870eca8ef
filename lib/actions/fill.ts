import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator } from 'playwright';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate } from './action';

/** How long, after a failed fill, the element may take to say what it is. */
const REFUSAL_CHECK_MS = 1_500;

export const fill = defineAction({
	name: 'fill',
	description:
		'Type a value into an input, textarea or editable element: replace its content at once, or type key by key with a human rhythm.',
	sensitiveFields: ['value'],
	input: {
		...elementTarget,
		value: z.string().max(1_000_000),
		clearFirst: z.boolean().default(true).describe('Empty the field before typing.'),
		typeLikeHuman: z
			.boolean()
			.default(false)
			.describe(
				'Press one key at a time with a random pause between keys, for pages that watch keystrokes.',
			),
		minKeyDelayMs: z.number().int().min(0).max(5_000).default(40),
		maxKeyDelayMs: z.number().int().min(0).max(5_000).default(160),
		typoChance: z
			.number()
			.min(0)
			.max(1)
			.default(0)
			.describe(
				'With typeLikeHuman: the chance (0 to 1) that a character is first mistyped as a neighbouring key of a US QWERTY keyboard, then erased with Backspace and typed right. The final value is always exactly the one given.',
			),
	},
	async run(
		context,
		{ value, clearFirst, typeLikeHuman, minKeyDelayMs, maxKeyDelayMs, typoChance, ...target },
	) {
		const element = locate(context, target);
		if (typeLikeHuman || !clearFirst) {
			// Key presses land anywhere that has focus, a button included: ask the element first (these
			// paths type key by key, so one more round trip is small).
			await element.waitFor({ state: 'attached', timeout: context.timeoutMs });
			const refused = await refusalOf(element, target.selector);
			if (refused) throw refused;
		}
		try {
			if (!typeLikeHuman) {
				if (clearFirst) await element.fill(value, { timeout: context.timeoutMs });
				else await element.pressSequentially(value, { timeout: context.timeoutMs });
				return { result: { filled: true, length: value.length } };
			}
			await element.click({ timeout: context.timeoutMs });
			if (clearFirst) await element.fill('', { timeout: context.timeoutMs });
		} catch (error) {
			throw (await refusalOf(element, target.selector)) ?? error;
		}
		const low = Math.min(minKeyDelayMs, maxKeyDelayMs);
		const high = Math.max(minKeyDelayMs, maxKeyDelayMs);
		const pause = () =>
			sleep(low + Math.random() * (high - low), undefined, { signal: context.signal });
		let typos = 0;
		for (const character of value) {
			context.signal.throwIfAborted();
			const typo =
				typoChance > 0 && Math.random() < typoChance ? neighbourKey(character) : undefined;
			if (typo) {
				// A person notices the slip a moment later, erases it and types the right key.
				await context.page.keyboard.type(typo);
				await pause();
				await context.page.keyboard.press('Backspace');
				await pause();
				typos++;
			}
			await context.page.keyboard.type(character);
			await pause();
		}
		if (typos && clearFirst) await insistOnValue(element, value, context.timeoutMs);
		return {
			result: { filled: true, length: value.length, ...(typoChance > 0 && { typos }) },
		};
	},
});

/** US QWERTY, unshifted: the keys a finger can slip to. */
const QWERTY_ROWS = ['1234567890-=', 'qwertyuiop[]', "asdfghjkl;'", 'zxcvbnm,./'];

/**
 * A key next to `character` on a US QWERTY keyboard, in the same letter case: three times in four
 * beside it on its row, else on the row above or below (as puppeteer-extra-plugin-human-typing
 * picks). Undefined for a character not on those keys (spaces, shifted symbols, other scripts),
 * which is then never mistyped.
 */
export function neighbourKey(
	character: string,
	random: () => number = Math.random,
): string | undefined {
	const lower = character.toLowerCase();
	const row = QWERTY_ROWS.findIndex((keys) => keys.includes(lower));
	if (row < 0 || [...character].length !== 1) return undefined;
	const column = QWERTY_ROWS[row].indexOf(lower);
	const keysAt = (rows: number[]) =>
		rows.flatMap((at) =>
			[column - 1, column, column + 1]
				.map((index) => QWERTY_ROWS[at]?.[index])
				.filter((key): key is string => !!key && key !== lower),
		);
	const beside = keysAt([row]);
	const aboveOrBelow = keysAt([row - 1, row + 1]);
	const candidates = random() < 0.75 || !aboveOrBelow.length ? beside : aboveOrBelow;
	const key = candidates[Math.floor(random() * candidates.length)];
	return character === lower ? key : key.toUpperCase();
}

/**
 * After typos: the field must hold exactly the value asked for. A page that reacted to a wrong key
 * (moved the caret or focus, completed a word) can leave something else; then the value is set
 * as Fill does without typing, so a password or code is never submitted with a typo in it.
 * Inputs and text areas only: an editable element's text has no one value to compare.
 */
async function insistOnValue(element: Locator, value: string, timeoutMs: number): Promise<void> {
	const holds = await element
		.evaluate(
			(node, expected) =>
				!(node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) ||
				// Typing stops at a maxlength, with or without typos.
				node.value === (node.maxLength >= 0 ? expected.slice(0, node.maxLength) : expected),
			value,
			{ timeout: REFUSAL_CHECK_MS },
		)
		.catch(() => true);
	if (!holds) await element.fill(value, { timeout: timeoutMs });
}

/**
 * Why the element cannot take text, when that is why the fill failed. Playwright finds it out only
 * after its visibility and stability waits, so on a busy machine its timeout came first and the user
 * read TIMEOUT instead of the real reason; the element's kind decides, not the clock. Asked only
 * after a failure, so a fill that works costs no extra round trip. Follows labels as Playwright does.
 */
async function refusalOf(
	element: Locator,
	selector: string,
): Promise<BrowserAgentError | undefined> {
	// Runs in the page: no named inner functions (tsx would wrap them in a helper the page lacks).
	const refusal = await element
		.evaluate(
			(node) => {
				const noTextInputs = [
					'checkbox',
					'radio',
					'file',
					'button',
					'submit',
					'reset',
					'image',
					'hidden',
				];
				for (const candidate of [node, node.closest('label')?.control]) {
					if (
						candidate instanceof HTMLTextAreaElement ||
						(candidate instanceof HTMLElement && candidate.isContentEditable) ||
						(candidate instanceof HTMLInputElement && !noTextInputs.includes(candidate.type))
					) {
						return undefined;
					}
				}
				return node instanceof HTMLInputElement
					? `an <input type="${node.type}">`
					: `a <${node.tagName.toLowerCase()}>`;
			},
			undefined,
			// Within the runner's grace past the action's timeout; an element that is not there says nothing.
			{ timeout: REFUSAL_CHECK_MS },
		)
		.catch(() => undefined);
	if (refusal) {
		return new BrowserAgentError(
			'ACTION_FAILED',
			`"${selector}" is ${refusal}, not an <input>, <textarea> or editable element, so it cannot take text.`,
			{
				advice:
					'Point the selector at the field itself: an <input>, a <textarea>, or an element with contenteditable.',
			},
		);
	}
	return undefined;
}
