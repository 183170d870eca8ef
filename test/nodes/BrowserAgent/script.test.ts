import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { EXPECTED_TABLES } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, getBinaryBuffer, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions, TRIGGER } from '../../helpers/workflows';

describe('Script → Run Steps in n8n’s engine', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	const steps = (failing = false) =>
		JSON.stringify([
			{ action: 'navigate', url: `${site.url}/tables` },
			...(failing ? [{ action: 'click', selector: '#missing', timeoutMs: 300 }] : []),
			{ action: 'extractTable', selector: '#simple' },
			{ action: 'screenshot', fileName: 'tables.png' },
		]);

	it('runs the steps and returns per-step results with files as binary fields', async () => {
		const result = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: { resource: 'script', operation: 'runSteps', steps: steps() },
				},
			]),
			engineOptions(),
		);
		assertRunSucceeded(result);
		const [item] = result.items('Batch');
		const json = item.json as any;
		assert.equal(json.ok, true);
		assert.deepEqual(
			json.steps.map((step: any) => step.action),
			['navigate', 'extractTable', 'screenshot'],
		);
		assert.deepEqual(json.steps[1].result.rows, EXPECTED_TABLES.simple);
		assert.equal(item.binary!.step3.fileName, 'tables.png');
		assert.deepEqual(
			[...(await getBinaryBuffer(item.binary!.step3)).subarray(0, 4)],
			[0x89, 0x50, 0x4e, 0x47],
		);
	});

	it('fails the node at the failing step by default, and returns the results when asked', async () => {
		const failing = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: { resource: 'script', operation: 'runSteps', steps: steps(true) },
				},
			]),
			engineOptions(),
		);
		assert.equal(failing.status, 'error');
		assert.match(
			failing.error!.message,
			/Step 2 \(click\) failed: No element matches "#missing".*\[ELEMENT_NOT_FOUND\]/,
		);

		const returned = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: {
						resource: 'script',
						operation: 'runSteps',
						steps: steps(true),
						onStepError: 'stopAndReturn',
					},
				},
			]),
			engineOptions(),
		);
		assertRunSucceeded(returned);
		const json = returned.items('Batch')[0].json as any;
		assert.equal(json.ok, false);
		assert.equal(json.failedStep, 1);
		assert.equal(json.skipped, 2);
	});

	it('names the step and field of invalid steps', async () => {
		const result = await runWorkflow(
			chain([
				{
					name: 'Batch',
					parameters: {
						resource: 'script',
						operation: 'runSteps',
						steps: '[{"action": "navigate"}]',
					},
				},
			]),
			engineOptions(),
		);
		assert.equal(result.status, 'error');
		assert.match(result.error!.message, /Step 1 \(navigate\).*url.*\[INVALID_INPUT\]/);
	});
});

