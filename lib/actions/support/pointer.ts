import type { Page } from 'playwright';
import { z } from 'zod';
import { storeKey, type ActionContext } from '../action';
import { BrowserAgentError } from '../../errors';

/**
 * Shared by the Mouse actions (clickAt, mouseMove, dragPath, mouseWheel): viewport
 * coordinates, and the pointer position they leave behind, kept per tab in the session store
 * so the next move starts where the last one ended.
 */

export interface Point {
	x: number;
	y: number;
}

const STORE_KEY = storeKey<WeakMap<Page, Point>>('mouse');

/** A coordinate in the visible area, in CSS pixels from its top-left corner. */
export const viewportCoordinate = (axis: 'x' | 'y') =>
	z
		.number()
		.min(
			0,
			`${axis} is measured from the ${axis === 'x' ? 'left' : 'top'} edge of the visible area, so it cannot be negative`,
		)
		.max(100_000)
		.describe(
			`${axis === 'x' ? 'Horizontal' : 'Vertical'} position in CSS pixels from the ${axis === 'x' ? 'left' : 'top'} edge of the visible area (viewport).`,
		);

export const mouseButton = z.enum(['left', 'right', 'middle']).default('left');

function positions(context: ActionContext): WeakMap<Page, Point> {
	return context.session.store.obtain(STORE_KEY, () => new WeakMap());
}

/** Where the last Mouse action of this session left the pointer on the current tab (0, 0 at first). */
export function lastPointer(context: ActionContext): Point {
	return positions(context).get(context.page) ?? { x: 0, y: 0 };
}

export function rememberPointer(context: ActionContext, point: Point): void {
	positions(context).set(context.page, { x: point.x, y: point.y });
}

export const roundPoint = (point: Point): Point => ({
	x: Math.round(point.x * 10) / 10,
	y: Math.round(point.y * 10) / 10,
});

/**
 * The visible area's size, and a short description of the element at a point (what a click
 * there would hit), in one round trip. Element is null when nothing is there.
 */
export async function inspectPoint(
	page: Page,
	point: Point,
): Promise<{ width: number; height: number; element: string | null }> {
	return page.evaluate(({ x, y }) => {
		const element = document.elementFromPoint(x, y);
		let description: string | null = null;
		if (element) {
			const id = element.id ? `#${element.id}` : '';
			const classes = id
				? ''
				: Array.from(element.classList)
						.slice(0, 2)
						.map((name) => `.${name}`)
						.join('');
			const text = ((element as HTMLElement).innerText ?? element.textContent ?? '')
				.replace(/\s+/g, ' ')
				.trim();
			description = `${element.localName}${id}${classes}${text ? ` "${text.length > 40 ? `${text.slice(0, 39)}…` : text}"` : ''}`;
		}
		return { width: window.innerWidth, height: window.innerHeight, element: description };
	}, point);
}

/** Throws INVALID_INPUT when a point lies outside the visible area (a click there would hit nothing). */
export function assertInViewport(
	point: Point,
	viewport: { width: number; height: number },
	fields: { x: string; y: string } = { x: 'x', y: 'y' },
): void {
	const outside =
		point.x >= viewport.width ? fields.x : point.y >= viewport.height ? fields.y : undefined;
	if (outside) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The point (${point.x}, ${point.y}) is outside the visible area, which is ${viewport.width} × ${viewport.height} pixels.`,
			{
				field: outside,
				advice: `Use coordinates from 0 to ${viewport.width - 1} (x) and 0 to ${viewport.height - 1} (y), measured from the top-left corner of the visible area, or scroll first.`,
			},
		);
	}
}
