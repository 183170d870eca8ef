import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('mouseWheel', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function openForm() {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		return { key, page: await env.page(key) };
	}

	it('scrolls a scrollable box when turned over it, and reports its new position', async () => {
		const { key, page } = await openForm();
		const run = await env.pool.run<any>(key, 'mouseWheel', {
			selector: '#scroll-box',
			deltaY: 200,
		});
		const position = Number(await page.textContent('#scroll-box-pos'));
		assert.ok(position > 0, `the box scrolled (${position})`);
		assert.equal(run.result.scrolled, true);
		assert.equal(run.result.elementScroll.top, position);
		assert.equal(
			await page.evaluate(() => document.getElementById('scroll-box')!.scrollTop),
			position,
		);

		// The pointer stays over the box: a wheel "where the pointer is" scrolls it further, up again here.
		const back = await env.pool.run<any>(key, 'mouseWheel', { deltaY: -100 });
		assert.equal(back.result.at, null);
		assert.ok(Number(await page.textContent('#scroll-box-pos')) < position);
	});

	it('turns the wheel over a point: over the box scrolls the box, elsewhere the page', async () => {
		const { key, page } = await openForm();
		await page.locator('#scroll-box').scrollIntoViewIfNeeded();
		const box = (await page.locator('#scroll-box').boundingBox())!;
		const overBox = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
		const pageBefore = await page.evaluate(() => window.scrollY);
		const run = await env.pool.run<any>(key, 'mouseWheel', { ...overBox, deltaY: 150 });
		assert.deepEqual(run.result.at, overBox);
		assert.ok(Number(await page.textContent('#scroll-box-pos')) > 0);

		const pageRun = await env.pool.run<any>(key, 'mouseWheel', { x: 5, y: 5, deltaY: 400 });
		assert.ok(
			pageRun.result.pageScroll.y > pageBefore,
			`the page scrolled: ${JSON.stringify(pageRun.result.pageScroll)}`,
		);
		assert.equal(
			pageRun.result.pageScroll.y,
			await page.evaluate(() => Math.round(window.scrollY)),
		);
	});

	it('reports scrolled false when there is nothing left to scroll', async () => {
		const { key } = await openForm();
		const run = await env.pool.run<any>(key, 'mouseWheel', { x: 5, y: 5, deltaY: -300 });
		assert.equal(run.result.scrolled, false);
		assert.deepEqual(run.result.pageScroll, { x: 0, y: 0 });
	});

	it('rejects contradictory or empty input, naming the field', async () => {
		const key = env.key();
		const noDelta = await failureOf(env.pool.run(key, 'mouseWheel', { selector: '#scroll-box' }));
		assert.equal(noDelta.code, 'INVALID_INPUT');
		assert.equal(noDelta.field, 'deltaY');
		const both = await failureOf(
			env.pool.run(key, 'mouseWheel', { selector: '#scroll-box', x: 1, y: 1, deltaY: 10 }),
		);
		assert.equal(both.field, 'x');
		const half = await failureOf(env.pool.run(key, 'mouseWheel', { x: 1, deltaY: 10 }));
		assert.equal(half.field, 'y');
	});

	it('fails with ELEMENT_NOT_FOUND for a missing element', async () => {
		const { key } = await openForm();
		const error = await failureOf(
			env.pool.run(key, 'mouseWheel', { selector: '#no-such-box', deltaY: 100, timeoutMs: 400 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});
});
