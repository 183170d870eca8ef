import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('listTabs', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('lists one empty tab in a fresh session', async () => {
		const run = await env.pool.run<any>(env.key(), 'listTabs', {});
		assert.deepEqual(run.result, {
			tabs: [{ index: 0, url: 'about:blank', title: '', current: true }],
			count: 1,
			currentIndex: 0,
		});
	});

	it('lists popups the page opened as tabs, oldest first, marking the current one', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		const session = (await env.pool.session(key))!;
		const popup = session.context.waitForEvent('page');
		await env.pool.run(key, 'click', { selector: '#open-popup' });
		await (await popup).waitForLoadState();
		const run = await env.pool.run<any>(key, 'listTabs', {});
		assert.deepEqual(run.result, {
			tabs: [
				{ index: 0, url: `${env.site.url}/tabs`, title: 'Tabs - Acme Finance', current: true },
				{ index: 1, url: `${env.site.url}/popup`, title: 'Popup', current: false },
			],
			count: 2,
			currentIndex: 0,
		});
	});
});
