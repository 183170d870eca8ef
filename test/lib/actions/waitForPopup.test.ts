import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('waitForPopup', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('takes the popup a click in an earlier step opened, and switches to it', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		await env.pool.run(key, 'click', { selector: '#window-open' });
		const run = await env.pool.run<any>(key, 'waitForPopup', {});
		assert.deepEqual(run.result.tab, {
			index: 1,
			url: `${env.site.url}/popup?via=js`,
			title: 'Popup',
			current: true,
		});
		assert.equal(run.result.switched, true);
		assert.equal(run.result.tabCount, 2);
		assert.equal(run.url, `${env.site.url}/popup?via=js`);
		assert.equal(run.title, 'Popup');
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: '#popup-via' })).result.text,
			'js',
		);
	});

	it('clicks the given element and waits for the target=_blank tab it opens', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		const run = await env.pool.run<any>(key, 'waitForPopup', { selector: '#open-popup' });
		assert.equal(run.result.tab.url, `${env.site.url}/popup`);
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: '#popup-via' })).result.text,
			'link',
		);
	});

	it('with switchTo false, stays in the tab; the same popup is not returned twice', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		const first = await env.pool.run<any>(key, 'waitForPopup', {
			selector: '#window-open',
			switchTo: false,
		});
		assert.equal(first.result.tab.current, false);
		assert.equal(first.result.switched, false);
		assert.equal(first.url, `${env.site.url}/tabs`);
		const again = await failureOf(env.pool.run(key, 'waitForPopup', { timeoutMs: 400 }));
		assert.equal(again.code, 'TIMEOUT');
		await env.pool.run(key, 'click', { selector: '#open-popup' });
		const second = await env.pool.run<any>(key, 'waitForPopup', {});
		assert.equal(second.result.tab.url, `${env.site.url}/popup`);
		assert.equal(second.result.tabCount, 3);
	});

	it('fails with TIMEOUT and advice when nothing opens', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		const error = await failureOf(env.pool.run(key, 'waitForPopup', { timeoutMs: 400 }));
		assert.equal(error.code, 'TIMEOUT');
		assert.match(error.message, /No popup or new tab opened within 400 ms/);
		assert.match(error.advice, /target=_blank/);
	});

	it('fails with ELEMENT_NOT_FOUND when the element to click is missing', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		const error = await failureOf(
			env.pool.run(key, 'waitForPopup', { selector: '#missing', timeoutMs: 400 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.selector, '#missing');
	});
});
