import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('clickAt', () => {
	let env: RunnerEnvironment;
	const key = { owner: 'click-at-tests' };
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	/** Opens /form and returns the centre of #counter in viewport coordinates. */
	async function counterCentre() {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		await page.locator('#counter').scrollIntoViewIfNeeded();
		const box = (await page.locator('#counter').boundingBox())!;
		return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	}
	const clickLog = async () => (await env.page(key)).textContent('#click-log');

	it('clicks whatever is at the point and says what it hit', async () => {
		const point = await counterCentre();
		const run = await env.pool.run<any>(key, 'clickAt', point);
		assert.equal(await clickLog(), 'click:1 dblclick:0 contextmenu:0');
		assert.deepEqual(run.result, {
			clicked: true,
			x: point.x,
			y: point.y,
			button: 'left',
			clickCount: 1,
			element: 'button#counter "Click me"',
		});
	});

	it('double-clicks with clickCount 2 and right-clicks with button right', async () => {
		const point = await counterCentre();
		await env.pool.run(key, 'clickAt', { ...point, clickCount: 2 });
		assert.equal(await clickLog(), 'click:2 dblclick:1 contextmenu:0');
		await env.pool.run(key, 'clickAt', { ...point, button: 'right' });
		assert.equal(await clickLog(), 'click:2 dblclick:1 contextmenu:1');
	});

	it('holds the button for delayMs', async () => {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		await page.locator('#press-target').scrollIntoViewIfNeeded();
		const box = (await page.locator('#press-target').boundingBox())!;
		await env.pool.run(key, 'clickAt', { x: box.x + 10, y: box.y + 10, delayMs: 300 });
		assert.ok(Number(await page.getAttribute('#press-result', 'data-duration')) >= 250);
	});

	it('rejects a point outside the visible area, naming the coordinate', async () => {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const { width, height } = (await env.page(key)).viewportSize()!;
		const right = await failureOf(env.pool.run(key, 'clickAt', { x: width, y: 10 }));
		assert.equal(right.code, 'INVALID_INPUT');
		assert.equal(right.field, 'x');
		assert.equal(
			right.message,
			`The point (${width}, 10) is outside the visible area, which is ${width} × ${height} pixels.`,
		);
		const below = await failureOf(env.pool.run(key, 'clickAt', { x: 10, y: height }));
		assert.equal(below.field, 'y');
		const negative = await failureOf(env.pool.run(key, 'clickAt', { x: -1, y: 10 }));
		assert.equal(negative.code, 'INVALID_INPUT');
		assert.equal(negative.field, 'x');
		assert.equal(await clickLog(), 'click:0 dblclick:0 contextmenu:0');
	});
});
