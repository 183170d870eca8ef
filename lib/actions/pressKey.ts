import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate } from './action';
import { waitUntilAfterOption, withLoadAfter } from './support/navigation';

const KEY_ADVICE =
	'Use Playwright key names, e.g. Enter, Tab, Escape, ArrowDown, Backspace, Space, F5, a, A, and combine with modifiers: Control+A, Shift+Tab, Meta+V. Separate several keys with spaces.';

export const pressKey = defineAction({
	name: 'pressKey',
	description:
		'Press keys or keyboard shortcuts (Enter, Control+A, Shift+Tab…), one after another, on an element or on whatever has the focus.',
	input: {
		selector: z
			.string()
			.trim()
			.max(10_000)
			.optional()
			.describe(
				'The element to focus before pressing (Playwright selector). Leave empty to press on the page, wherever the focus is.',
			),
		index: elementTarget.index,
		keys: z
			.union([z.string().max(10_000), z.array(z.string().trim().min(1).max(200)).max(1_000)])
			.describe(
				'One key or shortcut (Enter, Control+A, Shift+Tab), or several: a list, or one text with the keys separated by spaces.',
			),
		delayMs: z
			.number()
			.int()
			.min(0)
			.max(10_000)
			.default(0)
			.describe('Pause between two keys of a sequence, in milliseconds.'),
		waitUntilAfter: waitUntilAfterOption,
	},
	async run(context, { selector, index, keys, delayMs, waitUntilAfter }) {
		const sequence = (Array.isArray(keys) ? keys : keys.split(/\s+/))
			.map((key) => key.trim())
			.filter(Boolean);
		if (sequence.length === 0) {
			throw new BrowserAgentError('INVALID_INPUT', 'No key to press.', {
				field: 'keys',
				advice: KEY_ADVICE,
			});
		}
		// Focus once, then type on the keyboard: a sequence like "Tab Tab Enter" must follow the focus as it moves.
		if (selector) await locate(context, { selector, index }).focus({ timeout: context.timeoutMs });
		// The last key (Enter in a form) may open a page: the wait covers the whole sequence.
		const { navigation } = await withLoadAfter(context, waitUntilAfter, async () => {
			for (const [position, key] of sequence.entries()) {
				context.signal.throwIfAborted();
				if (position > 0 && delayMs > 0)
					await sleep(delayMs, undefined, { signal: context.signal });
				try {
					await context.page.keyboard.press(key);
				} catch (error) {
					const unknown = /Unknown key: "?([^"\n]*)"?/.exec(
						error instanceof Error ? error.message : String(error),
					);
					if (!unknown) throw error;
					throw new BrowserAgentError(
						'INVALID_INPUT',
						`"${key}" is not a key name${position > 0 ? ` (the keys before it were pressed)` : ''}.`,
						{
							field: 'keys',
							advice: KEY_ADVICE,
							cause: error,
						},
					);
				}
			}
		});
		return {
			result: { pressed: sequence, count: sequence.length, ...(navigation && { navigation }) },
		};
	},
});
