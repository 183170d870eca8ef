import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	failureScreenshot,
	failureScreenshotFile,
	getTimeline,
	SessionPool,
	type SessionEnvironment,
} from '../../../../lib';
import { LOGIN } from '../../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../../scripts/fixture-site/server';
import { eventually } from '../../../helpers/processes';
import { failureOf, unreachableUrl } from '../../../helpers/runner';

const PNG = [0x89, 0x50, 0x4e, 0x47];

/** Every NDJSON line of one audit file, across day folders. */
function lines(auditDir: string, file: string): any[] {
	const days = existsSync(auditDir)
		? readdirSync(auditDir).filter((name) => /^\d{4}-\d{2}-\d{2}$/.test(name))
		: [];
	return days.flatMap((day) => {
		const path = join(auditDir, day, `${file}.ndjson`);
		return existsSync(path)
			? readFileSync(path, 'utf8')
					.split('\n')
					.filter(Boolean)
					.map((line) => JSON.parse(line))
			: [];
	});
}

/** Every file under a folder, recursively. */
function allFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? allFiles(join(folder, entry.name)) : [join(folder, entry.name)],
	);
}

/** A local receiver for alerts: records each POST's JSON body. */
async function startAlertReceiver(): Promise<{
	url: string;
	received: any[];
	close(): Promise<void>;
	server: Server;
}> {
	const received: any[] = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: JSON.parse(body) });
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/alarm`,
		received,
		server,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

describe('Audit trail', () => {
	let site: FixtureSite;
	let pool: SessionPool;
	let dataDir: string;
	let auditDir: string;
	let owners = 0;
	const key = (name?: string) => ({ owner: `audit-${process.pid}-${++owners}`, name });

	before(async () => {
		site = await startFixtureSite();
	});
	beforeEach(() => {
		dataDir = mkdtempSync(join(tmpdir(), 'browser-agent-audit-'));
		auditDir = join(dataDir, 'audit');
		pool = new SessionPool({ keepBrowserWarmMs: 60_000 });
	});
	afterEach(async () => {
		await pool.shutdown();
		rmSync(dataDir, { recursive: true, force: true });
	});
	after(() => site.close());

	it('writes the four NDJSON files for a session: its life, every action, failure screenshots, downloads and uploads', async () => {
		const environment: SessionEnvironment = {
			audit: { dataDir, workflow: { id: 'wf-1', name: 'Nightly report' } },
		};
		const k = key();
		await pool.open(k, { environment });
		await pool.run(k, 'navigate', { url: `${site.url}/login` }, environment);
		await pool.run(k, 'fill', { selector: '#username', value: LOGIN.username }, environment);
		await pool.run(k, 'fill', { selector: '#password', value: LOGIN.password }, environment);
		await pool.run(k, 'click', { selector: '#login-submit' }, environment);
		await pool.run(
			k,
			'waitFor',
			{ until: 'elementVisible', selector: '#link-downloads' },
			environment,
		);
		const missing = await failureOf(
			pool.run(k, 'click', { selector: '#missing', timeoutMs: 500 }, environment),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		assert.deepEqual(
			[...failureScreenshot(missing)!.subarray(0, 4)],
			PNG,
			'the error carries a screenshot of the page',
		);
		await pool.run(k, 'navigate', { url: `${site.url}/downloads` }, environment);
		await pool.run(k, 'download', { selector: '#download-report' }, environment);
		await pool.run(k, 'screenshot', {}, environment);
		await pool.run(k, 'navigate', { url: `${site.url}/form` }, environment);
		await pool.run(
			k,
			'uploadFile',
			{
				selector: '#upload',
				files: [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }],
			},
			environment,
		);
		const { id } = (await pool.status(k))!;
		await pool.close(k);
		await pool.audit.close();

		const sessions = lines(auditDir, 'sessions').filter((line) => line.sessionId === id);
		assert.deepEqual(
			sessions.map((line) => [line.event, line.state]),
			[
				['opened', undefined],
				['state', 'completed'],
				['ended', 'completed'],
			],
		);
		assert.equal(sessions[0].owner, k.owner);
		assert.equal(sessions[0].workflowId, 'wf-1');
		assert.equal(sessions[0].workflowName, 'Nightly report');
		assert.equal(sessions[0].profile.idleTimeoutMs, 300_000);
		assert.equal(sessions[2].actionCount, 11);
		assert.ok(sessions.every((line) => line.v === 1 && !Number.isNaN(Date.parse(line.time))));

		const actions = lines(auditDir, 'actions').filter((line) => line.sessionId === id);
		assert.deepEqual(
			actions.map((line) => line.action),
			[
				'navigate',
				'fill',
				'fill',
				'click',
				'waitFor',
				'click',
				'navigate',
				'download',
				'screenshot',
				'navigate',
				'uploadFile',
			],
		);
		assert.deepEqual(
			actions.map((line) => line.sequence),
			[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
		);
		const failed = actions[5];
		assert.equal(failed.status, 'failed');
		assert.equal(failed.error.code, 'ELEMENT_NOT_FOUND');
		assert.match(failed.error.message, /#missing/);
		assert.match(failed.summary, /^click selector=#missing/);
		assert.ok(failed.durationMs >= 0 && Date.parse(failed.endedAt) >= Date.parse(failed.startedAt));
		assert.equal(actions[2].input.value, '[redacted]');
		assert.ok(
			actions
				.filter((line) => line !== failed)
				.every((line) => line.status === 'succeeded' && line.attempts === 1),
		);

		const snapshots = lines(auditDir, 'snapshots').filter((line) => line.sessionId === id);
		const failure = snapshots.find((line) => line.kind === 'failure')!;
		assert.equal(failure.actionId, failed.actionId);
		assert.equal(failed.screenshot, failure.path, 'the action line links its failure screenshot');
		assert.match(
			failure.path,
			new RegExp(`^\\d{4}-\\d{2}-\\d{2}/${id}/screenshots/006-click-failure\\.png$`),
		);
		assert.deepEqual([...readFileSync(join(auditDir, failure.path)).subarray(0, 4)], PNG);
		const taken = snapshots.find((line) => line.kind === 'action')!;
		assert.equal(taken.actionId, actions[8].actionId);
		assert.equal(statSync(join(auditDir, taken.path)).size, taken.size);

		const files = lines(auditDir, 'files').filter((line) => line.sessionId === id);
		const download = files.find((line) => line.direction === 'download')!;
		assert.equal(download.actionId, actions[7].actionId);
		assert.equal(download.mimeType, 'text/csv');
		assert.match(download.path, new RegExp(`/${id}/files/008-`));
		assert.equal(readFileSync(join(auditDir, download.path)).length, download.size);
		const upload = files.find((line) => line.direction === 'upload')!;
		assert.deepEqual(
			{ name: upload.name, size: upload.size, mimeType: upload.mimeType, path: upload.path },
			{ name: 'notes.txt', size: 5, mimeType: 'text/plain', path: undefined },
		);
	});

	it('never writes a secret: typed passwords, sensitive inputs, the proxy password and credential headers are scrubbed from every file', async () => {
		const proxyPassword = 'pr0xy-Pa55word';
		const headerToken = 'hdr-t0ken-77';
		const cookieValue = 'c00kie-v4lue';
		const typed = 'typed-Secret-42';
		const environment: SessionEnvironment = { audit: { dataDir } };
		const k = key();
		await pool.open(k, {
			environment,
			// The fixture site bypasses the (unreachable) proxy; its password is what matters here.
			options: {
				proxy: {
					server: 'http://127.0.0.1:9',
					bypass: '127.0.0.1',
					username: 'user',
					password: proxyPassword,
				},
				extraHTTPHeaders: { Authorization: `Bearer ${headerToken}` },
			},
		});
		await pool.run(k, 'navigate', { url: `${site.url}/login` }, environment);
		await pool.run(k, 'fill', { selector: '#password', value: LOGIN.password }, environment);
		await pool.run(k, 'fill', { selector: '#username', value: typed }, environment);
		await pool.run(
			k,
			'setCookies',
			{ cookies: [{ name: 'pref', value: cookieValue, url: site.url }] },
			environment,
		);
		// The secrets turn up where no field is marked sensitive: in a URL, and in a failing selector's error.
		await pool.run(
			k,
			'navigate',
			{ url: `${site.url}/form?p=${proxyPassword}&t=${headerToken}&c=${cookieValue}` },
			environment,
		);
		const failure = await failureOf(
			pool.run(k, 'click', { selector: `text=${typed}`, timeoutMs: 400 }, environment),
		);
		assert.doesNotMatch(
			failure.message,
			new RegExp(typed),
			'the error that leaves the session is scrubbed',
		);
		await pool.run(k, 'screenshot', {}, environment);
		await pool.close(k);
		await pool.audit.close();

		const written = allFiles(dataDir);
		assert.ok(
			written.some((path) => path.endsWith('actions.ndjson')),
			'the audit trail was written',
		);
		assert.ok(
			written.some((path) => path.endsWith('.png')),
			'screenshots were written',
		);
		for (const path of written) {
			const content = readFileSync(path).toString('latin1');
			for (const secret of [LOGIN.password, typed, proxyPassword, headerToken, cookieValue]) {
				assert.ok(!content.includes(secret), `${path} holds the secret ${secret}`);
			}
		}
		const actions = lines(auditDir, 'actions');
		assert.match(
			actions.find((line) => line.action === 'navigate' && line.url.includes('/form'))!.url,
			/p=\[redacted\]&t=\[redacted\]&c=\[redacted\]/,
		);
	});

	it('a timed-out session: state line, last screenshot kept, ended line, and an alert POSTed to the alert URL', async () => {
		const receiver = await startAlertReceiver();
		try {
			const environment: SessionEnvironment = {
				audit: {
					dataDir,
					alertUrl: receiver.url,
					alertHeaders: { 'X-Alarm-Key': 'k-123' },
					workflow: { id: 'wf-9', name: 'Orders' },
				},
			};
			const k = key();
			await pool.open(k, { environment, options: { idleTimeoutMs: 600 } });
			await pool.run(k, 'navigate', { url: `${site.url}/form` }, environment);
			const { id } = (await pool.status(k))!;
			await eventually(() => receiver.received.length === 1, 'the alert arrived', 20_000);
			const alert = receiver.received[0];
			assert.equal(alert.headers['x-alarm-key'], 'k-123');
			assert.equal(alert.headers['content-type'], 'application/json');
			assert.equal(alert.body.sessionId, id);
			assert.equal(alert.body.owner, k.owner);
			assert.equal(alert.body.workflowId, 'wf-9');
			assert.equal(alert.body.workflowName, 'Orders');
			assert.equal(alert.body.state, 'timeout');
			assert.equal(alert.body.error.code, 'SESSION_TIMEOUT');
			assert.equal(alert.body.lastAction.action, 'navigate');
			assert.match(alert.body.finalScreenshot, /screenshots\/final\.png$/);

			await pool.audit.close();
			const sessions = lines(auditDir, 'sessions').filter((line) => line.sessionId === id);
			assert.deepEqual(
				sessions.map((line) => line.event),
				['opened', 'state', 'ended'],
			);
			assert.equal(sessions[1].state, 'timeout');
			assert.equal(sessions[2].state, 'timeout');
			assert.equal(sessions[2].error.code, 'SESSION_TIMEOUT');
			assert.equal(sessions[2].lastAction.action, 'navigate');
			assert.equal(sessions[2].finalScreenshot, alert.body.finalScreenshot);
			assert.deepEqual(
				[...readFileSync(join(auditDir, sessions[2].finalScreenshot)).subarray(0, 4)],
				PNG,
			);
			const final = lines(auditDir, 'snapshots').find(
				(line) => line.sessionId === id && line.kind === 'final',
			);
			assert.equal(final.path, sessions[2].finalScreenshot);
		} finally {
			await receiver.close();
		}
	});

	it('a dead alert target changes nothing else: the session ends as usual, the audit is written, the pool works on', async () => {
		const environment: SessionEnvironment = {
			audit: { dataDir, alertUrl: await unreachableUrl() },
		};
		const k = key();
		await pool.open(k, { environment, options: { idleTimeoutMs: 500 } });
		await pool.run(k, 'navigate', { url: `${site.url}/form` }, environment);
		const { id } = (await pool.status(k))!;
		// The state turns to timeout at once; the session has ended (and told the audit) once it has an end time.
		await eventually(
			async () => (await pool.status(k))?.endedAt !== undefined,
			'the session timed out and ended',
			20_000,
		);
		assert.equal((await pool.status(k))?.state, 'timeout');
		await pool.audit.close();
		const ended = lines(auditDir, 'sessions').find(
			(line) => line.sessionId === id && line.event === 'ended',
		);
		assert.equal(ended.state, 'timeout');
		const next = key();
		const run = await pool.run(next, 'navigate', { url: `${site.url}/form` }, environment);
		assert.equal(run.url, `${site.url}/form`);
	});

	it('onTimeout: closeSession ends the session after the failure; screenshotAndReload reloads the page and keeps it', async () => {
		const environment: SessionEnvironment = { audit: { dataDir } };
		const closing = key();
		await pool.run(closing, 'navigate', { url: `${site.url}/form` }, environment);
		const error = await failureOf(
			pool.run(
				closing,
				'click',
				{ selector: '#missing', timeoutMs: 400, onTimeout: 'closeSession' },
				environment,
			),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		const status = (await pool.status(closing))!;
		assert.equal(status.state, 'failed');
		assert.match(status.endReason!, /On Timeout: Close Session/);
		// As after Session → Close, the next action starts a fresh session.
		const next = await pool.run(closing, 'navigate', { url: `${site.url}/form` }, environment);
		assert.notEqual(next.sessionId, status.id);

		const reloading = key();
		await pool.run(reloading, 'navigate', { url: `${site.url}/form` }, environment);
		await pool.run(
			reloading,
			'fill',
			{ selector: '#name', value: 'typed before the reload' },
			environment,
		);
		await failureOf(
			pool.run(
				reloading,
				'click',
				{ selector: '#missing', timeoutMs: 400, onTimeout: 'screenshotAndReload' },
				environment,
			),
		);
		const after = await pool.run<any>(reloading, 'getState', { selector: '#name' }, environment);
		assert.equal(after.result.value, '', 'the page was reloaded (the typed text is gone)');
		const session = (await pool.session(reloading))!;
		assert.equal(session.history.at(-2)!.onTimeout, 'screenshotAndReload');
		await pool.audit.close();
		const actions = lines(auditDir, 'actions');
		assert.ok(actions.some((line) => line.onTimeout === 'closeSession' && line.screenshot));
	});

	it('the HTML timeline shows every action, the failure in red and its screenshot, when opened in Chromium', async () => {
		const environment: SessionEnvironment = { audit: { dataDir } };
		const k = key();
		await pool.run(k, 'navigate', { url: `${site.url}/form` }, environment);
		await pool.run(k, 'fill', { selector: '#name', value: '<b>not markup</b>' }, environment);
		await failureOf(pool.run(k, 'click', { selector: '#missing', timeoutMs: 400 }, environment));
		await pool.run(k, 'getPageInfo', {}, environment);
		const { timeline, html } = await getTimeline(pool, { key: k, audit: environment.audit });
		assert.equal(timeline.source, 'audit');
		assert.deepEqual(
			timeline.rows.map((row) => row.action),
			['navigate', 'fill', 'click', 'getPageInfo'],
		);

		const viewer = key('viewer');
		await pool.run(viewer, 'navigate', { url: `${site.url}/form` });
		const page = (await pool.session(viewer))!.context.pages()[0];
		await page.setContent(html);
		const rows = await page.locator('tbody tr').evaluateAll((trs) =>
			trs.map((tr) => ({
				action: tr.getAttribute('data-action'),
				failed: tr.classList.contains('failed'),
			})),
		);
		assert.deepEqual(rows, [
			{ action: 'navigate', failed: false },
			{ action: 'fill', failed: false },
			{ action: 'click', failed: true },
			{ action: 'getPageInfo', failed: false },
		]);
		assert.match(await page.locator('tr.failed .error').innerText(), /ELEMENT_NOT_FOUND/);
		const color = await page
			.locator('tr.failed .bar')
			.evaluate((bar) => getComputedStyle(bar).backgroundColor);
		assert.equal(color, 'rgb(207, 34, 46)');
		const loaded = await page
			.locator('tr.failed img.thumb')
			.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0);
		assert.ok(loaded, 'the failure screenshot is shown inline');
		assert.equal(await page.locator('b').count(), 0, 'text from the flow is escaped, not rendered');
	});

	it('the error names the failure screenshot’s file, on disk by the time the error is thrown', async () => {
		const environment: SessionEnvironment = { audit: { dataDir } };
		const k = key();
		await pool.run(k, 'navigate', { url: `${site.url}/form` }, environment);
		const missing = await failureOf(
			pool.run(k, 'click', { selector: '#missing', timeoutMs: 400 }, environment),
		);
		// Read before anything flushes the trail: whoever shows the error may send the person there at once.
		const file = failureScreenshotFile(missing)!;
		assert.ok(file, 'the error names a file');
		assert.deepEqual(readFileSync(file), failureScreenshot(missing), 'the file holds its picture');
		const { id } = (await pool.status(k))!;
		await pool.audit.close();
		const [line] = lines(auditDir, 'actions').filter(
			(action) => action.sessionId === id && action.status === 'failed',
		);
		assert.equal(file, join(auditDir, line.screenshot), 'the file the action line links');
	});

	it('can be switched off: nothing is written, and the timeline of the open session comes from its memory', async () => {
		const environment: SessionEnvironment = { audit: { dataDir, enabled: false } };
		const k = key();
		await pool.run(k, 'navigate', { url: `${site.url}/form` }, environment);
		const missing = await failureOf(
			pool.run(k, 'click', { selector: '#missing', timeoutMs: 400 }, environment),
		);
		assert.ok(failureScreenshot(missing), 'the error still carries the picture…');
		assert.equal(failureScreenshotFile(missing), undefined, '…but names no file');
		const { timeline } = await getTimeline(pool, { key: k, audit: environment.audit });
		assert.equal(timeline.source, 'session');
		assert.deepEqual(
			timeline.rows.map((row) => row.status),
			['succeeded', 'failed'],
		);
		await pool.close(k);
		await pool.audit.close();
		assert.equal(existsSync(auditDir), false);
	});
});
