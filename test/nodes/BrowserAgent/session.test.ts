import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, getBinaryBuffer, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('Browser Agent node: failure screenshots and Session → Get Timeline', () => {
	let site: FixtureSite;
	let dataDir: string;
	before(async () => {
		site = await startFixtureSite();
		dataDir = mkdtempSync(join(tmpdir(), 'browser-agent-node-audit-'));
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	const credentials = () => ({
		browserAgentApi: {
			connection: 'launch',
			executablePath: '/usr/bin/chromium',
			headless: true,
			auditEnabled: true,
			auditDataDir: dataDir,
		},
	});

	it('continues on fail with the page’s screenshot as binary, and lists every action with an HTML report', async () => {
		const workflow = {
			id: 'wf-audit-1',
			name: 'Audit me',
			...chain(
				[
					{
						name: 'Open Form',
						parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
					},
					{
						name: 'Click Missing',
						parameters: {
							resource: 'element',
							operation: 'click',
							selector: '#missing',
							options: { timeoutMs: 400 },
						},
						settings: { onError: 'continueRegularOutput' },
					},
					{ name: 'Timeline', parameters: { resource: 'session', operation: 'getTimeline' } },
				],
				true,
			),
		};
		const result = await runWorkflow(workflow, engineOptions({ credentials: credentials() }));
		assertRunSucceeded(result);

		const [failed] = result.items('Click Missing');
		assert.equal(failed.json.code, 'ELEMENT_NOT_FOUND');
		const screenshot = failed.binary!.screenshot;
		assert.equal(screenshot.mimeType, 'image/png');
		assert.deepEqual([...(await getBinaryBuffer(screenshot)).subarray(0, 4)], PNG);

		const rows = result.items('Timeline');
		assert.deepEqual(
			rows.map((row) => [row.json.action, row.json.status]),
			[
				['navigate', 'succeeded'],
				['click', 'failed'],
			],
		);
		assert.equal((rows[1].json.error as { code: string }).code, 'ELEMENT_NOT_FOUND');
		assert.match(String(rows[1].json.screenshot), /screenshots\/002-click-failure\.png$/);
		assert.ok(
			existsSync(join(dataDir, 'audit', String(rows[1].json.screenshot))),
			'the failure screenshot is in the audit folder',
		);
		const report = rows[0].binary!.data;
		assert.equal(report.fileName, 'timeline.html');
		assert.equal(report.mimeType, 'text/html');
		const html = (await getBinaryBuffer(report)).toString('utf8');
		assert.match(html, /data-action="navigate"/);
		assert.match(html, /<tr class="failed" data-action="click"/);
		assert.match(html, /src="data:image\/png;base64,/);
		assert.equal(rows[1].binary, undefined, 'the report comes once');

		// A later execution reads the past session from the audit trail by its ID.
		const sessionId = String(rows[0].json.sessionId);
		const later = await runWorkflow(
			chain(
				[
					{
						name: 'Past',
						parameters: {
							resource: 'session',
							operation: 'getTimeline',
							sessionId,
							output: 'singleItem',
						},
					},
				],
				true,
			),
			engineOptions({ credentials: credentials() }),
		);
		assertRunSucceeded(later);
		const [past] = later.items('Past');
		assert.equal(past.json.sessionId, sessionId);
		assert.equal(past.json.workflowId, 'wf-audit-1');
		assert.equal(past.json.workflowName, 'Audit me');
		assert.equal(past.json.actionCount, 2);
		assert.equal(past.json.failedCount, 1);
		assert.ok(past.binary!.data);

		const day = readdirSync(join(dataDir, 'audit')).find((name) =>
			/^\d{4}-\d{2}-\d{2}$/.test(name),
		)!;
		const opened = readFileSync(join(dataDir, 'audit', day, 'sessions.ndjson'), 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line))
			.find((line) => line.sessionId === sessionId && line.event === 'opened');
		assert.equal(opened.owner, result.executionId);
	});

	/** Open Form → Click Missing, with Settings → On Error left at “stop”. */
	const failingClick = (id: string) => ({
		id,
		...chain(
			[
				{
					name: 'Open Form',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
				},
				{
					name: 'Click Missing',
					parameters: {
						resource: 'element',
						operation: 'click',
						selector: '#missing',
						options: { timeoutMs: 400 },
					},
				},
			],
			true,
		),
	});

	it('with On Error left at stop, the error’s description names the failure screenshot’s file', async () => {
		const result = await runWorkflow(
			failingClick('wf-audit-stop'),
			engineOptions({ credentials: credentials() }),
		);
		assert.equal(result.status, 'error');
		assert.equal(result.error?.nodeName, 'Click Missing');
		const description = String(result.error!.description);
		const named = /A screenshot of the page at the failure: (\S+\.png) /.exec(description);
		assert.ok(named, `the description names a PNG file: ${description}`);
		const file = named[1];
		assert.ok(file.startsWith(join(dataDir, 'audit')), `kept in the audit folder: ${file}`);
		assert.ok(existsSync(file), `the named file exists: ${file}`);
		assert.deepEqual([...readFileSync(file).subarray(0, 4)], PNG);
		assert.match(description, /Session → Get Timeline/);
		assert.match(description, /On Error to “Continue \(using error output\)”/);
	});

	it('with the audit trail off, the error’s description says how to get the failure screenshot', async () => {
		const result = await runWorkflow(
			failingClick('wf-audit-off'),
			engineOptions({
				credentials: {
					browserAgentApi: { ...credentials().browserAgentApi, auditEnabled: false },
				},
			}),
		);
		assert.equal(result.status, 'error');
		const description = String(result.error!.description);
		assert.doesNotMatch(description, /\.png/);
		assert.match(description, /not kept as a file \(the credential’s Audit Trail is off/);
		assert.match(description, /On Error to “Continue \(using error output\)”/);
		assert.match(description, /Or switch Audit Trail on/);
	});

	it('names an unknown session ID in its error', async () => {
		const result = await runWorkflow(
			chain(
				[
					{
						name: 'Past',
						parameters: {
							resource: 'session',
							operation: 'getTimeline',
							sessionId: 'no-such-session',
						},
					},
				],
				true,
			),
			engineOptions({ credentials: credentials() }),
		);
		assert.equal(result.status, 'error');
		assert.match(result.error!.message, /nothing about session no-such-session.*\[INVALID_INPUT\]/);
		assert.match(String(result.error!.description), /Session ID/);
	});
});