describe('Script → Run Puppeteer Script in n8n’s engine', () => {
	let site: FixtureSite;
	const allowScripts = {
		credentials: {
			browserAgentApi: {
				connection: 'launch',
				executablePath: '/usr/bin/chromium',
				allowCustomScript: true,
			},
		},
	};
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	const script = (scriptCode: string, extra: Record<string, unknown> = {}) => ({
		name: 'Script',
		parameters: { resource: 'script', operation: 'runPuppeteerScript', scriptCode, ...extra },
	});

	it('runs between Browser Agent nodes on the same page, once per item, with $json and $input.query', async () => {
		const result = await runWorkflow(
			chain(
				[
					{
						name: 'Open',
						parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/tables` },
					},
					script(
						`const rows = await $page.$$eval('#simple tbody tr', (trs) => trs.length);
						await $page.goto($json.url.replace('/tables', '/form'));
						return [{ cameFrom: $json.title, rows, query: $input.query }];`,
						{ query: 'the rows' },
					),
					{
						name: 'Read',
						parameters: { resource: 'extract', operation: 'text', selector: 'h1' },
					},
				],
				true,
			),
			engineOptions(allowScripts),
		);
		assertRunSucceeded(result);
		assert.deepEqual(
			result.items('Script').map((item) => item.json),
			[{ cameFrom: 'Reports - Acme Finance', rows: 3, query: 'the rows' }],
		);
		assert.deepEqual(result.items('Script')[0].pairedItem, { item: 0 });
		const read = result.items('Read')[0].json as any;
		assert.equal(read.url, `${site.url}/form`, 'the next node acts on the page the script left');
	});

	it('sends console.log to the editor in manual runs, and returns n8n items as they are', async () => {
		const messages: unknown[] = [];
		const result = await runWorkflow(
			chain(
				[script("console.log('seen', 42); return [{ json: { a: 1 } }, { json: { a: 2 } }];")],
				true,
			),
			engineOptions({
				...allowScripts,
				mode: 'manual',
				additionalData: {
					sendDataToUI: (type: string, data: unknown) => {
						if (type === 'sendConsoleMessage') messages.push(data);
					},
				},
			}),
		);
		assertRunSucceeded(result);
		assert.deepEqual(
			result.items('Script').map((item) => item.json),
			[{ a: 1 }, { a: 2 }],
		);
		assert.deepEqual(
			messages.map((message: any) => message.messages),
			[['seen', 42]],
		);
	});

	it('fails with the typed code, or gives an error item with continueOnFail', async () => {
		const refused = await runWorkflow(
			chain([script('return [{ a: 1 }];')], true),
			engineOptions({
				credentials: {
					browserAgentApi: { connection: 'launch', executablePath: '/usr/bin/chromium' },
				},
			}),
		);
		assert.equal(refused.status, 'error');
		assert.match(refused.error!.message, /\[NOT_ALLOWED\]/);
		const invalid = await runWorkflow(
			chain(
				[{ ...script("return 'done';"), settings: { onError: 'continueRegularOutput' } }],
				true,
			),
			engineOptions(allowScripts),
		);
		assertRunSucceeded(invalid);
		const [item] = invalid.items('Script');
		assert.equal((item.json as any).code, 'SCRIPT_RESULT_INVALID');
		assert.match(
			(item.json as any).error,
			/must return an array of items, but returned the text "done"/,
		);
		assert.deepEqual(item.pairedItem, { item: 0 });
	});

	it('runs items at once on new tabs with Parallel Items: results, errors and pairing per item, the session’s tab untouched', async () => {
		// Each item waits until all items of its group reached their pages: run one after another, the first would time out.
		const inputItems = [
			{ path: '/cards', group: 3 },
			{ path: '/list', group: 3 },
			{ path: '/missing-card', group: 3 },
			{ path: '/form', group: 5 },
			{ path: '/tables', group: 5 },
		];
		const parallelScript = script(
			// Open's items pair with the trigger's: each script reads its own input item there.
			`const { path, group } = $(${JSON.stringify(TRIGGER)}).item.json;
			await $page.goto(${JSON.stringify(site.url)} + path);
			await $page.evaluate((path) => localStorage.setItem('arrived' + path, '1'), path);
			await $page.waitForFunction((group) => Object.keys(localStorage).filter((k) => k.startsWith('arrived')).length >= group, { timeout: 15000 }, group);
			if (path === '/missing-card') throw new Error('no card at ' + path);
			return [{ path, heading: await $page.$eval('h1', (h1) => h1.textContent) }];`,
			{ options: { parallelItems: 3 } },
		);
		const workflow = (onError?: 'continueRegularOutput') =>
			chain(
				[
					{
						name: 'Open',
						parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/tables` },
					},
					{ ...parallelScript, ...(onError && { settings: { onError } }) },
					{
						name: 'Read',
						parameters: { resource: 'page', operation: 'getInfo' },
					},
				],
				true,
			);
		const result = await runWorkflow(
			workflow('continueRegularOutput'),
			engineOptions({ ...allowScripts, inputItems }),
		);
		assertRunSucceeded(result);
		const items = result.items('Script');
		assert.deepEqual(
			items.map((item) => item.pairedItem),
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		assert.deepEqual(
			items.map((item) => (item.json as any).path ?? (item.json as any).code),
			['/cards', '/list', 'SCRIPT_FAILED', '/form', '/tables'],
		);
		assert.ok(items.every((item, index) => index === 2 || (item.json as any).heading));
		const failed = items[2];
		assert.match((failed.json as any).error, /no card at \/missing-card/);
		assert.equal((failed.json as any).url, `${site.url}/missing-card`, 'where its tab was');
		assert.ok(failed.binary?.screenshot, 'the failed item’s own tab as binary screenshot');
		// The nodes after it act on the session’s tab, where Open left it; the items’ tabs are closed.
		const read = result.items('Read')[0].json as any;
		assert.equal(read.url, `${site.url}/tables`);

		const stopped = await runWorkflow(workflow(), engineOptions({ ...allowScripts, inputItems }));
		assert.equal(stopped.status, 'error');
		assert.match(stopped.error!.message, /no card at \/missing-card \[SCRIPT_FAILED\]/);
		assert.match(String((stopped.error as any).description), /Item 3\./);
	});

	it('refuses a Parallel Items outside 1–20 as bad input naming the option', async () => {
		const result = await runWorkflow(
			chain([script('return [];', { options: { parallelItems: 50 } })], true),
			engineOptions(allowScripts),
		);
		assert.equal(result.status, 'error');
		assert.match(
			result.error!.message,
			/Parallel Items must be a whole number from 1 to 20, not 50/,
		);
	});
});
