import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { API_ITEMS } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, getBinaryBuffer, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Browser Agent node: page operations in n8n', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('waits for an API response, returns its JSON, and saves the page as a PDF', async () => {
		const workflow = chain([
			{
				name: 'Open',
				parameters: {
					resource: 'page',
					operation: 'navigate',
					url: `${site.url}/slow-fetch?ms=1000`,
				},
			},
			{
				name: 'Wait For Data',
				parameters: {
					resource: 'page',
					operation: 'waitFor',
					until: 'response',
					pattern: '**/api/data*',
				},
			},
			{
				name: 'Wait For Text',
				parameters: {
					resource: 'page',
					operation: 'waitFor',
					until: 'textAppears',
					text: 'Loaded 3 items',
					selector: '#slow-status',
				},
			},
			{
				name: 'PDF',
				parameters: {
					resource: 'page',
					operation: 'pdf',
					format: 'A4',
					binaryPropertyName: 'report',
					options: { fileName: 'data.pdf', margin: '1cm', headerTemplate: '' },
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const [waited] = result.items('Wait For Data');
		const response = waited.json.response as any;
		assert.equal(response.status, 200);
		assert.equal(response.bodyType, 'json');
		assert.deepEqual(response.body.items, API_ITEMS);
		assert.equal(waited.json.url, `${site.url}/slow-fetch?ms=1000`);
		assert.equal(result.items('Wait For Text')[0].json.text, 'Loaded 3 items');

		const [printed] = result.items('PDF');
		const binary = printed.binary!.report;
		assert.equal(binary.mimeType, 'application/pdf');
		assert.equal(binary.fileName, 'data.pdf');
		const bytes = await getBinaryBuffer(binary);
		assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.equal(printed.json.size, bytes.length);
	});

	it('takes n8n-nodes-puppeteer’s page options: query parameters, networkidle2, cache, HTTP errors, WebP, paper size', async () => {
		const workflow = chain([
			{
				name: 'Open',
				parameters: {
					resource: 'page',
					operation: 'navigate',
					url: `${site.url}/echo/query?keep=1`,
					queryParameters: {
						parameters: [
							{ name: 'q', value: 'a b' },
							{ name: '', value: 'a row without a name adds nothing' },
						],
					},
					waitUntil: 'networkidle2',
					options: { useCache: false, failOnHttpError: true },
				},
			},
			{
				name: 'Shot',
				parameters: {
					resource: 'page',
					operation: 'screenshot',
					fullPage: false,
					binaryPropertyName: 'data',
					options: {
						format: 'webp',
						quality: 50,
						clip: { rectangle: { x: 0, y: 0, width: 320, height: 200 } },
					},
				},
			},
			{
				name: 'Label',
				parameters: {
					resource: 'page',
					operation: 'pdf',
					format: 'A4',
					binaryPropertyName: 'data',
					options: {
						width: '10cm',
						height: '15cm',
						omitBackground: true,
						preferCSSPageSize: false,
					},
				},
			},
			{
				name: 'Missing',
				parameters: {
					resource: 'page',
					operation: 'navigate',
					url: `${site.url}/no-such-page`,
					options: { failOnHttpError: true },
				},
				settings: { onError: 'continueRegularOutput' },
			},
			{
				name: 'Again',
				parameters: {
					resource: 'page',
					operation: 'reload',
					options: { waitUntil: 'networkidle0' },
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const opened = result.items('Open')[0].json as any;
		assert.equal(opened.url, `${site.url}/echo/query?keep=1&q=a+b`);
		assert.equal(opened.status, 200);
		assert.equal(opened.headers['x-acme-echo'], 'query');

		const shot = result.items('Shot')[0].binary!.data;
		assert.equal(shot.mimeType, 'image/webp');
		assert.match(String(shot.fileName), /\.webp$/);
		const webp = await getBinaryBuffer(shot);
		assert.equal(webp.subarray(0, 4).toString('latin1'), 'RIFF');
		assert.equal(webp.subarray(8, 12).toString('latin1'), 'WEBP');

		const label = await getBinaryBuffer(result.items('Label')[0].binary!.data);
		const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(label.toString('latin1'));
		const [width, height] = [Number(box?.[1]), Number(box?.[2])];
		const cm = 72 / 2.54;
		assert.ok(
			Math.abs(width - 10 * cm) < 1 && Math.abs(height - 15 * cm) < 1,
			`a 10 cm × 15 cm label, not A4 (${width} × ${height} pt)`,
		);

		const missing = result.items('Missing')[0].json as any;
		assert.equal(missing.code, 'NAVIGATION_FAILED');
		assert.match(missing.error, /HTTP status 404/);
		const again = result.items('Again')[0].json as any;
		assert.equal(again.status, 404);
		assert.match(again.headers['content-type'], /text\/html/);
	});

	it('answers dialogs, reports them with Get Info, and marks up a screenshot', async () => {
		const workflow = chain([
			{
				name: 'Open',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/dialogs` },
			},
			{
				name: 'Dialogs',
				parameters: {
					resource: 'page',
					operation: 'handleDialogs',
					policy: 'accept',
					promptText: 'Savings',
				},
			},
			{
				name: 'Rename',
				parameters: { resource: 'element', operation: 'click', selector: '#prompt' },
			},
			{ name: 'Info', parameters: { resource: 'page', operation: 'getInfo' } },
			{
				name: 'Dark',
				parameters: { resource: 'page', operation: 'emulateMedia', colorScheme: 'dark' },
			},
			{
				name: 'Size',
				parameters: {
					resource: 'page',
					operation: 'setViewport',
					width: 900,
					height: 600,
					options: { deviceScaleFactor: 2 },
				},
			},
			{
				name: 'Shot',
				parameters: {
					resource: 'page',
					operation: 'screenshot',
					fullPage: false,
					binaryPropertyName: 'data',
					options: {
						label: 'Renamed account',
						clip: { rectangle: { x: 0, y: 0, width: 400, height: 300 } },
						highlights: { highlight: [{ selector: '#dialog-result', label: 'Result' }] },
					},
				},
			},
			{
				name: 'Pause',
				parameters: { resource: 'page', operation: 'waitFor', until: 'delay', delayMs: 200 },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const info = result.items('Info')[0].json as any;
		assert.equal(info.dialogPolicy, 'accept');
		assert.deepEqual(
			info.dialogs.map((dialog: any) => [dialog.type, dialog.message, dialog.handledWith]),
			[['prompt', 'New account name?', 'accepted']],
		);
		assert.equal(info.readyState, 'complete');
		assert.deepEqual(result.items('Dark')[0].json.colorScheme, 'dark');
		assert.equal(result.items('Dark')[0].json.media, 'screen', 'settings left as they are stay');
		assert.deepEqual(result.items('Size')[0].json.viewport, { width: 900, height: 600 });
		assert.equal(result.items('Size')[0].json.deviceScaleFactor, 2);
		const shot = result.items('Shot')[0];
		assert.equal(shot.json.label, 'Renamed account');
		assert.match(String(shot.binary!.data.fileName), /^renamed-account-\d{8}-\d{6}\.png$/);
		assert.deepEqual(shot.json.highlighted, [
			{ selector: '#dialog-result', label: 'Result', count: 1 },
		]);
		const png = await getBinaryBuffer(shot.binary!.data);
		// The 400 × 300 region in device pixels: Set Viewport's scale factor 2 above.
		assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [800, 600]);
		assert.equal(result.items('Pause')[0].json.delayMs, 200);
	});
});
