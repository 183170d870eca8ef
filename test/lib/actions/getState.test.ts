import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import type { SessionKey } from '../../../lib';

describe('getState', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function open(path: string): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}${path}` });
		return key;
	}

	it('describes a visible, enabled, editable input with its value and position', async () => {
		const key = await open('/form');
		await env.pool.run(key, 'fill', { selector: '#name', value: 'Ada' });
		const { result } = await env.pool.run<any>(key, 'getState', { selector: '#name' });
		assert.equal(result.exists, true);
		assert.equal(result.count, 1);
		assert.equal(result.visible, true);
		assert.equal(result.enabled, true);
		assert.equal(result.editable, true);
		assert.equal(result.checked, false);
		assert.equal(result.focused, true);
		assert.equal(result.value, 'Ada');
		assert.ok(result.boundingBox.width > 0 && result.boundingBox.height > 0);
		assert.equal(typeof result.text, 'string');
	});

	it('answers exists: false at once for an absent element, without an error', async () => {
		const key = await open('/form');
		const started = Date.now();
		const run = await env.pool.run(key, 'getState', {
			selector: '#does-not-exist',
			timeoutMs: 30_000,
		});
		assert.ok(Date.now() - started < 10_000, 'it did not wait for the timeout');
		assert.deepEqual(run.result, {
			exists: false,
			count: 0,
			visible: false,
			enabled: false,
			checked: false,
			editable: false,
			focused: false,
			boundingBox: null,
			text: '',
			value: null,
		});
	});

	it('reports checked boxes, hidden and disabled elements', async () => {
		const key = await open('/late?ms=60000');
		const hidden = (await env.pool.run<any>(key, 'getState', { selector: '#late-text' })).result;
		assert.equal(hidden.exists, true);
		assert.equal(hidden.visible, false);
		assert.ok(hidden.boundingBox, 'a visibility:hidden element still takes its place');
		const disabled = (
			await env.pool.run<any>(key, 'getState', { selector: '#disabled-then-enabled' })
		).result;
		assert.equal(disabled.enabled, false);
		assert.equal(disabled.visible, true);

		const form = await open('/form');
		await env.pool.run(form, 'check', { selector: '#agree' });
		assert.equal(
			(await env.pool.run<any>(form, 'getState', { selector: '#agree' })).result.checked,
			true,
		);
		assert.equal(
			(await env.pool.run<any>(form, 'getState', { selector: '#plan-pro' })).result.checked,
			false,
		);
	});

	it('counts every match, describes the first or the indexed one, and never calls several matches ambiguous', async () => {
		const key = await open('/form');
		const first = (await env.pool.run<any>(key, 'getState', { selector: '#scroll-box li' })).result;
		assert.equal(first.count, 20);
		assert.equal(first.text, 'Transaction 1');
		const third = (
			await env.pool.run<any>(key, 'getState', { selector: '#scroll-box li', index: 2 })
		).result;
		assert.equal(third.text, 'Transaction 3');
		const beyond = (
			await env.pool.run<any>(key, 'getState', { selector: '#scroll-box li', index: 20 })
		).result;
		assert.equal(beyond.exists, false);
		assert.equal(beyond.count, 20);
	});

	it('waits up to waitMs for an element that appears late', async () => {
		const key = await open('/late?ms=700');
		const run = await env.pool.run<any>(key, 'getState', {
			selector: '#late-button',
			waitMs: 5_000,
		});
		assert.equal(run.result.exists, true);
		assert.equal(run.result.text, 'Open statement');
		const never = await env.pool.run<any>(key, 'getState', {
			selector: '#never-there',
			waitMs: 300,
		});
		assert.equal(never.result.exists, false);
	});

	it('still fails for a selector that is not valid', async () => {
		const key = await open('/form');
		const error = await failureOf(env.pool.run(key, 'getState', { selector: '//*[' }));
		assert.ok(error.code);
		assert.notEqual(error.code, 'ELEMENT_NOT_FOUND');
	});
});
