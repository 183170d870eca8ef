import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import { HIGHLIGHT_OVERLAY_ID } from '../../../lib/actions/highlight';

describe('highlight', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	const boxes = `#${HIGHLIGHT_OVERLAY_ID} > div`;

	it('draws a numbered box around every match, which the next screenshot shows', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/cards` });
		const before = await env.pool.run(key, 'screenshot', {});
		const run = await env.pool.run(key, 'highlight', { selector: '#cards .card' });
		const page = await env.page(key);
		const count = await page.locator('#cards .card').count();
		assert.deepEqual(run.result, { count, drawn: count });
		assert.equal(await page.locator(boxes).count(), count);
		assert.deepEqual(
			await page.locator(`${boxes} > span`).allTextContents(),
			Array.from({ length: count }, (_, index) => String(index)),
		);
		// Each box sits on its element.
		const card = (await page.locator('#cards .card').nth(1).boundingBox())!;
		const box = (await page.locator(boxes).nth(1).boundingBox())!;
		assert.ok(
			Math.abs(box.x - (card.x - 2)) <= 1 && Math.abs(box.y - (card.y - 2)) <= 1,
			`box ${JSON.stringify(box)} on card ${JSON.stringify(card)}`,
		);
		const after = await env.pool.run(key, 'screenshot', {});
		assert.notDeepEqual(after.files[0].bytes, before.files[0].bytes);
	});

	it('does not get in the way of clicks, adds up, clears on request, and disappears on navigation', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'highlight', {
			selector: '#counter',
			label: 'Counter',
			color: 'orange',
		});
		await env.pool.run(key, 'click', { selector: '#counter' });
		const page = await env.page(key);
		assert.match((await page.textContent('#click-log'))!, /click:1/);
		assert.equal(await page.locator(`${boxes} > span`).textContent(), 'Counter 0');

		await env.pool.run(key, 'highlight', { selector: 'input[name="plan"]', index: 1 });
		assert.equal(await page.locator(boxes).count(), 2);
		assert.equal(await page.locator(`${boxes} > span`).nth(1).textContent(), '1');
		const cleared = await env.pool.run(key, 'highlight', {
			selector: '#submit',
			clearPrevious: true,
		});
		assert.deepEqual(cleared.result, { count: 1, drawn: 1 });
		assert.equal(await page.locator(boxes).count(), 1);

		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		assert.equal(await page.locator(`#${HIGHLIGHT_OVERLAY_ID}`).count(), 0);
	});

	it('counts hidden matches but draws no box for them', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'highlight', { selector: 'input[type="file"]' });
		assert.deepEqual(run.result, { count: 2, drawn: 1 });
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches, and rejects a bad colour', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'highlight', { selector: '.nothing', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		const colour = await failureOf(
			env.pool.run(key, 'highlight', { selector: '#counter', color: 'red;display:none' }),
		);
		assert.equal(colour.code, 'INVALID_INPUT');
		assert.equal(colour.field, 'color');
	});
});
