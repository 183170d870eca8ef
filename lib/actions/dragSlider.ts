import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineAction, elementTarget, locate, type ActionContext } from './action';
import { BrowserAgentError } from '../errors';

export const dragSlider = defineAction({
	name: 'dragSlider',
	description:
		'Drag a slider handle like a person would: press on the handle, move along an eased, slightly wobbly path (with a small overshoot and correction), release. Passes slider checks that reject instant straight drags.',
	input: {
		...elementTarget,
		distance: z
			.number()
			.min(-10_000)
			.max(10_000)
			.optional()
			.describe('How far to drag the handle, in pixels (negative = left).'),
		trackSelector: z
			.string()
			.trim()
			.min(1)
			.optional()
			.describe(
				'Instead of a distance: the slider track, with targetPercent saying where on it to drop the handle.',
			),
		targetPercent: z
			.number()
			.min(0)
			.max(100)
			.optional()
			.describe('Where on the track to drop the handle: 100 = the far end.'),
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
		if (
			input.distance === undefined &&
			(input.trackSelector === undefined || input.targetPercent === undefined)
		) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'Drag Slider needs a distance, or a track selector with a target percent.',
				{
					field: 'distance',
					advice:
						'Set "distance" in pixels (e.g. 260), or set both "trackSelector" and "targetPercent" (100 = the far end).',
				},
			);
		}
		const handle = locate(context, input);
		await handle.scrollIntoViewIfNeeded({ timeout: context.timeoutMs });
		const handleBox = await handle.boundingBox({ timeout: context.timeoutMs });
		if (!handleBox)
			throw new BrowserAgentError('ELEMENT_NOT_FOUND', 'The slider handle is not visible.');
		const startX = handleBox.x + handleBox.width / 2;
		const startY = handleBox.y + handleBox.height / 2;
		const distance = await resolveDistance(context, input, handleBox);

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
	input: { distance?: number; trackSelector?: string; targetPercent?: number },

	handleBox: { x: number; width: number },
): Promise<number> {
	if (input.distance !== undefined) return input.distance;
	const trackBox = await locate(context, { selector: input.trackSelector! }).boundingBox({
		timeout: context.timeoutMs,
	});
	if (!trackBox)
		throw new BrowserAgentError('ELEMENT_NOT_FOUND', 'The slider track is not visible.', {
			selector: input.trackSelector!,
		});
	const travel = trackBox.width - handleBox.width;
	return trackBox.x + (travel * input.targetPercent!) / 100 - handleBox.x;
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
