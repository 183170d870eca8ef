import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow, type WorkflowInput } from '../../helpers/n8n-engine';
import { TRIGGER, chain, engineOptions, type Step } from '../../helpers/workflows';

/** An input item carrying files, as a Read File or HTTP Request node would hand them over. */
function itemWithFiles(
	files: Record<string, { fileName: string; mimeType: string; text: string }>,
) {
	const binary = Object.fromEntries(
		Object.entries(files).map(([field, file]) => [
			field,
			{
				data: Buffer.from(file.text).toString('base64'),
				mimeType: file.mimeType,
				fileName: file.fileName,
			},
		]),
	);
	return { json: {}, binary };
}

/** The trigger feeding two chains: the upper one runs first (n8n's v1 order), both get the trigger's item. */
function branches(upper: Step[], lower: Step[]): WorkflowInput {
	const workflow = chain([...upper, ...lower]);
	const nodes = workflow.nodes.map((node) => {
		const row = lower.some((step) => step.name === node.name) ? 1 : 0;
		return { ...node, position: [node.position[0], row * 300] as [number, number] };
	});
	const connections = { ...workflow.connections };
	connections[TRIGGER] = {
		main: [
			[
				{ node: upper[0].name, type: 'main', index: 0 },
				{ node: lower[0].name, type: 'main', index: 0 },
			],
		],
	};
	delete connections[upper[upper.length - 1].name];
	return { ...workflow, nodes, connections };
}

