import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('longPress', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('holds the button for about 800 ms by default: the page sees a long press', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'longPress', { selector: '#press-target' });
		assert.deepEqual(run.result, { pressed: true, durationMs: 800 });
		const page = await env.page(key);
		assert.match((await page.textContent('#press-result'))!, /\(long press\)$/);
		const held = Number(await page.getAttribute('#press-result', 'data-duration'));
		assert.ok(held >= 750, `held ${held} ms`);
	});

	// Only a lower bound: how much longer than asked the page sees the button down is the time the
	// release takes to reach it, which grows with the machine's load (a 200 ms hold was seen as 590 ms).
	// Asking for more than the 800 ms default tells the given duration from the default.
	it('holds for the given duration', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'longPress', {
			selector: '#press-target',
			durationMs: 1_500,
		});
		assert.deepEqual(run.result, { pressed: true, durationMs: 1_500 });
		const page = await env.page(key);
		const held = Number(await page.getAttribute('#press-result', 'data-duration'));
		assert.ok(held >= 1_450, `held ${held} ms`);
	});

	it('refuses a hold longer than the timeout, naming durationMs', async () => {
		const error = await failureOf(
			env.pool.run(env.key(), 'longPress', {
				selector: '#press-target',
				durationMs: 5_000,
				timeoutMs: 2_000,
			}),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'durationMs');
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'longPress', { selector: '#nope', durationMs: 100, timeoutMs: 600 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});
});
