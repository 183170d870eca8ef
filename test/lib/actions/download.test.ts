import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
	LOGIN,
	REPORT_CSV,
	REPORT_CSV_FILENAME,
	STATEMENT_PDF,
	STATEMENT_PDF_FILENAME,
} from '../../../scripts/fixture-site/expected';
import { eventually } from '../../helpers/processes';
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

	it('fails with DOWNLOAD_FAILED when the connection closes half-way through a download by URL, keeps nothing, and the session goes on', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/downloads` });
		const url = `${env.site.url}/files/dropped.bin`;
		const error = await failureOf(env.pool.run(key, 'download', { url }));
		assertConnectionClosed(error, url);
		assert.deepEqual(await downloadedFiles(env, key), []);
		await assertSessionGoesOn(env, key);
	});

	it('fails with DOWNLOAD_FAILED when the connection closes half-way through a clicked download, keeps nothing, and the session goes on', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/downloads/faults` });
		const error = await failureOf(env.pool.run(key, 'download', { selector: '#download-dropped' }));
		assertConnectionClosed(error, `${env.site.url}/files/dropped.bin`);
		assert.deepEqual(await downloadedFiles(env, key), []);
		await assertSessionGoesOn(env, key);
	});

	it('stops a clicked download still running at the time limit: TIMEOUT, the server sees it cancelled, nothing kept, the session goes on', async () => {
		const stalled = await startStalledDownloadServer();
		try {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: stalled.url });
			const error = await failureOf(
				env.pool.run(key, 'download', { selector: '#stalled', timeoutMs: 2_000 }),
			);
			assert.equal(error.code, 'TIMEOUT', error.message);
			assert.ok(error.message.includes(`${stalled.url}stalled.bin`), `names it: ${error.message}`);
			assert.match(error.message, /did not finish within 2000 ms; it was stopped/);
			assert.match(error.advice, /Timeout \(Ms\)/);
			// The session is still open, so only the cancelled download closes the connection.
			await eventually(() => stalled.responseClosed(), 'the stalled response is closed');
			assert.deepEqual(await downloadedFiles(env, key), []);
			await assertSessionGoesOn(env, key);
		} finally {
			await stalled.close();
		}
	});
});

