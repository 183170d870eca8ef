import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('hover', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('moves the pointer over the element and leaves it there', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		assert.equal(await page.isVisible('#hover-result'), false);
		const run = await env.pool.run(key, 'hover', { selector: '#hover-target' });
		assert.deepEqual(run.result, { hovered: true });
		assert.equal(await page.isVisible('#hover-result'), true);
		assert.equal(await page.textContent('#hover-result'), 'hovered');
		// Hovering elsewhere leaves the target.
		await env.pool.run(key, 'hover', { selector: '#counter' });
		assert.equal(await page.isVisible('#hover-result'), false);
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'hover', { selector: '#nope', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.action, 'hover');
	});
});
