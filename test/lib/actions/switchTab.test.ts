import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionKey } from '../../../lib';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('switchTab', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	/** Tabs: 0 = /form (Profile), 1 = /tables (Reports), 2 = /tabs; the last one is current. */
	async function threeTabs(): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/tables` });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/tabs` });
		return key;
	}

	it('switches by index; later actions work in that tab', async () => {
		const key = await threeTabs();
		const run = await env.pool.run<any>(key, 'switchTab', { index: 0 });
		assert.deepEqual(run.result.tab, {
			index: 0,
			url: `${env.site.url}/form`,
			title: 'Profile - Acme Finance',
			current: true,
		});
		assert.equal(run.result.tabCount, 3);
		assert.equal(run.url, `${env.site.url}/form`);
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: 'h1' })).result.text,
			'Profile',
		);
		const list = await env.pool.run<any>(key, 'listTabs', {});
		assert.equal(list.result.currentIndex, 0);
	});

	it('switches by URL: wildcard, regular expression or plain text', async () => {
		const key = await threeTabs();
		assert.equal(
			(await env.pool.run<any>(key, 'switchTab', { url: '*/tables' })).result.tab.index,
			1,
		);
		assert.equal(
			(await env.pool.run<any>(key, 'switchTab', { url: '/\\/f[a-z]+$/' })).result.tab.index,
			0,
		);
		assert.equal(
			(await env.pool.run<any>(key, 'switchTab', { url: '/TABS' })).result.tab.index,
			2,
			'plain text matches anywhere, ignoring case',
		);
	});

	it('switches by title', async () => {
		const key = await threeTabs();
		const run = await env.pool.run<any>(key, 'switchTab', { title: 'reports*' });
		assert.equal(run.result.tab.index, 1);
		assert.equal(run.title, 'Reports - Acme Finance');
		assert.equal(
			(await env.pool.run<any>(key, 'switchTab', { title: 'Profile' })).result.tab.index,
			0,
		);
	});

	it('waits for a tab that is still opening', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		await env.pool.run(key, 'click', { selector: '#window-open' });
		const run = await env.pool.run<any>(key, 'switchTab', { url: '*via=js', timeoutMs: 5_000 });
		assert.equal(run.result.tab.index, 1);
		assert.equal(run.url, `${env.site.url}/popup?via=js`);
	});

	it('leaves the frame the flow was in', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/frames` });
		await env.pool.run(key, 'switchFrame', { selector: '#outer-frame' });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/form`, switchTo: false });
		await env.pool.run(key, 'switchTab', { index: 0 });
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: 'h1' })).result.text,
			'Embedded widgets',
		);
	});

	it('needs exactly one of index, url and title', async () => {
		const none = await failureOf(env.pool.run(env.key(), 'switchTab', {}));
		assert.equal(none.code, 'INVALID_INPUT');
		assert.equal(none.field, 'index');
		const two = await failureOf(env.pool.run(env.key(), 'switchTab', { index: 0, title: 'x' }));
		assert.equal(two.code, 'INVALID_INPUT');
		assert.equal(two.field, 'title');
	});

	it('fails with INVALID_INPUT for an index with no tab, listing the open tabs', async () => {
		const key = await threeTabs();
		const error = await failureOf(env.pool.run(key, 'switchTab', { index: 3 }));
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'index');
		assert.match(error.message, /3 open tab/);
		assert.match(error.advice, /0: Profile - Acme Finance \(.*\/form\)/);
	});

	it('fails with TIMEOUT when no tab matches', async () => {
		const key = await threeTabs();
		const error = await failureOf(
			env.pool.run(key, 'switchTab', { title: 'Checkout', timeoutMs: 300 }),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.match(error.message, /No tab’s title matches "Checkout"/);
		assert.match(error.advice, /Reports - Acme Finance/);
	});

	it('rejects a broken regular expression before touching the browser', async () => {
		const error = await failureOf(env.pool.run(env.key(), 'switchTab', { url: '/[a-/' }));
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'url');
	});
});
