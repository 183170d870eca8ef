import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineAction } from './action';
import { humanDragPath } from './dragSlider';
import { BrowserAgentError } from '../errors';
import {
	assertInViewport,
	inspectPoint,
	lastPointer,
	rememberPointer,
	roundPoint,
	viewportCoordinate,
	type Point,
} from './support/pointer';

export const mouseMove = defineAction({
	name: 'mouseMove',
	description:
		'Move the mouse pointer to a point of the visible area like a person would: from where the last Mouse action left it, along an eased, slightly wobbly path with uneven timing. Hover effects fire on the way.',
	retryable: true,
	input: {
		x: viewportCoordinate('x'),
		y: viewportCoordinate('y'),
		durationMs: z
			.number()
			.int()
			.min(0)
			.max(60_000)
			.optional()
			.describe(
				'How long the movement takes, in milliseconds; 0 jumps there at once. Empty: a human pace for the distance (about 0.3 to 1 s).',
			),
		steps: z
			.number()
			.int()
			.min(1)
			.max(1_000)
			.optional()
			.describe(
				'How many intermediate pointer positions to send. Empty: about one per screen frame (16 ms).',
			),
		jitterPx: z
			.number()
			.min(0)
			.max(20)
			.default(1)
			.describe(
				'Largest sideways wobble off the straight line, in pixels; 0 moves in a straight line.',
			),
	},
	async run(context, { x, y, durationMs, steps, jitterPx }) {
		const to = { x, y };
		assertInViewport(to, await inspectPoint(context.page, to));
		const from = lastPointer(context);
		const distance = Math.hypot(to.x - from.x, to.y - from.y);
		const duration = durationMs ?? humanMoveDuration(distance);
		if (duration > context.timeoutMs) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`The movement would take ${duration} ms, longer than the timeout of ${context.timeoutMs} ms.`,
				{
					field: 'durationMs',
					advice: 'Shorten the duration or raise the timeout.',
				},
			);
		}
		const mouse = context.page.mouse;
		const started = performance.now();
		let moves = 1;
		if (duration === 0 || distance < 1) {
			await mouse.move(x, y, { steps: steps ?? 1 });
			moves = steps ?? 1;
		} else {
			const path = humanMovePath(from, to, { durationMs: duration, steps, jitterPx });
			for (const point of path) {
				await sleep(point.waitMs, undefined, { signal: context.signal });
				await mouse.move(point.x, point.y);
			}
			moves = path.length;
		}
		rememberPointer(context, to);
		return {
			result: {
				moved: true,
				from: roundPoint(from),
				to,
				moves,
				durationMs: Math.round(performance.now() - started),
			},
		};
	},
});

/** A person's time to move the pointer over a distance (Fitts-like: longer moves take longer, but not proportionally). */
export function humanMoveDuration(distance: number): number {
	return Math.round((180 + 110 * Math.log2(1 + distance / 25)) * (0.85 + Math.random() * 0.3));
}

export interface MovePoint extends Point {
	/** Pause before moving to this point. */
	waitMs: number;
}

/**
 * Pointer positions from `from` to `to`: humanDragPath's eased, wobbly, unevenly timed
 * profile turned onto the line between the points (the wobble is sideways), resampled to
 * exactly `steps` positions when asked, and ending exactly on `to`.
 */
export function humanMovePath(
	from: Point,
	to: Point,
	options: { durationMs: number; steps?: number; jitterPx: number },
): MovePoint[] {
	const distance = Math.hypot(to.x - from.x, to.y - from.y);
	const along = { x: (to.x - from.x) / distance, y: (to.y - from.y) / distance };
	let profile = humanDragPath({
		distance,
		durationMs: options.durationMs,
		overshoot: false,
		jitterPx: options.jitterPx,
	});
	if (options.steps !== undefined && options.steps !== profile.length) {
		const source = [{ dx: 0, dy: 0, waitMs: 0 }, ...profile];
		const frameMs = options.durationMs / options.steps;
		profile = Array.from({ length: options.steps }, (_, index) => {
			const position = ((index + 1) * (source.length - 1)) / options.steps!;
			const below = Math.floor(position);
			const above = Math.min(source.length - 1, below + 1);
			const share = position - below;
			return {
				dx: source[below].dx + (source[above].dx - source[below].dx) * share,
				dy: source[below].dy + (source[above].dy - source[below].dy) * share,
				waitMs: frameMs * (0.7 + Math.random() * 0.6),
			};
		});
	}
	const path = profile.map((point) => ({
		x: Math.max(0, from.x + along.x * point.dx - along.y * point.dy),
		y: Math.max(0, from.y + along.y * point.dx + along.x * point.dy),
		waitMs: point.waitMs,
	}));
	path[path.length - 1] = { ...to, waitMs: path[path.length - 1].waitMs };
	return path;
}
