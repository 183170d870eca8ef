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
	},
	async run(
		context,
		{ value, clearFirst, typeLikeHuman, minKeyDelayMs, maxKeyDelayMs, ...target },
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
		for (const character of value) {
			context.signal.throwIfAborted();
			await context.page.keyboard.type(character);
			await sleep(low + Math.random() * (high - low), undefined, { signal: context.signal });
		}
		return { result: { filled: true, length: value.length } };
	},
});

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
