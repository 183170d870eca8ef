import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator } from 'playwright';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate } from './action';
import { remaining } from './support/polling';

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
		const deadline = Date.now() + context.timeoutMs;
		const element = locate(context, target);
		await assertTakesText(element, target.selector, deadline);
		if (!typeLikeHuman) {
			if (clearFirst) await element.fill(value, { timeout: remaining(deadline) });
			else await element.pressSequentially(value, { timeout: remaining(deadline) });
			return { result: { filled: true, length: value.length } };
		}
		await element.click({ timeout: remaining(deadline) });
		if (clearFirst) await element.fill('', { timeout: remaining(deadline) });
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
 * Refuses an element that cannot take text as soon as it is in the page. Playwright finds that out
 * only after its visibility and stability waits, so on a busy machine the timeout came first and the
 * user read TIMEOUT instead of the real reason. Follows labels as Playwright's fill does.
 */
async function assertTakesText(
	element: Locator,
	selector: string,
	deadline: number,
): Promise<void> {
	await element.waitFor({ state: 'attached', timeout: remaining(deadline) });
	// Runs in the page: no named inner functions (tsx would wrap them in a helper the page lacks).
	const refusal = await element.evaluate(
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
		{ timeout: remaining(deadline) },
	);
	if (refusal) {
		throw new BrowserAgentError(
			'ACTION_FAILED',
			`"${selector}" is ${refusal}, not an <input>, <textarea> or editable element, so it cannot take text.`,
			{
				advice:
					'Point the selector at the field itself: an <input>, a <textarea>, or an element with contenteditable.',
			},
		);
	}
}
