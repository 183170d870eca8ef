import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import { actionJsonSchema, type SessionKey } from '../../../lib';

describe('uploadFile', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function onForm(): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		return key;
	}

	const invoice = {
		name: 'invoice.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4 fake'),
	};
	const notes = {
		name: 'notes.txt',
		mimeType: 'text/plain',
		buffer: new Uint8Array(Buffer.from('hello')),
	};

	it('puts several files into a multiple file input; the page sees their names, types and bytes', async () => {
		const key = await onForm();
		const run = await env.pool.run(key, 'uploadFile', {
			selector: '#upload',
			files: [invoice, notes],
		});
		assert.deepEqual(run.result, {
			uploaded: 2,
			files: [
				{ name: 'invoice.pdf', mimeType: 'application/pdf', size: 13 },
				{ name: 'notes.txt', mimeType: 'text/plain', size: 5 },
			],
		});
		const page = await env.page(key);
		assert.deepEqual(await page.locator('#upload-list li').allTextContents(), [
			'invoice.pdf',
			'notes.txt',
		]);
		const seen = await page.locator('#upload').evaluate(async (input) => {
			const files = Array.from((input as HTMLInputElement).files ?? []);
			return Promise.all(files.map(async (file) => ({ type: file.type, text: await file.text() })));
		});
		assert.deepEqual(seen, [
			{ type: 'application/pdf', text: '%PDF-1.4 fake' },
			{ type: 'text/plain', text: 'hello' },
		]);
	});

	it('accepts base64 content (batch steps and AI tools), with a default type', async () => {
		const key = await onForm();
		const run = await env.pool.run<any>(key, 'uploadFile', {
			selector: '#upload',
			files: [{ name: 'a.csv', buffer: Buffer.from('x,y\n1,2').toString('base64') }],
		});
		assert.equal(run.result.files[0].size, 7);
		assert.equal(run.result.files[0].mimeType, 'application/octet-stream');
		const text = await (await env.page(key))
			.locator('#upload')
			.evaluate((input) => (input as HTMLInputElement).files![0].text());
		assert.equal(text, 'x,y\n1,2');
	});

	it('uses the file dialog a button opens', async () => {
		const key = await onForm();
		const run = await env.pool.run<any>(key, 'uploadFile', {
			selector: '#file-chooser-button',
			uploadBy: 'fileChooser',
			files: [notes],
		});
		assert.equal(run.result.uploaded, 1);
		assert.deepEqual(
			await (await env.page(key)).locator('#file-chooser-list li').allTextContents(),
			['notes.txt'],
		);
	});

	it('refuses several files for a single-file dialog or field', async () => {
		const key = await onForm();
		const dialog = await failureOf(
			env.pool.run(key, 'uploadFile', {
				selector: '#file-chooser-button',
				uploadBy: 'fileChooser',
				files: [invoice, notes],
			}),
		);
		assert.equal(dialog.code, 'INVALID_INPUT');
		assert.equal(dialog.field, 'files');
		const field = await failureOf(
			env.pool.run(key, 'uploadFile', { selector: '#hidden-file-input', files: [invoice, notes] }),
		);
		assert.equal(field.code, 'INVALID_INPUT');
		assert.equal(field.field, 'files');
	});

	it('explains the mode when the element is not a file field, or opens no dialog', async () => {
		const key = await onForm();
		const notInput = await failureOf(
			env.pool.run(key, 'uploadFile', { selector: '#file-chooser-button', files: [notes] }),
		);
		const textField = await failureOf(
			env.pool.run(key, 'uploadFile', { selector: '#name', files: [notes] }),
		);
		assert.equal(textField.code, 'INVALID_INPUT');
		assert.equal(notInput.code, 'INVALID_INPUT');
		assert.match(notInput.advice, /file dialog/);
		const noDialog = await failureOf(
			env.pool.run(key, 'uploadFile', {
				selector: '#counter',
				uploadBy: 'fileChooser',
				files: [notes],
				timeoutMs: 800,
			}),
		);
		assert.equal(noDialog.code, 'TIMEOUT');
		assert.match(noDialog.message, /no file dialog/);
		const missing = await failureOf(
			env.pool.run(key, 'uploadFile', { selector: '#nope', files: [notes], timeoutMs: 500 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
	});

	it('validates the files before touching the browser, and keeps their content out of the history', async () => {
		const key = await onForm();
		const none = await failureOf(
			env.pool.run(key, 'uploadFile', { selector: '#upload', files: [] }),
		);
		assert.equal(none.code, 'INVALID_INPUT');
		assert.equal(none.field, 'files');
		const badContent = await failureOf(
			env.pool.run(key, 'uploadFile', {
				selector: '#upload',
				files: [{ name: 'a.txt', buffer: 42 }],
			}),
		);
		assert.equal(badContent.field, 'files.0.buffer');
		const badName = await failureOf(
			env.pool.run(key, 'uploadFile', {
				selector: '#upload',
				files: [{ name: '../a.txt', buffer: '' }],
			}),
		);
		assert.equal(badName.field, 'files.0.name');
		await env.pool.run(key, 'uploadFile', { selector: '#upload', files: [notes] });
		assert.equal((await env.pool.session(key))!.history.at(-1)!.input.files, '[redacted]');
	});

	it('describes the content as base64 text in its JSON Schema', () => {
		const schema = actionJsonSchema('uploadFile') as any;
		assert.equal(schema.properties.files.items.properties.buffer.contentEncoding, 'base64');
	});
});
