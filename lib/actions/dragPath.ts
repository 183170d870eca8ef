import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { mouseButton, rememberPointer, roundPoint } from './support/pointer';

export const DRAG_PATH_MAX_POINTS = 10_000;

const pathPoint = z.strictObject({
	x: z
		.number()
		.min(-100_000)
		.max(100_000)
		.describe('Horizontal position in CSS pixels from the left edge of the visible area.'),
	y: z
		.number()
		.min(-100_000)
		.max(100_000)
		.describe('Vertical position in CSS pixels from the top edge of the visible area.'),
	tMs: z
		.number()
		.min(0)
		.max(600_000)
		.describe('When to be at this point, in milliseconds from the start of the path.'),
});

/** The recorded path: a list, or its JSON text (as n8n's JSON parameters and AI tools send it). */
const pathPoints = z.preprocess(
	(value, context) => {
		if (typeof value !== 'string') return value;
		try {
			return JSON.parse(value);
		} catch (error) {
			context.addIssue({
				code: 'custom',
				message: `not valid JSON (${error instanceof Error ? error.message : error})`,
			});
			return z.NEVER;
		}
	},
	z
		.array(pathPoint)
		.min(2, 'at least 2 points are needed: where to press and where to release')
		.max(DRAG_PATH_MAX_POINTS, `at most ${DRAG_PATH_MAX_POINTS} points`)
		.superRefine((points, context) => {
			for (let index = 1; index < points.length; index++) {
				if (points[index].tMs < points[index - 1].tMs) {
					context.addIssue({
						code: 'custom',
						message: `times must not decrease, but point ${index} has tMs ${points[index].tMs} after ${points[index - 1].tMs}`,
						path: [index, 'tMs'],
					});
					return;
				}
			}
		})
		.describe(
			'The path as [{ "x": 10, "y": 20, "tMs": 0 }, …]: the button is pressed at the first point and released at the last, each point reached tMs after the start.',
		),
);

export const dragPath = defineAction({
	name: 'dragPath',
	description:
		'Replay a recorded mouse drag: press at the first point, move through every point at its time (tMs), release at the last. Coordinates are viewport CSS pixels. For drawing, signatures and drag checks that need a particular movement.',
	input: {
		points: pathPoints,
		button: mouseButton,
	},
	async run(context, { points, button }) {
		const start = points[0].tMs;
		const span = points[points.length - 1].tMs - start;
		if (span > context.timeoutMs) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`The path takes ${Math.round(span)} ms, longer than the timeout of ${context.timeoutMs} ms.`,
				{
					field: 'points',
					advice: 'Raise the timeout above the path’s duration, or shorten the path.',
				},
			);
		}
		const mouse = context.page.mouse;
		await mouse.move(points[0].x, points[0].y);
		await mouse.down({ button });
		const pressedAt = performance.now();
		try {
			for (const point of points.slice(1)) {
				const wait = point.tMs - start - (performance.now() - pressedAt);
				// Keep the schedule: pauses are measured from the press, so slow moves do not add up.
				if (wait > 0) await sleep(wait, undefined, { signal: context.signal });
				await mouse.move(point.x, point.y);
			}
		} catch (error) {
			await mouse.up({ button }).catch(() => undefined);
			throw error;
		}
		await mouse.up({ button });
		const last = points[points.length - 1];
		rememberPointer(context, last);
		return {
			result: {
				dragged: true,
				points: points.length,
				from: roundPoint(points[0]),
				to: roundPoint(last),
				plannedMs: Math.round(span),
				durationMs: Math.round(performance.now() - pressedAt),
			},
		};
	},
});
