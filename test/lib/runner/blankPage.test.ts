/**
 * Element actions on a blank tab (about:blank, nothing opened yet). By default they wait their
 * whole timeout, as on any page: a popup still loading or a script may yet fill the tab. With the
 * session option failFastOnBlankPage (the n8n node's manual runs) they give up at once. Either way
 * a failure says the page was blank, not only that nothing matched.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('Element actions on a blank page', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	const BLANK_MESSAGE = /No element matches "#late": the page is blank \(about:blank\)/;

	it('by default, waits for a tab a script fills after a second, and the action succeeds', async () => {
		const key = env.key();
		await env.pool.open(key);
		const page = await env.page(key);
		await page.evaluate(() => {
			setTimeout(() => {
				document.body.innerHTML =
					'<button id="late" onclick="this.textContent = \'clicked\'">Late</button>';
			}, 1_000);
		});
		const started = Date.now();
		const run = await env.pool.run(key, 'click', { selector: '#late', timeoutMs: 10_000 });
		assert.equal(run.action, 'click');
		assert.ok(Date.now() - started >= 700, 'it waited for the content');
		assert.equal(await page.textContent('#late'), 'clicked');
	});

	it('by default, waits the whole timeout on a tab that stays blank, then says it was blank', async () => {
		const key = env.key();
		await env.pool.open(key);
		const started = Date.now();
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: '#late', timeoutMs: 3_000 }),
		);
		const elapsed = Date.now() - started;
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.match(error.message, BLANK_MESSAGE);
		assert.match(error.advice, /Page → Navigate/);
		assert.ok(elapsed >= 2_900, `waited the element timeout, not a shortcut (${elapsed} ms)`);
	});

	it('with failFastOnBlankPage, gives up at once on a blank tab and says why', async () => {
		const key = env.key();
		const started = Date.now();
		const error = await failureOf(
			env.pool.run(
				key,
				'fill',
				{ selector: '#late', value: 'x', timeoutMs: 20_000 },
				{ sessionDefaults: { failFastOnBlankPage: true } },
			),
		);
		const elapsed = Date.now() - started;
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.match(error.message, BLANK_MESSAGE);
		assert.match(error.advice, /Page → Navigate/);
		assert.ok(elapsed < 5_000, `did not wait for the 20 s element timeout (${elapsed} ms)`);
		assert.equal((await env.pool.session(key))?.options.failFastOnBlankPage, true);
	});

	it('on a page with content, a missing element is not called a blank page', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'click', { selector: '#late', timeoutMs: 500 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.doesNotMatch(error.message, /blank/);
	});
});
