import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('emulateMedia', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('switches the colour scheme, media type and reduced motion, leaving the rest as it is', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		const dark = await env.pool.run<any>(key, 'emulateMedia', { colorScheme: 'dark' });
		assert.deepEqual(dark.result, {
			media: 'screen',
			colorScheme: 'dark',
			reducedMotion: 'no-preference',
		});
		assert.equal(
			await page.evaluate(() => window.matchMedia('(prefers-color-scheme: dark)').matches),
			true,
		);

		const print = await env.pool.run<any>(key, 'emulateMedia', {
			media: 'print',
			reducedMotion: 'reduce',
		});
		assert.deepEqual(print.result, {
			media: 'print',
			colorScheme: 'dark',
			reducedMotion: 'reduce',
		});
		assert.equal(await page.evaluate(() => window.matchMedia('print').matches), true);

		const back = await env.pool.run<any>(key, 'emulateMedia', {
			media: 'screen',
			colorScheme: 'light',
			reducedMotion: 'no-preference',
		});
		assert.deepEqual(back.result, {
			media: 'screen',
			colorScheme: 'light',
			reducedMotion: 'no-preference',
		});
	});

	it('needs at least one setting, and only known values', async () => {
		const key = env.key();
		const none = await failureOf(env.pool.run(key, 'emulateMedia', {}));
		assert.equal(none.code, 'INVALID_INPUT');
		assert.equal(none.field, 'media');
		const unknown = await failureOf(env.pool.run(key, 'emulateMedia', { colorScheme: 'sepia' }));
		assert.equal(unknown.code, 'INVALID_INPUT');
		assert.equal(unknown.field, 'colorScheme');
	});
});
