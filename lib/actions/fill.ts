import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';

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
			.describe('Press one key at a time with a random pause between keys, for pages that watch keystrokes.'),
		minKeyDelayMs: z.number().int().min(0).max(5_000).default(40),
		maxKeyDelayMs: z.number().int().min(0).max(5_000).default(160),
	},
	async run(context, { value, clearFirst, typeLikeHuman, minKeyDelayMs, maxKeyDelayMs, ...target }) {
		const element = locate(context, target);
		if (!typeLikeHuman) {
			if (clearFirst) await element.fill(value, { timeout: context.timeoutMs });
			else await element.pressSequentially(value, { timeout: context.timeoutMs });
			return { result: { filled: true, length: value.length } };
		}
		await element.click({ timeout: context.timeoutMs });
		if (clearFirst) await element.fill('', { timeout: context.timeoutMs });
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
