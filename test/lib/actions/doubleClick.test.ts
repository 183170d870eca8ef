import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('doubleClick', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('double-clicks: the page sees one dblclick and two clicks', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'doubleClick', { selector: '#counter' });
		assert.deepEqual(run.result, { doubleClicked: true });
		assert.equal(
			await (await env.page(key)).textContent('#click-log'),
			'click:2 dblclick:1 contextmenu:0',
		);
	});

	it('picks a match by index', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'doubleClick', { selector: 'button', index: 2 });
		// The third button of /form is #counter (after #file-chooser-button and #submit).
		assert.match((await (await env.page(key)).textContent('#click-log'))!, /dblclick:1/);
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'doubleClick', { selector: '#nope', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.action, 'doubleClick');
	});

	it('with waitUntilAfter load, returns once the page a double-clicked link opened has loaded', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slow-links?ms=1000` });
		const run = await env.pool.run<any>(key, 'doubleClick', {
			selector: '#slow-link',
			waitUntilAfter: 'load',
		});
		assert.equal(run.result.navigation.navigated, true);
		assert.equal(await (await env.page(key)).textContent('h1'), 'Report ready');
	});
});
