import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	LOGIN,
	REPORT_CSV,
	REPORT_CSV_FILENAME,
	STATEMENT_PDF,
	STATEMENT_PDF_FILENAME,
} from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import type { SessionKey } from '../../../lib';

describe('download', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function logIn(key: SessionKey) {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		await (await env.page(key)).waitForURL('**/dashboard');
	}

	it('downloads by clicking, with the server’s file name, bytes and type, into the session folder', async () => {
		const key = env.key();
		await logIn(key);
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/downloads` });
		const run = await env.pool.run<any>(key, 'download', { selector: '#download-report' });
		const [file] = run.files;
		assert.equal(file.fileName, REPORT_CSV_FILENAME);
		assert.equal(file.bytes.toString('utf8'), REPORT_CSV);
		assert.equal(file.mimeType, 'text/csv');
		assert.equal(run.result.size, Buffer.byteLength(REPORT_CSV));
		const session = await env.pool.session(key);
		const path = file.path!;
		assert.ok(path.startsWith(session!.directoryPath), 'the file lands in the session folder');
		assert.ok(existsSync(path));
		await env.pool.close(key);
		assert.ok(!existsSync(path), 'closing the session removes its files');
		assert.ok(!existsSync(session!.directoryPath), 'closing the session removes its folder');
	});

	it('downloads a PDF link', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/downloads` });
		const run = await env.pool.run(key, 'download', { selector: '#download-pdf' });
		assert.equal(run.files[0].fileName, STATEMENT_PDF_FILENAME);
		assert.equal(run.files[0].mimeType, 'application/pdf');
		assert.equal(run.files[0].bytes.toString('latin1'), STATEMENT_PDF);
	});

	it('downloads by URL with the session’s cookies', async () => {
		const key = env.key();
		await logIn(key);
		const run = await env.pool.run<any>(key, 'download', {
			url: `${env.site.url}/files/report.csv`,
		});
		assert.equal(run.files[0].fileName, REPORT_CSV_FILENAME);
		assert.equal(run.files[0].mimeType, 'text/csv');
		assert.equal(run.files[0].bytes.toString('utf8'), REPORT_CSV);
	});

	it('fails with DOWNLOAD_FAILED and the HTTP status when the server refuses', async () => {
		const error = await failureOf(
			env.pool.run(env.key(), 'download', { url: `${env.site.url}/files/report.csv` }),
		);
		assert.equal(error.code, 'DOWNLOAD_FAILED');
		assert.match(error.message, /403/);
		assert.match(error.advice, /log in/i);
	});

	it('fails with TIMEOUT when the file takes longer than allowed', async () => {
		const error = await failureOf(
			env.pool.run(env.key(), 'download', {
				url: `${env.site.url}/files/slow.csv`,
				timeoutMs: 500,
			}),
		);
		assert.equal(error.code, 'TIMEOUT');
	});

	it('fails with TIMEOUT when a click starts no download', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'download', { selector: '#counter', timeoutMs: 600 }),
		);
		assert.equal(error.code, 'TIMEOUT');
	});

	it('needs exactly one of selector and URL', async () => {
		const neither = await failureOf(env.pool.run(env.key(), 'download', {}));
		assert.equal(neither.code, 'INVALID_INPUT');
		const both = await failureOf(
			env.pool.run(env.key(), 'download', { selector: '#a', url: env.site.url }),
		);
		assert.equal(both.code, 'INVALID_INPUT');
	});
});