describe('Browser Agent node: element operations through n8n', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('Click with Wait Until After: Load hands the next nodes the loaded page, not "Loading…"', async () => {
		const workflow = chain([
			{
				name: 'Open Reports',
				parameters: {
					resource: 'page',
					operation: 'navigate',
					url: `${site.url}/slow-links?ms=1500`,
				},
			},
			{
				name: 'Open Report',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: '#slow-link',
					options: { waitUntilAfter: 'load' },
				},
			},
			{
				name: 'Screenshot',
				parameters: { resource: 'page', operation: 'screenshot' },
			},
			{
				name: 'Read Heading',
				parameters: { resource: 'extract', operation: 'text', selector: 'h1' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.deepEqual((result.items('Open Report')[0].json as any).navigation, {
			navigated: true,
			url: `${site.url}/slow-page?ms=1500`,
		});
		assert.equal(result.items('Screenshot')[0].json.title, 'Report - Acme Finance');
		assert.equal(result.items('Read Heading')[0].json.text, 'Report ready');
	});

	it('uploads the input item’s binary fields into a file input, then reads the page’s state', async () => {
		// The files arrive on the trigger's item; the top branch opens the page first (v1 order runs
		// the upper branch to its end), the lower branch uploads, on the same session.
		const workflow = branches(
			[
				{
					name: 'Open Form',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
				},
			],
			[
				{
					name: 'Upload',
					parameters: {
						resource: 'element',
						operation: 'uploadFile',
						selector: '#upload',
						binaryPropertyName: 'invoice, receipt',
					},
				},
				{
					name: 'Uploaded',
					parameters: {
						resource: 'element',
						operation: 'getState',
						selector: '#upload-list li',
						options: { index: 1 },
					},
				},
			],
		);
		const input = itemWithFiles({
			invoice: {
				fileName: 'invoice-42.pdf',
				mimeType: 'application/pdf',
				text: '%PDF-1.4 invoice',
			},
			receipt: { fileName: 'receipt.txt', mimeType: 'text/plain', text: 'paid' },
		});
		const result = await runWorkflow(workflow, engineOptions({ inputItems: [input] }));
		assertRunSucceeded(result);
		assert.ok(result.executionOrder.indexOf('Open Form') < result.executionOrder.indexOf('Upload'));
		const [upload] = result.items('Upload');
		assert.equal(upload.json.uploaded, 2);
		assert.deepEqual(upload.json.files, [
			{ name: 'invoice-42.pdf', mimeType: 'application/pdf', size: 16 },
			{ name: 'receipt.txt', mimeType: 'text/plain', size: 4 },
		]);
		const [state] = result.items('Uploaded');
		assert.equal(state.json.count, 2);
		assert.equal(state.json.text, 'receipt.txt');
	});

	it('uploads a file an earlier node produced (a screenshot) through the file dialog a button opens', async () => {
		const workflow = chain([
			{
				name: 'Open Form',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Shot',
				parameters: {
					resource: 'page',
					operation: 'screenshot',
					binaryPropertyName: 'shot',
					options: { fileName: 'proof.png' },
				},
			},
			{
				name: 'Upload',
				parameters: {
					resource: 'element',
					operation: 'uploadFile',
					uploadBy: 'fileChooser',
					selector: '#file-chooser-button',
					binaryPropertyName: 'shot',
				},
			},
			{
				name: 'Chosen',
				parameters: {
					resource: 'element',
					operation: 'getState',
					selector: '#file-chooser-list li',
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const [upload] = result.items('Upload');
		assert.equal(
			(upload.json.files as Array<{ name: string; mimeType: string }>)[0].name,
			'proof.png',
		);
		assert.equal(
			(upload.json.files as Array<{ name: string; mimeType: string }>)[0].mimeType,
			'image/png',
		);
		assert.equal(result.items('Chosen')[0].json.text, 'proof.png');
	});

	it('keeps the input item’s files through operations in between, so Upload File can come later', async () => {
		const workflow = chain([
			{
				name: 'Open Form',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Shot',
				parameters: {
					resource: 'page',
					operation: 'screenshot',
					binaryPropertyName: 'shot',
					options: { fileName: 'proof.png' },
				},
			},
			{
				name: 'Type Name',
				parameters: { resource: 'element', operation: 'fill', selector: '#name', value: 'Ada' },
			},
			{
				name: 'Second Shot',
				parameters: {
					resource: 'page',
					operation: 'screenshot',
					binaryPropertyName: 'again',
					options: { fileName: 'again.png' },
				},
			},
			{
				name: 'Upload',
				parameters: {
					resource: 'element',
					operation: 'uploadFile',
					selector: '#upload',
					binaryPropertyName: 'shot',
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.deepEqual(
			Object.keys(result.items('Type Name')[0].binary ?? {}),
			['shot'],
			'passed through a node that makes no file',
		);
		assert.deepEqual(
			Object.keys(result.items('Second Shot')[0].binary ?? {}).sort(),
			['again', 'shot'],
			'its own file beside the one it was given',
		);
		assert.equal(
			(result.items('Upload')[0].json.files as Array<{ name: string }>)[0].name,
			'proof.png',
		);
	});

	it('names a missing binary field and lists the ones the item has (INVALID_INPUT)', async () => {
		const workflow = branches(
			[
				{
					name: 'Open Form',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
				},
			],
			[
				{
					name: 'Upload',
					parameters: {
						resource: 'element',
						operation: 'uploadFile',
						selector: '#upload',
						binaryPropertyName: 'data, attachment',
					},
				},
			],
		);
		const input = itemWithFiles({ data: { fileName: 'a.txt', mimeType: 'text/plain', text: 'a' } });
		const result = await runWorkflow(workflow, engineOptions({ inputItems: [input] }));
		assert.equal(result.status, 'error');
		assert.equal(result.error!.nodeName, 'Upload');
		assert.match(result.error!.message, /no binary field "attachment".*\[INVALID_INPUT\]/);
		assert.match(String(result.error!.description), /binary fields are: data/);
	});

	it('answers “does not exist” for an IF node instead of failing, and drives a form with select, check, keys and dates', async () => {
		const workflow = chain([
			{
				name: 'Open Form',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Missing',
				parameters: { resource: 'element', operation: 'getState', selector: '#no-such-banner' },
			},
			{
				name: 'Country',
				parameters: {
					resource: 'element',
					operation: 'selectOption',
					selector: '#country',
					values: 'France',
				},
			},
			{
				name: 'Agree',
				parameters: { resource: 'element', operation: 'check', selector: '#agree' },
			},
			{
				name: 'Plan',
				parameters: {
					resource: 'element',
					operation: 'check',
					selector: 'input[name="plan"]',
					options: { index: 1 },
				},
			},
			{
				name: 'Date',
				parameters: {
					resource: 'element',
					operation: 'setInputValue',
					selector: '#fancy-date',
					value: '2026-03-31',
				},
			},
			{
				name: 'Name',
				parameters: { resource: 'element', operation: 'fill', selector: '#name', value: 'Ada' },
			},
			{
				name: 'Submit',
				parameters: {
					resource: 'element',
					operation: 'pressKey',
					selector: '#name',
					keys: 'Enter',
				},
			},
			{
				name: 'Result',
				parameters: { resource: 'extract', operation: 'text', selector: '#form-result' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const missing = result.items('Missing')[0].json;
		assert.equal(missing.exists, false);
		assert.equal(missing.count, 0);
		assert.deepEqual(result.items('Country')[0].json.selectedValues, ['fr']);
		assert.equal(result.items('Agree')[0].json.checked, true);
		assert.deepEqual(result.items('Submit')[0].json.pressed, ['Enter']);
		const values = JSON.parse(String(result.items('Result')[0].json.text));
		assert.equal(values.name, 'Ada');
		assert.equal(values.country, 'fr');
		assert.equal(values.agree, true);
		assert.equal(values.plan, 'pro');
		assert.equal(values.fancyDate, '2026-03-31');
	});
});
