import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { API_ITEMS, HEAVY_IMAGE_COUNT } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Browser Agent node: Network', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('records the API responses a page loads and returns one item per response', async () => {
		const workflow = chain([
			{
				name: 'Record',
				parameters: {
					resource: 'network',
					operation: 'recordResponses',
					urlPattern: '*/api/data*',
				},
			},
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/api-page` },
			},
			{
				name: 'Reload',
				parameters: { resource: 'element', operation: 'click', selector: '#reload-data' },
			},
			{
				name: 'Responses',
				parameters: {
					resource: 'network',
					operation: 'getRecordedResponses',
					options: { minResponses: 2, timeoutMs: 10000 },
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.equal(result.items('Record')[0].json.recording, true);
		const responses = result.items('Responses');
		assert.equal(responses.length, 2);
		for (const response of responses) {
			assert.equal(response.json.url, `${site.url}/api/data`);
			assert.equal(response.json.status, 200);
			assert.equal(response.json.bodyType, 'json');
			assert.deepEqual((response.json.body as any).items, API_ITEMS);
			assert.deepEqual(response.pairedItem, { item: 0 });
		}
	});

	it('blocks images and sends extra headers', async () => {
		const workflow = chain([
			{
				name: 'Block',
				parameters: {
					resource: 'network',
					operation: 'blockRequests',
					resourceTypes: ['image'],
					urlPatterns: '',
				},
			},
			{
				name: 'Headers',
				parameters: {
					resource: 'network',
					operation: 'setHeaders',
					headers: { header: [{ name: 'X-Trace-Id', value: 'wf-7' }] },
				},
			},
			{
				name: 'Heavy',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/heavy` },
			},
			{
				name: 'Failed Images',
				parameters: { resource: 'extract', operation: 'text', selector: '#failed-count' },
			},
			{
				name: 'Echo',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/echo/headers` },
			},
			{ name: 'Echoed', parameters: { resource: 'extract', operation: 'text' } },
			{
				name: 'Count',
				parameters: {
					resource: 'network',
					operation: 'blockRequests',
					resourceTypes: [],
					urlPatterns: '',
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.deepEqual(result.items('Headers')[0].json.headerNames, ['X-Trace-Id']);
		assert.equal(result.items('Failed Images')[0].json.text, String(HEAVY_IMAGE_COUNT));
		assert.equal(JSON.parse(String(result.items('Echoed')[0].json.text))['x-trace-id'], 'wf-7');
		const count = result.items('Count')[0].json;
		assert.equal(count.blocking, false);
		assert.ok(Number(count.blockedCount) >= HEAVY_IMAGE_COUNT);
	});
});
