import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright';
import {
	PASSWORD_NOTE,
	type LiveViews,
	runSteps,
	type HumanWaitResult,
	type RecordedStep,
	type SessionKey,
} from '../../../lib';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import type { RunnerEnvironment } from '../../helpers/runner';
import { aimAt, startLiveViewEnvironment, type LiveViewEnvironment } from '../../helpers/liveView';

describe('LiveRecorder: Record in the live view turns what a person does into steps', () => {
	let env: RunnerEnvironment;
	let live: LiveViews;
	let person: Browser;
	let setup: LiveViewEnvironment;

	before(async () => {
		setup = await startLiveViewEnvironment();
		({ env, live, person } = setup);
	});
	after(() => setup.close());

	/** Hands the key's session to a person who records `act`, then presses Done. */
	async function record(
		key: SessionKey,
		act: (helpers: {
			click: (selector: string) => Promise<void>;
			type: (text: string) => Promise<void>;
			press: (key: string) => Promise<void>;
			page: () => Promise<Page>;
		}) => Promise<void>,
	): Promise<HumanWaitResult> {
		let link = '';
		const waiting = live.waitForHuman(key, { timeoutMs: 120_000 }, (url) => (link = url));
		while (!link) await new Promise((resolve) => setTimeout(resolve, 20));
		const context = await person.newContext({ viewport: { width: 1400, height: 1000 } });
		const view = await context.newPage();
		await view.goto(link);
		await view.waitForFunction(
			() => (document.getElementById('view') as HTMLImageElement).naturalWidth > 0,
		);
		await view.locator('#record').click();
		await view.locator('#record[aria-pressed="true"]').waitFor();
		const page = () => env.page(key);
		await act({
			click: async (selector) => {
				const session = await page();
				await session.locator(selector).waitFor();
				const { x, y } = await aimAt(session, view, selector);
				await view.mouse.click(x, y);
			},
			type: (text) => view.keyboard.type(text),
			press: (name) => view.keyboard.press(name),
			page,
		});
		await view.locator('#done').click();
		const run = await waiting;
		await context.close();
		return run.result;
	}

	it('records a login: the fields’ final values (the password left out, with a note), the click; replayed on a fresh session it signs in', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const result = await record(key, async ({ click, type, press, page }) => {
			await click('#username');
			await type('admix');
			await press('Backspace');
			await type('n');
			await click('#password');
			await type(LOGIN.password);
			await click('#login-submit');
			await (await page()).locator('#welcome').waitFor();
		});
		const { steps, notes } = result.recorded!;
		assert.deepEqual(
			steps.map((step) => step.action),
			['navigate', 'fill', 'fill', 'click'],
			JSON.stringify(steps),
		);
		assert.deepEqual(steps[0], { action: 'navigate', url: `${env.site.url}/login` });
		const [, username, password, submit] = steps as Array<RecordedStep & { selector: string }>;
		assert.equal((username as { value: string }).value, LOGIN.username, 'the final value');
		assert.equal((password as { value: string }).value, '', 'never the typed password');
		assert.deepEqual(notes, [{ step: 3, note: PASSWORD_NOTE }]);
		assert.ok(!JSON.stringify(result).includes(LOGIN.password));
		// normalize() names elements as codegen does: by role and name, not by CSS path.
		assert.match(username.selector, /^internal:role=textbox\[name="Username"i\]$/);
		assert.match(submit.selector, /^internal:role=button\[name="Sign in"i\]$/);

		// Replayed as the note says (the password given), on a fresh session: the same end page.
		const replay = env.key();
		const given = steps.map((step, index) =>
			index === 2 ? { ...step, value: LOGIN.password } : step,
		);
		const run = await runSteps(env.pool, replay, given);
		assert.equal(run.ok, true, JSON.stringify(run.steps.map((step) => step.error)));
		const welcome = await env.pool.run<{ text: string }>(replay, 'extractText', {
			selector: '#welcome',
		});
		assert.equal(welcome.result.text, 'Welcome, admin');
	});

	it('records a form: a drop-down, a checkbox, a radio button, Enter; the steps replay to the same result', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const result = await record(key, async ({ click, type, press, page }) => {
			await click('#name');
			await type('Ada');
			await click('#country');
			await press('ArrowDown');
			await press('ArrowDown');
			await press('Enter');
			await click('#agree');
			await click('#plan-pro');
			await click('#email');
			await type('ada@example.com');
			await press('Enter');
			await (await page()).locator('#form-result:not(:empty)').waitFor();
		});
		const { steps } = result.recorded!;
		const actions = steps.map((step) => step.action);
		assert.deepEqual(
			actions,
			['navigate', 'fill', 'selectOption', 'check', 'check', 'fill', 'pressKey'],
			JSON.stringify(steps),
		);
		const page = await env.page(key);
		const recordedResult = await page.locator('#form-result').textContent();
		assert.match(recordedResult!, /"country":"fr"/);

		const replay = env.key();
		const run = await runSteps(env.pool, replay, steps);
		assert.equal(run.ok, true, JSON.stringify(run.steps.map((step) => step.error)));
		const replayed = await env.pool.run<{ text: string }>(replay, 'extractText', {
			selector: '#form-result',
		});
		assert.equal(replayed.result.text, recordedResult);
	});

	it('records a popup as Wait for Popup after its click, and nothing when Record stays off', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		const result = await record(key, async ({ click, page }) => {
			const context = (await page()).context();
			const popup = context.waitForEvent('page');
			await click('#window-open');
			await (await popup).waitForLoadState();
		});
		assert.deepEqual(
			result.recorded!.steps.map((step) => step.action),
			['navigate', 'click', 'waitForPopup'],
		);

		let link = '';
		const waiting = live.waitForHuman(key, { timeoutMs: 60_000 }, (url) => (link = url));
		while (!link) await new Promise((resolve) => setTimeout(resolve, 20));
		await fetch(`${link}/done`, { method: 'POST', body: '{}' });
		assert.equal((await waiting).result.recorded, undefined);
	});
});
