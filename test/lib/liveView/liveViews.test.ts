import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright';
import type { LiveViews } from '../../../lib';
import { failureOf, type RunnerEnvironment } from '../../helpers/runner';
import { ESCAPE_HOST } from '../../../scripts/fixture-site/expected';
import { aimAt, startLiveViewEnvironment, type LiveViewEnvironment } from '../../helpers/liveView';

describe('LiveViews: the runner’s own live view server', () => {
	let env: RunnerEnvironment;
	let live: LiveViews;
	let person: Browser;
	let setup: LiveViewEnvironment;

	before(async () => {
		setup = await startLiveViewEnvironment();
		({ env, live, person } = setup);
	});
	after(() => setup.close());

	it('waits for a person: they act on the page through the link and press Done; the flow goes on from there', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/pick` });
		let link = '';
		const waiting = live.waitForHuman(
			key,
			{ message: 'Approve the payment, then press Done', timeoutMs: 60_000 },
			(url) => (link = url),
		);
		while (!link) await new Promise((resolve) => setTimeout(resolve, 20));
		assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/live\/[\w-]{32}$/, 'on loopback, unguessable');

		const view = await (
			await person.newContext({ viewport: { width: 1400, height: 1000 } })
		).newPage();
		await view.goto(link);
		assert.equal(await view.locator('h1').textContent(), 'Approve the payment, then press Done');
		await view.waitForFunction(
			() => (document.getElementById('view') as HTMLImageElement).naturalWidth > 0,
		);
		const page = await env.page(key);
		const aim = async (selector: string) => {
			const { x, y } = await aimAt(page, view, selector);
			return [x, y] as const;
		};
		await view.mouse.click(...(await aim('#approver')));
		await view.keyboard.type('Dana');
		await view.mouse.click(...(await aim('#approve')));
		await page.locator('#approved', { hasText: 'Approved by Dana' }).waitFor();
		await view.locator('#done').click();

		const run = await waiting;
		assert.equal(run.result.timedOut, false);
		assert.equal(run.result.url, `${env.site.url}/pick`);
		assert.ok(
			run.result.personActions.down >= 2 && run.result.personActions.type === 4,
			JSON.stringify(run.result.personActions),
		);
		const after = await env.pool.run<any>(key, 'extractText', { selector: '#approved' });
		assert.equal(after.result.text, 'Approved by Dana');
		// The record says a person acted, not what they typed.
		const session = (await env.pool.session(key))!;
		const record = session.history.find((entry) => entry.action === 'waitForHuman')!;
		assert.ok(record, 'recorded like any action');
		assert.ok(!JSON.stringify(record).includes('Dana'));
		// The link died with the wait.
		await view.locator('#ended').waitFor();
		const late = await fetch(`${link}/input`, {
			method: 'POST',
			body: JSON.stringify({ type: 'type', text: 'x' }),
		});
		assert.equal(late.status, 410);
	});

	it('what the policy refuses the person is blocked and counted, and fails neither the wait nor the next action', async () => {
		const key = env.key();
		await env.pool.open(key, { environment: { policy: { allowedDomains: ['127.0.0.1'] } } });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/pick` });
		const page = await env.page(key);
		const elsewhere = env.site.url.replace('127.0.0.1', ESCAPE_HOST);
		await page.evaluate((href) => {
			document.body.insertAdjacentHTML(
				'afterbegin',
				`<p><a id="away" href="${href}/form">Partner</a></p>`,
			);
		}, elsewhere);
		let link = '';
		const waiting = live.waitForHuman(key, { timeoutMs: 60_000 }, (url) => (link = url));
		while (!link) await new Promise((resolve) => setTimeout(resolve, 20));
		const view = await (
			await person.newContext({ viewport: { width: 1400, height: 1000 } })
		).newPage();
		await view.goto(link);
		await view.waitForFunction(
			() => (document.getElementById('view') as HTMLImageElement).naturalWidth > 0,
		);
		const refused = page.waitForEvent('requestfailed');
		const { x, y } = await aimAt(page, view, '#away');
		await view.mouse.click(x, y);
		assert.match((await refused).url(), new RegExp(ESCAPE_HOST));
		await view.locator('#done').click();
		const run = await waiting;
		assert.equal(run.result.timedOut, false);
		const status = (await env.pool.status(key))!;
		assert.ok((status.blockedByPolicy?.byHost[ESCAPE_HOST] ?? 0) >= 1, JSON.stringify(status));
		const next = await env.pool.run(key, 'getPageInfo', {});
		assert.ok(!String(next.url).includes(ESCAPE_HOST), `nothing of ${ESCAPE_HOST}: ${next.url}`);
		await view.context().close();
	});

	it('at the time limit: goes on with timedOut, or fails with TIMEOUT when asked', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/pick` });
		const went = await live.waitForHuman(key, { timeoutMs: 500 }, () => undefined);
		assert.equal(went.result.timedOut, true);
		const failed = await failureOf(
			live.waitForHuman(key, { timeoutMs: 500, onTimeLimit: 'fail' }, () => undefined),
		);
		assert.equal(failed.code, 'TIMEOUT');
		assert.match(failed.message, /Nobody pressed Done/);
	});

	it('an interactive link’s input waits for the step the flow is running, then reaches the page', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/pick` });
		const { url, end } = await live.link(key, { interactive: true });
		const step = env.pool
			.run(key, 'waitFor', { until: 'delay', delayMs: 1_500 })
			.then(() => Date.now());
		await new Promise((resolve) => setTimeout(resolve, 300));
		const typed = fetch(`${url}/input`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ type: 'key', key: 'Tab' }),
		}).then((answer) => ({ status: answer.status, at: Date.now() }));
		const [stepEnded, input] = await Promise.all([step, typed]);
		assert.equal(input.status, 200);
		assert.ok(input.at >= stepEnded, `the input waited for the step (${input.at - stepEnded} ms)`);
		end();
	});

	it('gives a view-only link to watch a running session; it ends with the session', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const { url } = await live.link(key);
		const state = await (await fetch(`${url}/state`)).json();
		assert.equal(state.interactive, false);
		assert.equal(state.url, `${env.site.url}/tables`);
		await env.pool.close(key);
		const ended = await (await fetch(`${url}/state`)).json();
		assert.equal(ended.ended, true);
		const noSession = await failureOf(live.link(key));
		assert.equal(noSession.code, 'SESSION_CLOSED');
	});
});
