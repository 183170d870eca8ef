import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actions } from '../../../lib';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('evaluate', () => {
	let env: RunnerEnvironment;
	const allowed = { environment: { policy: { allowCustomScript: true } } };
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('is refused with NOT_ALLOWED unless the policy allows custom JavaScript', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const error = await failureOf(
			env.pool.run(key, 'evaluate', { script: 'document.title = "changed"; return 1' }),
		);
		assert.equal(error.code, 'NOT_ALLOWED');
		assert.equal(error.action, 'evaluate');
		assert.match(error.advice, /Allow Custom JavaScript/);
		assert.equal(
			await (await env.page(key)).title(),
			'Reports - Acme Finance',
			'the script did not run',
		);
	});

	it('runs the script in the page with its argument and returns JSON', async () => {
		const key = env.key();
		await env.pool.open(key, allowed);
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const run = await env.pool.run<any>(key, 'evaluate', {
			script:
				'await new Promise((r) => setTimeout(r, 10));\nreturn { rows: document.querySelectorAll(arg.selector).length, when: new Date(0), nothing: undefined };',
			arg: { selector: '#simple tbody tr' },
		});
		assert.deepEqual(run.result, { value: { rows: 3, when: '1970-01-01T00:00:00.000Z' } });
		const empty = await env.pool.run<any>(key, 'evaluate', { script: 'document.title;' });
		assert.deepEqual(empty.result, { value: null });
	});

	it('reports a failing script as ACTION_FAILED with its message, and is never retried', async () => {
		const key = env.key();
		await env.pool.open(key, allowed);
		const error = await failureOf(
			env.pool.run(key, 'evaluate', { script: 'throw new Error("no invoices today")', retries: 3 }),
		);
		assert.equal(error.code, 'ACTION_FAILED');
		assert.match(error.message, /no invoices today/);
		assert.equal(actions.evaluate.retryable, false);
		const history = (await env.pool.session(key))!.history;
		assert.equal(history.at(-1)?.attempts, 1);
	});
});
