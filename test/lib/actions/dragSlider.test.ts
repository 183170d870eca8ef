import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { humanDragPath } from '../../../lib/actions/dragSlider';
import { SLIDER } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('dragSlider', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function sliderStatus(key: ReturnType<RunnerEnvironment['key']>) {
		const page = await env.page(key);
		return {
			status: await page.getAttribute('#slider-result', 'data-status'),
			text: await page.textContent('#slider-result'),
		};
	}

	it('passes the slider check that rejects robotic drags, dragging by distance', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		const run = await env.pool.run<any>(key, 'dragSlider', {
			selector: '#slider-handle',
			distance: SLIDER.requiredDistance,
		});
		assert.deepEqual(
			await sliderStatus(key).then((s) => s.status),
			'passed',
			JSON.stringify(await sliderStatus(key)),
		);
		assert.ok(run.result.moves >= 18);
		assert.ok(
			Math.abs(run.result.movedDistance - SLIDER.requiredDistance) <= SLIDER.tolerance,
			`moved ${run.result.movedDistance}`,
		);
	});

	it('passes when dragging to 100 % of the track', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		await env.pool.run(key, 'dragSlider', {
			selector: '#slider-handle',
			trackSelector: '#slider-track',
			targetPercent: 100,
		});
		assert.equal((await sliderStatus(key)).status, 'passed');
	});

	it('drops the handle where asked: 50 % of the track is half the travel (and the check fails)', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		await env.pool.run(key, 'dragSlider', {
			selector: '#slider-handle',
			trackSelector: '#slider-track',
			targetPercent: 50,
		});
		const page = await env.page(key);
		// The page records where the handle was released before it snaps back.
		const released = Number(await page.getAttribute('#slider-result', 'data-distance'));
		assert.ok(Math.abs(released - SLIDER.requiredDistance / 2) <= 3, `released at ${released}`);
		assert.equal((await sliderStatus(key)).status, 'failed');
	});

	it('without a distance or track, drags to the far end of the element around the handle and passes', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		const run = await env.pool.run<any>(key, 'dragSlider', { selector: '#slider-handle' });
		assert.equal(
			(await sliderStatus(key)).status,
			'passed',
			JSON.stringify(await sliderStatus(key)),
		);
		assert.ok(
			Math.abs(run.result.requestedDistance - SLIDER.requiredDistance) <= 1,
			`asked for ${run.result.requestedDistance}`,
		);
	});

	it('names the track field when nothing around the handle can be its track', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		const page = await env.page(key);
		await page.setContent(
			'<div style="width: 50px"><div id="knob" style="width: 40px; height: 20px"></div></div>',
		);
		const error = await failureOf(env.pool.run(key, 'dragSlider', { selector: '#knob' }));
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.field, 'trackSelector');
	});

	it('fails with ELEMENT_NOT_FOUND for a missing handle', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		const error = await failureOf(
			env.pool.run(key, 'dragSlider', { selector: '#no-handle', distance: 100, timeoutMs: 400 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});
});

describe('humanDragPath', () => {
	it('ends exactly on target after an eased, wobbly, uneven path', () => {
		const path = humanDragPath({ distance: 260, durationMs: 600, overshoot: true, jitterPx: 1.5 });
		assert.equal(path.at(-1)!.dx, 260);
		assert.ok(path.length >= 20);
		assert.ok(Math.max(...path.map((point) => point.dx)) > 260, 'overshoots the target');
		assert.ok(
			path.every((point) => Math.abs(point.dy) <= 1.5),
			'wobble stays within the jitter',
		);
		assert.ok(
			new Set(path.map((point) => point.dy.toFixed(2))).size > 3,
			'the vertical position varies',
		);
		const steps = path.slice(1).map((point, i) => Math.abs(point.dx - path[i].dx));
		const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
		const deviation = Math.sqrt(steps.reduce((a, b) => a + (b - mean) ** 2, 0) / steps.length);
		assert.ok(deviation / mean > SLIDER.minStepCv, 'speed is not constant');
		const total = path.reduce((sum, point) => sum + point.waitMs, 0);
		assert.ok(total > 400 && total < 900, `takes about the requested time, took ${total}`);
	});

	it('drags left for a negative distance, without overshoot when asked', () => {
		const path = humanDragPath({ distance: -120, durationMs: 400, overshoot: false, jitterPx: 0 });
		assert.equal(path.at(-1)!.dx, -120);
		assert.ok(path.every((point) => point.dx >= -120 && point.dx <= 0));
		assert.ok(path.every((point) => point.dy === 0));
	});
});
