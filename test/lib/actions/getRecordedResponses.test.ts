import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionKey } from '../../../lib';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('getRecordedResponses', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	/** Records /api/data calls and opens /api-page (one call on load). */
	async function recordingApiPage(): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'recordResponses', { urlPattern: '*/api/*' });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		return key;
	}

	it('waits until the wanted number of responses has arrived, oldest first', async () => {
		const key = await recordingApiPage();
		await env.pool.run(key, 'click', { selector: '#reload-data' });
		await env.pool.run(key, 'click', { selector: '#reload-data' });
		const got = await env.pool.run<any>(key, 'getRecordedResponses', {
			minResponses: 3,
			timeoutMs: 5_000,
		});
		assert.equal(got.result.count, 3);
		const versions = got.result.responses.map((response: any) => response.body.version);
		assert.deepEqual(
			versions,
			[...versions].sort((a, b) => a - b),
		);
		assert.equal(new Set(versions).size, 3);
	});

	it('filters by URL pattern and clears only what it returned', async () => {
		const key = await recordingApiPage();
		await (await env.page(key)).evaluate(async () => (await fetch('/api/data?fail=1')).json());
		const failed = await env.pool.run<any>(key, 'getRecordedResponses', {
			urlPattern: '*fail=1',
			minResponses: 1,
			clear: true,
			timeoutMs: 5_000,
		});
		assert.equal(failed.result.count, 1);
		assert.equal(failed.result.cleared, true);
		assert.equal(failed.result.responses[0].status, 500);
		const rest = await env.pool.run<any>(key, 'getRecordedResponses', {});
		assert.deepEqual(
			rest.result.responses.map((response: any) => response.url),
			[`${env.site.url}/api/data`],
		);
	});

	it('with clear, the next call sees only newer responses', async () => {
		const key = await recordingApiPage();
		assert.equal(
			(
				await env.pool.run<any>(key, 'getRecordedResponses', {
					minResponses: 1,
					clear: true,
					timeoutMs: 5_000,
				})
			).result.count,
			1,
		);
		assert.equal((await env.pool.run<any>(key, 'getRecordedResponses', {})).result.count, 0);
		await env.pool.run(key, 'click', { selector: '#reload-data' });
		assert.equal(
			(await env.pool.run<any>(key, 'getRecordedResponses', { minResponses: 1, timeoutMs: 5_000 }))
				.result.count,
			1,
		);
	});

	it('returns without the body when the page never reads it', async () => {
		const key = await recordingApiPage();
		// The page looks at the status only, so Chromium never finishes loading the body.
		await (await env.page(key)).evaluate(async () => (await fetch('/api/data?fail=1')).status);
		const got = await env.pool.run<any>(key, 'getRecordedResponses', {
			urlPattern: '*fail=1',
			minResponses: 1,
			timeoutMs: 20_000,
		});
		const [response] = got.result.responses;
		assert.equal(response.status, 500);
		assert.ok(response.body === null || response.body.ok === false);
		if (response.body === null) assert.match(response.bodyError, /not finished loading/);
	});

	it('fails with TIMEOUT when fewer responses than wanted arrive', async () => {
		const key = await recordingApiPage();
		const error = await failureOf(
			env.pool.run(key, 'getRecordedResponses', { minResponses: 5, timeoutMs: 500 }),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.match(error.message, /Only 1 of the 5 responses/);
	});

	it('fails with advice when recording was never started', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		const error = await failureOf(env.pool.run(key, 'getRecordedResponses', {}));
		assert.equal(error.code, 'ACTION_FAILED');
		assert.match(error.advice, /Record Responses/);
	});
});
