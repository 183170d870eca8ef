import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import type { SessionKey } from '../../../lib';

describe('handleDialogs', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function press(key: SessionKey, button: string): Promise<string> {
		await env.pool.run(key, 'click', { selector: button });
		return (await (await env.page(key)).locator('#dialog-result').textContent()) ?? '';
	}

	it('without it, dialogs are dismissed as Playwright does and nothing is recorded', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/dialogs` });
		assert.equal(await press(key, '#confirm'), 'confirm: false');
		assert.equal(await press(key, '#prompt'), 'prompt: null');
		const info = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.equal(info.result.dialogPolicy, null);
		assert.deepEqual(info.result.dialogs, []);
	});

	it('accepts with the prompt text, then dismisses once the policy changes, recording every dialog', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/dialogs` });
		const started = await env.pool.run<any>(key, 'handleDialogs', {
			policy: 'accept',
			promptText: 'Savings',
		});
		assert.deepEqual(started.result, { policy: 'accept', dialogs: [], dialogCount: 0 });

		assert.equal(await press(key, '#prompt'), 'prompt: Savings');
		assert.equal(await press(key, '#confirm'), 'confirm: true');
		assert.equal(await press(key, '#alert'), 'alert: dismissed');

		const changed = await env.pool.run<any>(key, 'handleDialogs', { policy: 'dismiss' });
		assert.equal(changed.result.dialogCount, 3);
		const [prompt, confirm, alert] = changed.result.dialogs;
		assert.deepEqual(
			{ ...prompt, at: undefined },
			{
				type: 'prompt',
				message: 'New account name?',
				defaultValue: 'Checking',
				handledWith: 'accepted',
				url: `${env.site.url}/dialogs`,
				at: undefined,
			},
		);
		assert.ok(!Number.isNaN(Date.parse(prompt.at)), 'the time is an ISO date');
		assert.deepEqual(
			[confirm.type, confirm.message, confirm.handledWith],
			['confirm', 'Delete this transaction?', 'accepted'],
		);
		assert.deepEqual([alert.type, alert.message], ['alert', 'Your session is secure.']);

		assert.equal(await press(key, '#confirm'), 'confirm: false');
		assert.equal(await press(key, '#prompt'), 'prompt: null');
		const info = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.equal(info.result.dialogPolicy, 'dismiss');
		assert.equal(info.result.dialogCount, 5);
		assert.deepEqual(
			info.result.dialogs.slice(3).map((dialog: any) => [dialog.type, dialog.handledWith]),
			[
				['confirm', 'dismissed'],
				['prompt', 'dismissed'],
			],
		);
	});

	it('keeps the prompt’s proposed text when accepting without one, and keeps the prompt text out of the history', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/dialogs` });
		await env.pool.run(key, 'handleDialogs', { policy: 'accept' });
		assert.equal(await press(key, '#prompt'), 'prompt: Checking');
		await env.pool.run(key, 'handleDialogs', { policy: 'accept', promptText: 'PIN 4711' });
		const session = await env.pool.session(key);
		assert.equal(session!.history.at(-1)!.input.promptText, '[redacted]');
	});

	it('answers dialogs in every tab of the session, also tabs opened later', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/dialogs` });
		await env.pool.run(key, 'handleDialogs', { policy: 'accept' });
		const first = await env.page(key);
		const later = await first.context().newPage();
		await later.goto(`${env.site.url}/dialogs?tab=2`);
		await later.click('#confirm');
		assert.equal(await later.locator('#dialog-result').textContent(), 'confirm: true');
		const info = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.equal(info.result.tabCount, 2);
		assert.equal(info.result.dialogs[0].url, `${env.site.url}/dialogs?tab=2`);
	});

	it('rejects an unknown policy', async () => {
		const failure = await failureOf(env.pool.run(env.key(), 'handleDialogs', { policy: 'ignore' }));
		assert.equal(failure.code, 'INVALID_INPUT');
		assert.equal(failure.field, 'policy');
	});
});
