import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('extractText', () => {
	let env: RunnerEnvironment;
	const key = { owner: 'extract-text-tests' };
	before(async () => {
		env = await startRunnerEnvironment();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
	});
	after(() => env.close());

	it('reads the first match with whitespace folded', async () => {
		const run = await env.pool.run<any>(key, 'extractText', {
			selector: '#complex tbody tr:nth-child(1) td:nth-child(4)',
		});
		assert.equal(run.result.text, 'Office supplies');
	});

	it('reads every match as a list', async () => {
		const run = await env.pool.run<any>(key, 'extractText', {
			selector: '#simple tbody td:first-child',
			all: true,
		});
		assert.deepEqual(run.result, { texts: ['Alice Smith', 'Bob Jones', 'Carol White'], count: 3 });
	});

	it('reads the whole page by default', async () => {
		const run = await env.pool.run<any>(key, 'extractText', {});
		assert.match(run.result.text, /Reports.*Alice Smith/);
		assert.ok(!/\s{2,}/.test(run.result.text));
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches', async () => {
		const error = await failureOf(
			env.pool.run(key, 'extractText', { selector: '#nope', timeoutMs: 300 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
	});
});
