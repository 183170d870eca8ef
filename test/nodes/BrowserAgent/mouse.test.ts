import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { humanDragPath } from '../../../lib/actions/dragSlider';
import { SLIDER } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Mouse operations in n8n’s engine', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	/** Where an element lies in the page (document coordinates), measured in a session like the workflow’s. */
	async function measure(path: string, selector: string) {
		const key = { owner: `measure-${path}-${selector}` };
		await sharedPool().run(key, 'navigate', { url: `${site.url}${path}` });
		const pages = (await sharedPool().session(key))!.context.pages();
		const box = (await pages[pages.length - 1].locator(selector).boundingBox())!;
		await sharedPool().close(key);
		return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	}

	it('scrolls with Wheel, then clicks the counter with Click At at the coordinates the scroll left it at', async () => {
		const counter = await measure('/form', '#counter');
		const workflow = chain([
			{
				name: 'Open Form',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Scroll',
				parameters: {
					resource: 'mouse',
					operation: 'wheel',
					deltaY: 600,
					wheelOver: 'point',
					x: 640,
					y: 400,
				},
			},
			{
				name: 'Click Counter',
				parameters: {
					resource: 'mouse',
					operation: 'clickAt',
					x: Math.round(counter.x),
					y: `={{ ${counter.y} - $json.pageScroll.y }}`,
				},
			},
			{
				name: 'Read Log',
				parameters: { resource: 'extract', operation: 'text', selector: '#click-log' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const scrolled = result.items('Scroll')[0].json as any;
		assert.equal(scrolled.scrolled, true);
		assert.ok(scrolled.pageScroll.y > 0);
		const clicked = result.items('Click Counter')[0].json;
		assert.equal(clicked.clicked, true);
		assert.equal(clicked.element, 'button#counter "Click me"');
		assert.equal(result.items('Read Log')[0].json.text, 'click:1 dblclick:0 contextmenu:0');
	});

	it('replays a Drag Path given as JSON and passes the slider check', async () => {
		const start = await measure('/slider', '#slider-handle');
		let tMs = 0;
		const points = [
			{ ...start, tMs: 0 },
			...humanDragPath({
				distance: SLIDER.requiredDistance,
				durationMs: 600,
				overshoot: true,
				jitterPx: 1.5,
			}).map((step) => ({
				x: Math.round((start.x + step.dx) * 10) / 10,
				y: Math.round((start.y + step.dy) * 10) / 10,
				tMs: Math.round((tMs += step.waitMs)),
			})),
		];
		const workflow = chain([
			{
				name: 'Open Slider',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/slider` },
			},
			{
				name: 'Drag',
				parameters: {
					resource: 'mouse',
					operation: 'dragPath',
					points: JSON.stringify(points, null, 2),
				},
			},
			{
				name: 'Move Away',
				parameters: {
					resource: 'mouse',
					operation: 'move',
					x: 20,
					y: 20,
					options: { durationMs: 150 },
				},
			},
			{
				name: 'Read Result',
				parameters: { resource: 'extract', operation: 'text', selector: '#slider-result' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.equal(result.items('Drag')[0].json.points, points.length);
		assert.deepEqual(result.items('Move Away')[0].json.from, {
			x: points.at(-1)!.x,
			y: points.at(-1)!.y,
		});
		assert.equal(result.items('Read Result')[0].json.text, 'Verified: you are human');
	});

	it('passes the slider check with Drag Slider left at its defaults (Distance 0: to the far end)', async () => {
		// Only what a saved workflow holds: n8n leaves out every parameter at its default.
		const workflow = chain([
			{
				name: 'Open Slider',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/slider` },
			},
			{
				name: 'Drag',
				parameters: { resource: 'mouse', operation: 'dragSlider', selector: '#slider-handle' },
			},
			{
				name: 'Read Result',
				parameters: { resource: 'extract', operation: 'text', selector: '#slider-result' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const drag = result.items('Drag')[0].json as any;
		assert.ok(
			Math.abs(drag.requestedDistance - SLIDER.requiredDistance) <= 1,
			`asked for ${drag.requestedDistance}`,
		);
		assert.equal(result.items('Read Result')[0].json.text, 'Verified: you are human');
	});

	it('names the path at fault when the JSON is invalid', async () => {
		const workflow = chain([
			{
				name: 'Open Slider',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/slider` },
			},
			{
				name: 'Drag',
				parameters: {
					resource: 'mouse',
					operation: 'dragPath',
					points: '[{"x": 1, "y": 1, "tMs": 0}]',
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assert.equal(result.status, 'error');
		assert.match(result.error!.message, /points: at least 2 points.*\[INVALID_INPUT\]/);
	});
});
