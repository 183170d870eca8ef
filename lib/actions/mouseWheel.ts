import { z } from 'zod';
import { defineAction, elementTarget, locate, type ActionContext } from './action';
import { BrowserAgentError } from '../errors';
import {
	assertInViewport,
	inspectPoint,
	rememberPointer,
	roundPoint,
	viewportCoordinate,
	type Point,
} from './support/pointer';

const wheelDelta = (axis: 'X' | 'Y') =>
	z
		.number()
		.min(-100_000)
		.max(100_000)
		.default(0)
		.describe(
			axis === 'Y'
				? 'Pixels to scroll down (negative = up).'
				: 'Pixels to scroll right (negative = left).',
		);

export const mouseWheel = defineAction({
	name: 'mouseWheel',
	description:
		'Turn the mouse wheel, like a person scrolling: over an element (the pointer moves to its centre first), over a point of the visible area, or where the pointer is. Reports the scroll positions afterwards.',
	input: {
		deltaX: wheelDelta('X'),
		deltaY: wheelDelta('Y'),
		selector: elementTarget.selector
			.optional()
			.describe('Move the pointer over this element first (a Playwright selector).'),
		index: elementTarget.index,
		x: viewportCoordinate('x').optional(),
		y: viewportCoordinate('y').optional(),
	},
	async run(context, { deltaX, deltaY, selector, index, x, y }) {
		if (deltaX === 0 && deltaY === 0) {
			throw new BrowserAgentError('INVALID_INPUT', 'The wheel needs a distance to scroll.', {
				field: 'deltaY',
				advice: 'Set "deltaY" (e.g. 300 scrolls down, -300 up) or "deltaX" (sideways).',
			});
		}
		if (selector !== undefined && (x !== undefined || y !== undefined)) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'Turn the wheel over an element or over a point, not both.',
				{
					field: 'x',
					advice:
						'Leave "x" and "y" empty to use the element, or leave "selector" empty to use the point.',
				},
			);
		}
		if ((x === undefined) !== (y === undefined)) {
			throw new BrowserAgentError('INVALID_INPUT', 'A point needs both x and y.', {
				field: x === undefined ? 'x' : 'y',
				advice: 'Set both "x" and "y", or neither.',
			});
		}
		const at =
			selector !== undefined
				? await elementCentre(context, { selector, index })
				: x !== undefined
					? { x, y: y! }
					: undefined;
		if (at) {
			if (selector === undefined) assertInViewport(at, await inspectPoint(context.page, at));
			await context.page.mouse.move(at.x, at.y);
			rememberPointer(context, at);
		}
		const before = await readScroll(context, selector, index);
		await context.page.mouse.wheel(deltaX, deltaY);
		const after = await readScroll(context, selector, index, before);
		return {
			result: {
				scrolled:
					after.page.x !== before.page.x ||
					after.page.y !== before.page.y ||
					after.element?.top !== before.element?.top ||
					after.element?.left !== before.element?.left,
				deltaX,
				deltaY,
				at: at ? roundPoint(at) : null,
				pageScroll: after.page,
				...(after.element && { elementScroll: after.element }),
			},
		};
	},
});

async function elementCentre(
	context: ActionContext,
	target: { selector: string; index?: number },
): Promise<Point> {
	const element = locate(context, target);
	await element.scrollIntoViewIfNeeded({ timeout: context.timeoutMs });
	const box = await element.boundingBox({ timeout: context.timeoutMs });
	if (!box)
		throw new BrowserAgentError(
			'ELEMENT_NOT_FOUND',
			`The element "${target.selector}" is not visible, so the wheel cannot be turned over it.`,
			{ selector: target.selector },
		);
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

interface ScrollPositions {
	page: Point;
	element?: { top: number; left: number };
}

/**
 * The page's scroll position, and the element's when there is one. With `before`, waits first
 * until scrolling (which may be animated) has stopped: three quiet frames after a change, or
 * about a third of a second without any change, at most about a second in all.
 */
async function readScroll(
	context: ActionContext,
	selector: string | undefined,
	index: number | undefined,
	before?: ScrollPositions,
): Promise<ScrollPositions> {
	const target =
		selector === undefined ? context.scope.locator(':root') : locate(context, { selector, index });
	return target.evaluate(
		readScrollInPage,
		{ withElement: selector !== undefined, before: before ?? null },
		{ timeout: context.timeoutMs },
	);
}

/** Runs in the page: self-contained, no named inner functions. */
async function readScrollInPage(
	element: Element,
	options: { withElement: boolean; before: ScrollPositions | null },
): Promise<ScrollPositions> {
	const before = JSON.stringify(options.before);
	let current: ScrollPositions = { page: { x: 0, y: 0 } };
	let last = before;
	let quietFrames = 0;
	for (let round = 0; round < (options.before ? 60 : 1); round++) {
		if (options.before) await new Promise((resolve) => requestAnimationFrame(resolve));
		current = {
			page: { x: Math.round(window.scrollX), y: Math.round(window.scrollY) },
			...(options.withElement && {
				element: { top: Math.round(element.scrollTop), left: Math.round(element.scrollLeft) },
			}),
		};
		const text = JSON.stringify(current);
		quietFrames = text === last ? quietFrames + 1 : 0;
		last = text;
		if (text !== before ? quietFrames >= 3 : round >= 20) break;
	}
	return current;
}
