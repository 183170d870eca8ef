import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('scrollIntoView', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('scrolls the page down to an element far below the fold', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		const inView = () =>
			page.locator('#far-below').evaluate((element) => {
				const rect = element.getBoundingClientRect();
				return rect.top >= 0 && rect.bottom <= window.innerHeight;
			});
		assert.equal(await inView(), false);
		const run = await env.pool.run(key, 'scrollIntoView', { selector: '#far-below' });
		assert.deepEqual(run.result, { scrolled: true });
		assert.equal(await inView(), true);
		assert.ok((await page.evaluate(() => window.scrollY)) > 1_000);
	});

	it('scrolls inside a scrollable box', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'scrollIntoView', { selector: '#scroll-box li', index: 19 });
		const page = await env.page(key);
		assert.ok(
			(await page.locator('#scroll-box').evaluate((box) => box.scrollTop)) > 0,
			'the box scrolled',
		);
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'scrollIntoView', { selector: '#nope', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});
});
