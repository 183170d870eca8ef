import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate } from './action';

export const longPress = defineAction({
	name: 'longPress',
	description:
		'Press and hold the mouse button on an element for a while, then release: for “press and hold” buttons and long-press menus.',
	input: {
		...elementTarget,
		durationMs: z
			.number()
			.int()
			.min(1)
			.max(60_000)
			.default(800)
			.describe('How long to hold the button down, in milliseconds.'),
		force: z
			.boolean()
			.default(false)
			.describe('Skip the actionability checks (use only for stubborn widgets).'),
	},
	async run(context, { durationMs, force, ...target }) {
		if (durationMs >= context.timeoutMs) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`Holding for ${durationMs} ms does not fit in the timeout of ${context.timeoutMs} ms.`,
				{
					field: 'durationMs',
					advice: 'Raise the timeout above the hold duration, or shorten the hold.',
				},
			);
		}
		// Hovering waits until the element is visible, stable and not covered, and puts the pointer on its centre;
		// it gets the part of the timeout the hold leaves.
		await locate(context, target).hover({ force, timeout: context.timeoutMs - durationMs });
		const mouse = context.page.mouse;
		await mouse.down();
		try {
			await sleep(durationMs, undefined, { signal: context.signal });
		} finally {
			await mouse.up();
		}
		return { result: { pressed: true, durationMs } };
	},
});
