import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { humanMovePath } from '../../../lib/actions/mouseMove';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('mouseMove', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	/** A fresh session on /form that records every pointer position (coalesced ones included). */
	async function openForm() {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		await page.evaluate(() => {
			(window as any).moves = [];
			document.addEventListener('pointermove', (event) => {
				for (const each of event.getCoalescedEvents().length ? event.getCoalescedEvents() : [event])
					(window as any).moves.push([each.clientX, each.clientY]);
			});
		});
		await page.locator('#hover-target').scrollIntoViewIfNeeded();
		const box = (await page.locator('#hover-target').boundingBox())!;
		return {
			key,
			page,
			target: { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) },
		};
	}

	it('moves along a wobbly path of many steps, firing hover on arrival, and remembers where it ended', async () => {
		const { key, page, target } = await openForm();
		const run = await env.pool.run<any>(key, 'mouseMove', { ...target, jitterPx: 3 });
		assert.equal(await page.textContent('#hover-result'), 'hovered');
		assert.ok(await page.isVisible('#hover-result'));
		assert.deepEqual(run.result.from, { x: 0, y: 0 });
		assert.deepEqual(run.result.to, target);
		assert.ok(run.result.moves >= 18, `moves: ${run.result.moves}`);
		const moves: Array<[number, number]> = await page.evaluate(() => (window as any).moves);
		assert.ok(moves.length >= 10, `pointer events: ${moves.length}`);
		assert.deepEqual(moves.at(-1), [target.x, target.y]);
		// Off the straight line from (0, 0): the sideways wobble.
		const offLine = moves.map(
			([x, y]) => Math.abs(x * target.y - y * target.x) / Math.hypot(target.x, target.y),
		);
		assert.ok(Math.max(...offLine) > 0.5, 'not a perfectly straight line');

		const away = await env.pool.run<any>(key, 'mouseMove', { x: 5, y: 5, durationMs: 200 });
		assert.deepEqual(away.result.from, target, 'starts where the last move ended');
		assert.equal(await page.isVisible('#hover-result'), false);
	});

	it('jumps at once with durationMs 0, and sends exactly the requested steps', async () => {
		const { key, target } = await openForm();
		const jump = await env.pool.run<any>(key, 'mouseMove', { ...target, durationMs: 0 });
		assert.equal(jump.result.moves, 1);
		const stepped = await env.pool.run<any>(key, 'mouseMove', {
			x: 400,
			y: 300,
			durationMs: 150,
			steps: 7,
		});
		assert.equal(stepped.result.moves, 7);
		assert.deepEqual(stepped.result.from, target);
	});

	it('rejects a target outside the visible area and a duration beyond the timeout', async () => {
		const { key } = await openForm();
		const outside = await failureOf(env.pool.run(key, 'mouseMove', { x: 100, y: 9000 }));
		assert.equal(outside.code, 'INVALID_INPUT');
		assert.equal(outside.field, 'y');
		const tooLong = await failureOf(
			env.pool.run(key, 'mouseMove', { x: 100, y: 100, durationMs: 5000, timeoutMs: 1000 }),
		);
		assert.equal(tooLong.code, 'INVALID_INPUT');
		assert.equal(tooLong.field, 'durationMs');
	});
});

describe('humanMovePath', () => {
	const from = { x: 100, y: 100 };
	const to = { x: 400, y: 500 };
	const distanceFromLine = (point: { x: number; y: number }) =>
		Math.abs((to.x - from.x) * (from.y - point.y) - (from.x - point.x) * (to.y - from.y)) /
		Math.hypot(to.x - from.x, to.y - from.y);

	it('ends exactly on the target, wobbling at most jitterPx off the line, taking about the duration', () => {
		const path = humanMovePath(from, to, { durationMs: 500, jitterPx: 2 });
		assert.deepEqual({ x: path.at(-1)!.x, y: path.at(-1)!.y }, to);
		assert.ok(path.every((point) => distanceFromLine(point) <= 2.0001));
		assert.ok(
			path.some((point) => distanceFromLine(point) > 0.05),
			'not perfectly straight',
		);
		const total = path.reduce((sum, point) => sum + point.waitMs, 0);
		assert.ok(total > 300 && total < 700, `waits add up to ${total}`);
		// Eased: the middle steps are longer than the first and last ones.
		const steps = path
			.slice(1)
			.map((point, index) => Math.hypot(point.x - path[index].x, point.y - path[index].y));
		assert.ok(
			steps[Math.floor(steps.length / 2)] > steps[0] &&
				steps[Math.floor(steps.length / 2)] > steps.at(-2)!,
		);
	});

	it('resamples to exactly the requested number of steps, still in order along the line', () => {
		for (const steps of [1, 5, 40, 200]) {
			const path = humanMovePath(from, to, { durationMs: 400, steps, jitterPx: 0 });
			assert.equal(path.length, steps);
			assert.deepEqual({ x: path.at(-1)!.x, y: path.at(-1)!.y }, to);
			const progress = path.map((point) => point.y);
			assert.ok(
				progress.every((y, index) => index === 0 || y >= progress[index - 1] - 1e-9),
				'never goes back',
			);
			assert.ok(path.every((point) => distanceFromLine(point) < 1e-6));
		}
	});
});
