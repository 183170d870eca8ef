import { z } from 'zod';
import type { Page } from 'playwright';

/** A point on the view as fractions of the picture (0–1), so the viewer needs no page size. */
const point = {
	x: z.number().min(0).max(1),
	y: z.number().min(0).max(1),
};
const button = z.enum(['left', 'right', 'middle']).default('left');

/** What a person can do through the live view: the events its page sends, checked here. */
export const liveInputSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('click'),
		...point,
		button,
		clickCount: z.number().int().min(1).max(3).default(1),
	}),
	z.object({ type: z.literal('down'), ...point, button }),
	z.object({ type: z.literal('move'), ...point }),
	z.object({ type: z.literal('up'), ...point, button }),
	z.object({
		type: z.literal('wheel'),
		...point,
		deltaX: z.number().min(-10_000).max(10_000).default(0),
		deltaY: z.number().min(-10_000).max(10_000),
	}),
	z.object({ type: z.literal('type'), text: z.string().min(1).max(10_000) }),
	// Playwright key names: Enter, Tab, Backspace, ArrowDown, Control+A…
	z.object({ type: z.literal('key'), key: z.string().min(1).max(60) }),
]);

export type LiveInput = z.infer<typeof liveInputSchema>;

/** What the audit keeps of a person's input: what kind, never what was typed. */
export function inputKind(input: LiveInput): string {
	return input.type === 'key'
		? `key ${input.key.length === 1 ? '(a character)' : input.key}`
		: input.type;
}

/** Plays one event on the page, at the point of the picture it names. */
export async function playInput(page: Page, input: LiveInput): Promise<void> {
	if (input.type === 'type') return page.keyboard.type(input.text);
	if (input.type === 'key') return page.keyboard.press(input.key);
	const { width, height } = await viewportOf(page);
	const x = input.x * width;
	const y = input.y * height;
	switch (input.type) {
		case 'click':
			return page.mouse.click(x, y, { button: input.button, clickCount: input.clickCount });
		case 'down':
			await page.mouse.move(x, y);
			return page.mouse.down({ button: input.button });
		case 'move':
			return page.mouse.move(x, y);
		case 'up':
			await page.mouse.move(x, y);
			return page.mouse.up({ button: input.button });
		case 'wheel':
			await page.mouse.move(x, y);
			return page.mouse.wheel(input.deltaX, input.deltaY);
	}
}

/** The page's layout viewport in CSS pixels: the picture shows exactly that. */
export async function viewportOf(page: Page): Promise<{ width: number; height: number }> {
	return (
		page.viewportSize() ??
		(await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight })))
	);
}