/** A page linking to a file whose server sends its first MiB of four, then nothing more. */
async function startStalledDownloadServer() {
	let closed = false;
	const server = createServer((request, response) => {
		if (request.url !== '/stalled.bin') {
			response.writeHead(200, { 'Content-Type': 'text/html' });
			response.end('<title>Stalled</title><a id="stalled" href="/stalled.bin">Get it</a>');
			return;
		}
		response.writeHead(200, {
			'Content-Type': 'application/octet-stream',
			'Content-Length': 4 * 1024 * 1024,
			'Content-Disposition': 'attachment; filename="stalled.bin"',
		});
		response.write(Buffer.alloc(1024 * 1024, 'x'));
		response.on('close', () => (closed = true));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
		responseClosed: () => closed,
		close: () => {
			server.closeAllConnections();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/**
 * A real 16 MiB disk (tmpfs) as the temporary folder of one session and its browser: Playwright
 * makes Chromium's downloads folder in os.tmpdir() when the browser starts, and the session folder
 * is made there when the session opens. TMPDIR points at the small disk for that moment only.
 */
describe('download to a full disk', () => {
	const DISK_MB = 16;
	let disk: string | undefined;
	let mounted = false;
	let skipReason: string | undefined;
	let full: RunnerEnvironment | undefined;
	const key = { owner: `test-full-disk-${process.pid}` };

	before(async () => {
		disk = mkdtempSync(join(tmpdir(), 'browser-agent-full-disk-'));
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}m`, 'tmpfs', disk], {
				stdio: 'pipe',
			});
			mounted = true;
		} catch (error) {
			skipReason = `mounting a ${DISK_MB} MiB tmpfs needs root (mount said: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
			return;
		}
		const saved = process.env.TMPDIR;
		process.env.TMPDIR = disk;
		try {
			full = await startRunnerEnvironment();
			await full.pool.run(key, 'navigate', { url: `${full.site.url}/downloads/faults` });
		} finally {
			if (saved === undefined) delete process.env.TMPDIR;
			else process.env.TMPDIR = saved;
		}
		const session = await full.pool.session(key);
		assert.ok(session!.directoryPath.startsWith(disk), 'the session folder is on the small disk');
	});

	after(async () => {
		await full?.close();
		// Lazy: a Chromium helper still exiting must not keep the disk (and this test) busy.
		if (mounted) execFileSync('umount', ['--lazy', disk!]);
		if (disk) rmSync(disk, { recursive: true, force: true });
	});

	/** Bytes in use on the small disk. */
	function used(): number {
		const stats = statfsSync(disk!);
		return (stats.blocks - stats.bfree) * stats.bsize;
	}

	/** `seen`: how the action learnt of it (a write that failed with ENOSPC, or a file announced too large). */
	async function expectDiskFull(t: TestContext, download: Record<string, unknown>, seen: RegExp) {
		if (skipReason) return t.skip(skipReason);
		const before = used();
		const earlier = await downloadedFiles(full!, key);
		const error = await failureOf(full!.pool.run(key, 'download', download));
		assert.equal(error.code, 'DOWNLOAD_FAILED', error.message);
		assert.match(error.message, /large\.bin/);
		t.diagnostic(error.message);
		assert.match(error.message, /disk is full/);
		assert.match(error.message, seen);
		assert.ok(error.message.includes(disk!), `names the folder: ${error.message}`);
		assert.match(error.advice, /free space/i);
		assert.match(error.advice, /TMPDIR/);
		assert.deepEqual(await downloadedFiles(full!, key), earlier, 'no file of this download');
		// Chromium removes its own partial file, a moment after it reports the download canceled.
		await eventually(() => used() - before < 512 * 1024, 'nothing half-written stays on the disk');
		await assertSessionGoesOn(full!, key);
	}

	it('by URL: the file does not fit, DOWNLOAD_FAILED says the disk is full', (t) =>
		expectDiskFull(t, { url: `${full?.site.url}/files/large.bin?mb=64` }, /ENOSPC/));

	it('by click: Chromium’s own download does not fit, DOWNLOAD_FAILED says the disk is full', async (t) => {
		if (!skipReason)
			await full!.pool.run(key, 'navigate', { url: `${full!.site.url}/downloads/faults?mb=64` });
		await expectDiskFull(t, { selector: '#download-large' }, /the file is 64\.0 MiB/);
	});

	it('by click: Chromium’s download fits but the session’s copy does not, DOWNLOAD_FAILED says the disk is full', async (t) => {
		if (!skipReason)
			await full!.pool.run(key, 'navigate', {
				url: `${full!.site.url}/downloads/faults?mb=${Math.round(DISK_MB * 0.6)}`,
			});
		await expectDiskFull(t, { selector: '#download-large' }, /ENOSPC/);
	});
});

function assertConnectionClosed(error: any, url: string) {
	assert.equal(error.code, 'DOWNLOAD_FAILED', error.message);
	assert.ok(error.message.includes(url), `names the URL: ${error.message}`);
	assert.match(error.message, /connection closed before the file was complete/);
	assert.match(error.advice, /again/);
}

/** The files in the session's downloads folder. */
async function downloadedFiles(env: RunnerEnvironment, key: SessionKey): Promise<string[]> {
	const session = await env.pool.session(key);
	const folder = join(session!.directoryPath, 'downloads');
	if (!existsSync(folder)) return [];
	return readdirSync(folder, { recursive: true, withFileTypes: true })
		.filter((entry) => !entry.isDirectory())
		.map((entry) => join(entry.parentPath, entry.name));
}

/** A next download in the same session works. */
async function assertSessionGoesOn(env: RunnerEnvironment, key: SessionKey) {
	await env.pool.run(key, 'navigate', { url: `${env.site.url}/downloads` });
	const run = await env.pool.run(key, 'download', { selector: '#download-pdf' });
	assert.equal(run.files[0].fileName, STATEMENT_PDF_FILENAME);
	assert.equal(run.files[0].bytes.toString('latin1'), STATEMENT_PDF);
}
