import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('rightClick', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('right-clicks: the page gets a contextmenu event and no click', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'rightClick', { selector: '#counter' });
		assert.deepEqual(run.result, { rightClicked: true });
		assert.equal(
			await (await env.page(key)).textContent('#click-log'),
			'click:0 dblclick:0 contextmenu:1',
		);
	});

	it('refuses an ambiguous selector without an index', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'rightClick', { selector: 'button', timeoutMs: 1_000 }),
		);
		assert.equal(error.code, 'ELEMENT_AMBIGUOUS');
	});

	it('fails with TIMEOUT when the element never becomes clickable', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=60000` });
		const error = await failureOf(
			env.pool.run(key, 'rightClick', { selector: '#late-text', timeoutMs: 600 }),
		);
		assert.equal(error.code, 'TIMEOUT');
	});
});
