import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	failureOf,
	startRunnerEnvironment,
	unreachableUrl,
	type RunnerEnvironment,
} from '../../helpers/runner';

describe('openTab', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('opens a URL in a new tab that becomes the current one', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'openTab', { url: `${env.site.url}/tables` });
		assert.deepEqual(run.result.tab, {
			index: 1,
			url: `${env.site.url}/tables`,
			title: 'Reports - Acme Finance',
			current: true,
		});
		assert.equal(run.result.tabCount, 2);
		assert.equal(run.result.status, 200);
		assert.equal(run.result.ok, true);
		assert.equal(run.url, `${env.site.url}/tables`, 'the run reports the tab it switched to');
		assert.equal(run.title, 'Reports - Acme Finance');
		const heading = await env.pool.run<any>(key, 'extractText', { selector: 'h1' });
		assert.equal(heading.result.text, 'Reports', 'later actions work in the new tab');
	});

	it('leaves the current tab current when switchTo is false', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'openTab', {
			url: `${env.site.url}/tables`,
			switchTo: false,
			waitUntil: 'domcontentloaded',
		});
		assert.equal(run.result.tab.current, false);
		assert.equal(run.result.tab.index, 1);
		assert.equal(run.url, `${env.site.url}/form`);
		assert.equal(run.title, 'Profile - Acme Finance');
		const heading = await env.pool.run<any>(key, 'extractText', { selector: 'h1' });
		assert.equal(heading.result.text, 'Profile');
	});

	it('opens an empty tab without a URL', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'openTab', {});
		assert.equal(run.result.tab.url, 'about:blank');
		assert.equal(run.result.status, null);
		assert.equal(run.url, 'about:blank');
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const tabs = await env.pool.run<any>(key, 'listTabs', {});
		assert.deepEqual(
			tabs.result.tabs.map((tab: any) => tab.url),
			[`${env.site.url}/form`, `${env.site.url}/tables`],
		);
	});

	it('reports an HTTP error status without failing', async () => {
		const run = await env.pool.run<any>(env.key(), 'openTab', {
			url: `${env.site.url}/no-such-page`,
		});
		assert.equal(run.result.status, 404);
		assert.equal(run.result.ok, false);
	});

	it('fails with NAVIGATION_FAILED when the address is unreachable, and closes the new tab again', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'openTab', { url: await unreachableUrl(), timeoutMs: 5_000 }),
		);
		assert.equal(error.code, 'NAVIGATION_FAILED');
		const tabs = await env.pool.run<any>(key, 'listTabs', {});
		assert.equal(tabs.result.count, 1);
		assert.equal(tabs.url, `${env.site.url}/form`);
	});

	it('rejects an invalid URL before opening anything', async () => {
		const error = await failureOf(env.pool.run(env.key(), 'openTab', { url: 'tables' }));
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'url');
	});
});
