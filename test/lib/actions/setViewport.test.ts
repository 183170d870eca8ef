import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer) {
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('setViewport', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('resizes the visible area; screenshots follow', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'setViewport', { width: 600, height: 400 });
		assert.deepEqual(run.result, { viewport: { width: 600, height: 400 }, deviceScaleFactor: 1 });
		const page = await env.page(key);
		assert.deepEqual(
			await page.evaluate(() => [window.innerWidth, window.innerHeight]),
			[600, 400],
		);
		const shot = await env.pool.run(key, 'screenshot', {});
		assert.deepEqual(pngSize(shot.files[0].bytes), { width: 600, height: 400 });
	});

	it('changes the device scale factor, which lasts across navigation, screenshots and later resizes', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		const run = await env.pool.run<any>(key, 'setViewport', {
			width: 800,
			height: 600,
			deviceScaleFactor: 2,
		});
		assert.deepEqual(run.result, { viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
		assert.equal(await page.evaluate(() => window.devicePixelRatio), 2);
		assert.deepEqual(
			await page.evaluate(() => [window.innerWidth, window.innerHeight]),
			[800, 600],
		);

		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		assert.equal(await page.evaluate(() => window.devicePixelRatio), 2, 'after navigating');
		await env.pool.run(key, 'screenshot', {});
		assert.equal(await page.evaluate(() => window.devicePixelRatio), 2, 'after a screenshot');

		const resized = await env.pool.run<any>(key, 'setViewport', { width: 500, height: 400 });
		assert.deepEqual(resized.result, {
			viewport: { width: 500, height: 400 },
			deviceScaleFactor: 2,
		});
		const info = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.equal(info.result.deviceScaleFactor, 2);

		await env.pool.run(key, 'setViewport', { width: 500, height: 400, deviceScaleFactor: 1 });
		assert.equal(await page.evaluate(() => window.devicePixelRatio), 1);
	});

	it('rejects sizes out of range', async () => {
		const key = env.key();
		const narrow = await failureOf(env.pool.run(key, 'setViewport', { width: 50, height: 400 }));
		assert.equal(narrow.code, 'INVALID_INPUT');
		assert.equal(narrow.field, 'width');
		const missing = await failureOf(env.pool.run(key, 'setViewport', { width: 800 }));
		assert.equal(missing.field, 'height');
		const scale = await failureOf(
			env.pool.run(key, 'setViewport', { width: 800, height: 600, deviceScaleFactor: 10 }),
		);
		assert.equal(scale.field, 'deviceScaleFactor');
	});
});
