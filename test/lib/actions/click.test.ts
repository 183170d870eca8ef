import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('click', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('submits the login form and lands on the dashboard', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		const page = await env.page(key);
		await page.waitForURL('**/dashboard');
		assert.equal(await page.textContent('#welcome'), 'Welcome, admin');
	});

	it('waits for an element that appears late, and for a button that becomes enabled', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=700` });
		await env.pool.run(key, 'click', { selector: '#late-button', timeoutMs: 5_000 });
		assert.equal(await (await env.page(key)).textContent('#late-result'), 'clicked');
		await env.pool.run(key, 'click', { selector: '#disabled-then-enabled', timeoutMs: 5_000 });
	});

	it('accepts XPath, text= and role= selectors', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'click', { selector: '//button[@id="counter"]' });
		await env.pool.run(key, 'click', { selector: 'xpath=//button[@id="counter"]' });
		await env.pool.run(key, 'click', { selector: '#counter' });
		assert.match((await (await env.page(key)).textContent('#click-log'))!, /click:3/);
		const roleRun = await env.pool.run(key, 'click', {
			selector: 'role=button[name="Save profile"]',
		});
		assert.deepEqual(roleRun.result, { clicked: true });
	});

	it('double clicks and right clicks', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'click', { selector: '#counter', clickCount: 2 });
		await env.pool.run(key, 'click', { selector: '#counter', button: 'right' });
		const log = (await (await env.page(key)).textContent('#click-log'))!;
		assert.match(log, /dblclick:1/);
		assert.match(log, /contextmenu:1/);
	});

	it('fails with ELEMENT_NOT_FOUND naming the selector when nothing matches', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: '#does-not-exist', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.selector, '#does-not-exist');
		assert.equal(error.action, 'click');
		assert.match(error.message, /#does-not-exist/);
		assert.match(error.advice, /selector/);
	});

	it('fails with TIMEOUT saying what it saw when the element never becomes clickable', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=60000` });
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: '#disabled-then-enabled', timeoutMs: 600 }),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.match(error.message, /not enabled|disabled/i);
	});

	it('refuses an ambiguous selector unless an index picks the match', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(env.pool.run(key, 'click', { selector: 'input[name="plan"]' }));
		assert.equal(error.code, 'ELEMENT_AMBIGUOUS');
		assert.match(error.advice, /Index/);
		await env.pool.run(key, 'click', { selector: 'input[name="plan"]', index: 1 });
		assert.equal(await (await env.page(key)).isChecked('#plan-pro'), true);
	});
});
