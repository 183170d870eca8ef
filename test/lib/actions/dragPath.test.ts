import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DRAG_PATH_MAX_POINTS } from '../../../lib/actions/dragPath';
import { humanDragPath } from '../../../lib/actions/dragSlider';
import { SLIDER } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('dragPath', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	/** A fresh session on /slider, and the centre of the slider handle. */
	async function openSlider() {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		const page = await env.page(key);
		const box = (await page.locator('#slider-handle').boundingBox())!;
		return { key, page, start: { x: box.x + box.width / 2, y: box.y + box.height / 2 } };
	}
	const result = async (page: Awaited<ReturnType<typeof openSlider>>['page']) => ({
		status: await page.getAttribute('#slider-result', 'data-status'),
		text: await page.textContent('#slider-result'),
	});

	it('replays a human-like recorded path (given as JSON text) and passes the slider check', async () => {
		const { key, page, start } = await openSlider();
		let tMs = 0;
		const recorded = [
			{ ...start, tMs: 0 },
			...humanDragPath({
				distance: SLIDER.requiredDistance,
				durationMs: 600,
				overshoot: true,
				jitterPx: 1.5,
			}).map((step) => ({
				x: start.x + step.dx,
				y: start.y + step.dy,
				tMs: (tMs += step.waitMs),
			})),
		];
		const run = await env.pool.run<any>(key, 'dragPath', { points: JSON.stringify(recorded) });
		assert.equal((await result(page)).status, 'passed', JSON.stringify(await result(page)));
		assert.equal(run.result.points, recorded.length);
		assert.equal(run.result.plannedMs, Math.round(tMs));
		assert.ok(
			run.result.durationMs >= run.result.plannedMs - 1,
			'the timings are honoured, not rushed',
		);
		// The page saw the press at the first point and the release at the last.
		const events: Array<{ type: string; x: number; y: number }> = await page.evaluate(
			() => (window as any).sliderEvents,
		);
		assert.equal(events[0].type, 'pointerdown');
		assert.equal(events.at(-1)!.type, 'pointerup');
		assert.ok(Math.abs(events.at(-1)!.x - recorded.at(-1)!.x) <= 1);
	});

	it('fails the slider check with a robotic two-point path (the page judges, not the action)', async () => {
		const { key, page, start } = await openSlider();
		const run = await env.pool.run<any>(key, 'dragPath', {
			points: [
				{ ...start, tMs: 0 },
				{ x: start.x + SLIDER.requiredDistance, y: start.y, tMs: 300 },
			],
		});
		assert.equal(run.result.dragged, true);
		assert.match((await result(page)).text!, /too few moves/);
	});

	it('validates the path: at least 2 points, times never going back, bounded length, valid JSON, within the timeout', async () => {
		const key = env.key();
		const invalid = async (points: unknown, extra: object = {}) =>
			failureOf(env.pool.run(key, 'dragPath', { points, ...extra }));

		const single = await invalid([{ x: 1, y: 1, tMs: 0 }]);
		assert.equal(single.code, 'INVALID_INPUT');
		assert.equal(single.field, 'points');
		assert.match(single.message, /at least 2 points/);

		const backwards = await invalid([
			{ x: 1, y: 1, tMs: 0 },
			{ x: 2, y: 1, tMs: 50 },
			{ x: 3, y: 1, tMs: 40 },
		]);
		assert.equal(backwards.field, 'points.2.tMs');
		assert.match(backwards.message, /must not decrease/);

		const tooMany = await invalid(
			Array.from({ length: DRAG_PATH_MAX_POINTS + 1 }, (_, index) => ({
				x: index % 100,
				y: 1,
				tMs: index,
			})),
		);
		assert.equal(tooMany.field, 'points');
		assert.match(tooMany.message, /at most 10000 points/);

		const notJson = await invalid('[{"x": 1, "y": 2, "tMs": 0},');
		assert.equal(notJson.field, 'points');
		assert.match(notJson.message, /not valid JSON/);

		const missingTime = await invalid([
			{ x: 1, y: 1 },
			{ x: 2, y: 2, tMs: 10 },
		]);
		assert.equal(missingTime.field, 'points.0.tMs');

		const tooSlow = await invalid(
			[
				{ x: 1, y: 1, tMs: 0 },
				{ x: 2, y: 1, tMs: 5000 },
			],
			{ timeoutMs: 1000 },
		);
		assert.equal(tooSlow.field, 'points');
		assert.match(tooSlow.message, /takes 5000 ms, longer than the timeout of 1000 ms/);
	});
});
