import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_ITEMS, HEAVY_IMAGE_COUNT } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('recordResponses', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('records matching responses with status, headers, parsed JSON body and time', async () => {
		const key = env.key();
		const started = Date.now();
		const run = await env.pool.run<any>(key, 'recordResponses', { urlPattern: '*/api/data*' });
		assert.deepEqual(run.result, {
			recording: true,
			urlPattern: '*/api/data*',
			resourceTypes: [],
			maxResponses: 500,
			maxBodyBytes: 100_000,
			recordedCount: 0,
		});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		const got = await env.pool.run<any>(key, 'getRecordedResponses', {
			minResponses: 1,
			timeoutMs: 5_000,
		});
		assert.equal(got.result.count, 1, 'the page and its stylesheet are not recorded');
		const [response] = got.result.responses;
		assert.equal(response.url, `${env.site.url}/api/data`);
		assert.equal(response.method, 'GET');
		assert.equal(response.status, 200);
		assert.equal(response.statusText, 'OK');
		assert.equal(response.resourceType, 'fetch');
		assert.equal(response.contentType, 'application/json');
		assert.equal(response.headers['cache-control'], 'no-store');
		assert.equal(response.bodyType, 'json');
		assert.equal(response.body.ok, true);
		assert.deepEqual(response.body.items, API_ITEMS);
		assert.equal(response.bodySize, Buffer.byteLength(JSON.stringify(response.body)));
		assert.equal(response.truncated, false);
		assert.ok(Date.parse(response.time) >= started - 1_000);
		assert.equal(typeof response.durationMs, 'number');
	});

	it('records error statuses too', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		await env.pool.run(key, 'recordResponses', { urlPattern: '/\\/api\\/data\\?fail=1$/' });
		await (await env.page(key)).evaluate(async () => (await fetch('/api/data?fail=1')).json());
		const [failed] = (
			await env.pool.run<any>(key, 'getRecordedResponses', { minResponses: 1, timeoutMs: 5_000 })
		).result.responses;
		assert.equal(failed.status, 500);
		assert.deepEqual(failed.body, { ok: false, error: 'Simulated failure' });
	});

	it('keeps only the newest responses when more arrive than allowed, without reading binary bodies', async () => {
		const key = env.key();
		await env.pool.run(key, 'recordResponses', { urlPattern: '*/img/*', maxResponses: 3 });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/heavy` });
		const got = await env.pool.run<any>(key, 'getRecordedResponses', {});
		assert.equal(got.result.count, 3);
		assert.equal(got.result.dropped, HEAVY_IMAGE_COUNT - 3);
		for (const response of got.result.responses) {
			assert.equal(response.bodyType, 'binary');
			assert.equal(response.body, null);
			assert.equal(response.contentType, 'image/png');
			assert.ok(response.bodySize > 0);
		}
	});

	it('cuts long bodies at the size limit', async () => {
		const key = env.key();
		await env.pool.run(key, 'recordResponses', { urlPattern: '*/api/data', maxBodyBytes: 20 });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		const [response] = (
			await env.pool.run<any>(key, 'getRecordedResponses', { minResponses: 1, timeoutMs: 5_000 })
		).result.responses;
		assert.equal(response.truncated, true);
		assert.equal(response.bodyType, 'text');
		assert.equal(response.body, '{"ok":true,"version"');
		assert.ok(response.bodySize > 20);
	});

	it('filters by request type, and a second call changes the filter but keeps the record', async () => {
		const key = env.key();
		await env.pool.run(key, 'recordResponses', { resourceTypes: ['document'] });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
		await env.pool.run(key, 'recordResponses', { resourceTypes: ['stylesheet'] });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/heavy` });
		const got = await env.pool.run<any>(key, 'getRecordedResponses', {});
		const recorded = got.result.responses.map(
			(response: any) => `${response.resourceType} ${new URL(response.url).pathname}`,
		);
		assert.equal(recorded[0], 'document /api-page');
		// The two stylesheets load in parallel, in either order.
		assert.deepEqual(recorded.slice(1).sort(), [
			'stylesheet /static/heavy.css',
			'stylesheet /static/style.css',
		]);
		assert.equal(got.result.responses[0].bodyType, 'text');
		assert.match(got.result.responses[0].body, /<title>Live data - Acme Finance<\/title>/);
	});

	it('records popups and other tabs of the session', async () => {
		const key = env.key();
		await env.pool.run(key, 'recordResponses', { urlPattern: '*/popup*' });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tabs` });
		await env.pool.run(key, 'waitForPopup', { selector: '#window-open' });
		const got = await env.pool.run<any>(key, 'getRecordedResponses', {
			minResponses: 1,
			timeoutMs: 5_000,
		});
		assert.equal(got.result.responses[0].url, `${env.site.url}/popup?via=js`);
	});

	it('rejects limits out of range', async () => {
		const error = await failureOf(env.pool.run(env.key(), 'recordResponses', { maxResponses: 0 }));
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(error.field, 'maxResponses');
	});
});
