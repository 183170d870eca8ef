import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator } from 'playwright';
import { z } from 'zod';
import { defineAction, elementTarget, locate, type ActionContext } from './action';
import { BrowserAgentError } from '../errors';

export const dragSlider = defineAction({
	name: 'dragSlider',
	description:
		'Drag a slider handle like a person would: press on the handle, move along an eased, slightly wobbly path (with a small overshoot and correction), release. Passes slider checks that reject instant straight drags. Without a distance it drags to targetPercent (default 100 = the far end) of the track: trackSelector, or else the element around the handle.',
	input: {
		...elementTarget,
		distance: z
			.number()
			.min(-10_000)
			.max(10_000)
			.optional()
			.describe(
				'How far to drag the handle, in pixels (negative = left). Leave empty to drag to targetPercent of the track.',
			),
		trackSelector: z
			.string()
			.trim()
			.min(1)
			.optional()
			.describe(
				'The slider track (the bar the handle moves along), for targetPercent. Leave empty to use the nearest element around the handle that is wider than it by at least a handle width.',
			),
		targetPercent: z
			.number()
			.min(0)
			.max(100)
			.default(100)
			.describe('Without a distance: where on the track to drop the handle; 100 = the far end.'),
		durationMs: z
			.number()
			.int()
			.min(100)
			.max(10_000)
			.optional()
			.describe('How long the drag takes; random 450-800 ms if empty.'),
		overshoot: z
			.boolean()
			.default(true)
			.describe('Go slightly past the target and come back, as people do.'),
		jitterPx: z
			.number()
			.min(0)
			.max(10)
			.default(1.5)
			.describe('Largest vertical wobble, in pixels.'),
	},
	async run(context, input) {
		const handle = locate(context, input);
		await handle.scrollIntoViewIfNeeded({ timeout: context.timeoutMs });
		const handleBox = await handle.boundingBox({ timeout: context.timeoutMs });
		if (!handleBox)
			throw new BrowserAgentError('ELEMENT_NOT_FOUND', 'The slider handle is not visible.');
		const startX = handleBox.x + handleBox.width / 2;
		const startY = handleBox.y + handleBox.height / 2;
		const distance = await resolveDistance(context, input, handle, handleBox);

		const durationMs = input.durationMs ?? 450 + Math.random() * 350;
		const path = humanDragPath({
			distance,
			durationMs,
			overshoot: input.overshoot,
			jitterPx: input.jitterPx,
		});
		const mouse = context.page.mouse;
		await mouse.move(startX - 3 - Math.random() * 6, startY + (Math.random() - 0.5) * 4);
		await mouse.move(startX, startY, { steps: 3 });
		await sleep(60 + Math.random() * 80, undefined, { signal: context.signal });
		await mouse.down();
		try {
			for (const point of path) {
				await sleep(point.waitMs, undefined, { signal: context.signal });
				await mouse.move(startX + point.dx, startY + point.dy);
			}
			await sleep(60 + Math.random() * 90, undefined, { signal: context.signal });
		} finally {
			await mouse.up();
		}
		const endBox = await handle.boundingBox({ timeout: context.timeoutMs }).catch(() => null);
		return {
			result: {
				requestedDistance: Math.round(distance * 10) / 10,
				movedDistance: endBox ? Math.round((endBox.x - handleBox.x) * 10) / 10 : null,
				moves: path.length,
				durationMs: Math.round(path.reduce((sum, point) => sum + point.waitMs, 0)),
			},
		};
	},
});

async function resolveDistance(
	context: ActionContext,
	input: { distance?: number; trackSelector?: string; targetPercent: number },
	handle: Locator,
	handleBox: { x: number; width: number },
): Promise<number> {
	if (input.distance !== undefined) return input.distance;
	if (input.trackSelector === undefined) {
		const offset = await handle.evaluate(aroundHandle, TRACK_SEARCH_DEPTH);
		if (offset === null)
			throw new BrowserAgentError('ELEMENT_NOT_FOUND', 'No slider track found around the handle.', {
				field: 'trackSelector',
				advice:
					'Set "trackSelector" to the bar the handle moves along (e.g. .slider-track), or set "distance" in pixels.',
			});
		return offset.start + (offset.travel * input.targetPercent) / 100;
	}
	const trackBox = await locate(context, { selector: input.trackSelector }).boundingBox({
		timeout: context.timeoutMs,
	});
	if (!trackBox)
		throw new BrowserAgentError('ELEMENT_NOT_FOUND', 'The slider track is not visible.', {
			selector: input.trackSelector,
		});
	const travel = trackBox.width - handleBox.width;
	return trackBox.x + (travel * input.targetPercent) / 100 - handleBox.x;
}

/** How many elements up from the handle to look for its track: sliders wrap the handle in a few at most. */
const TRACK_SEARCH_DEPTH = 5;

/**
 * Runs in the page: the nearest element around the handle that leaves it room to travel (wider by at
 * least one handle width), as the handle's offset from the track's start and the track's travel.
 * Offsets, not coordinates, so a slider inside a frame measures the same.
 */
function aroundHandle(handle: Element, depth: number): { start: number; travel: number } | null {
	const box = handle.getBoundingClientRect();
	let track = handle.parentElement;
	// The page itself is never the track: a handle without one should fail, not fly to the window's edge.
	for (
		let level = 0;
		track && track !== document.body && level < depth;
		level++, track = track.parentElement
	) {
		const trackBox = track.getBoundingClientRect();
		const travel = trackBox.width - box.width;
		if (travel >= box.width) return { start: trackBox.x - box.x, travel };
	}
	return null;
}

interface DragPoint {
	dx: number;
	dy: number;
	waitMs: number;
}

/**
 * Pointer offsets from the handle's centre for a human-looking drag: a minimum-jerk speed
 * profile (slow start, fast middle, slow end), uneven frame timing, a smooth vertical wobble,
 * and an optional overshoot that is corrected at a slower pace.
 */
export function humanDragPath(options: {
	distance: number;
	durationMs: number;
	overshoot: boolean;
	jitterPx: number;
}): DragPoint[] {
	const { distance, durationMs, jitterPx } = options;
	const direction = Math.sign(distance) || 1;
	const overshootPx =
		options.overshoot && Math.abs(distance) > 20 ? direction * (3 + Math.random() * 6) : 0;
	const mainSteps = Math.max(18, Math.round((durationMs * 0.8) / 16));
	const correctionSteps = overshootPx ? Math.max(4, Math.round((durationMs * 0.2) / 22)) : 0;
	const frameMs = durationMs / (mainSteps + correctionSteps);

	let wobble = 0;
	const nextDy = () => {
		wobble = Math.max(
			-jitterPx,
			Math.min(jitterPx, wobble + (Math.random() - 0.5) * jitterPx * 0.6),
		);
		return wobble;
	};
	const minimumJerk = (t: number) => t * t * t * (10 - 15 * t + 6 * t * t);

	const points: DragPoint[] = [];
	for (let step = 1; step <= mainSteps; step++) {
		points.push({
			dx: (distance + overshootPx) * minimumJerk(step / mainSteps),
			dy: nextDy(),
			waitMs: frameMs * (0.7 + Math.random() * 0.6),
		});
	}
	for (let step = 1; step <= correctionSteps; step++) {
		points.push({
			dx: distance + overshootPx * (1 - minimumJerk(step / correctionSteps)),
			dy: nextDy() * 0.5,
			waitMs: frameMs * (1 + Math.random() * 0.8),
		});
	}
	// Land exactly on target, close to the original line.
	points.push({ dx: distance, dy: points[points.length - 1].dy * 0.3, waitMs: frameMs });
	return points;
}
