import { z } from 'zod';
import { defineAction } from './action';
import { waitUntilAfterOption, withLoadAfter } from './support/navigation';
import {
	assertInViewport,
	inspectPoint,
	mouseButton,
	rememberPointer,
	viewportCoordinate,
} from './support/pointer';

export const clickAt = defineAction({
	name: 'clickAt',
	description:
		'Click at a point of the visible area (viewport coordinates in CSS pixels from its top-left corner), whatever is there: for canvases, maps and widgets without a usable selector. Reports the element it hit.',
	input: {
		x: viewportCoordinate('x'),
		y: viewportCoordinate('y'),
		button: mouseButton,
		clickCount: z.number().int().min(1).max(3).default(1).describe('2 for a double click.'),
		delayMs: z
			.number()
			.int()
			.min(0)
			.max(10_000)
			.default(0)
			.describe('How long to hold the button down, in milliseconds.'),
		waitUntilAfter: waitUntilAfterOption,
	},
	async run(context, { x, y, button, clickCount, delayMs, waitUntilAfter }) {
		const point = { x, y };
		// Read what is under the point before clicking: the click may navigate away.
		const seen = await inspectPoint(context.page, point);
		assertInViewport(point, seen);
		const { navigation } = await withLoadAfter(context, waitUntilAfter, async () => {
			await context.page.mouse.click(x, y, { button, clickCount, delay: delayMs });
			rememberPointer(context, point);
		});
		return {
			result: {
				clicked: true,
				x,
				y,
				button,
				clickCount,
				element: seen.element,
				...(navigation && { navigation }),
			},
		};
	},
});
