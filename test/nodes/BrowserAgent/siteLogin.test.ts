import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { totp } from '../../../lib';
import { TOTP_LOGIN } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertNoSecrets, findSecrets, textsOfFiles, type ProducedText } from '../../helpers/secrets';

const RUN_SCRIPT = path.join(__dirname, 'fixtures', 'siteLogin.run.ts');

interface ChildReport {
	startedAt: number;
	endedAt: number;
	login: { status: string; items: Record<string, Array<Record<string, unknown>>> };
	failures: { status: string; error?: { message: string; nodeName?: string; itemIndex?: number }; items: Record<string, Array<Record<string, unknown>>> };
	texts: ProducedText[];
}

/** Every TOTP code of the secret from one period before `from` to one after `to`: any of them may have been typed. */
function codesBetween(from: number, to: number): string[] {
	const codes: string[] = [];
	for (let time = from - 30_000; time <= to + 30_000; time += 30_000) codes.push(totp({ secret: TOTP_LOGIN.totpSecret }, time).code);
	return codes;
}

describe('Browser Agent Site Login: Element → Fill types secrets that appear nowhere else', () => {
	let site: FixtureSite;
	let scratch: string;
	let report: ChildReport;
	let everything: ProducedText[];

	before(async () => {
		site = await startFixtureSite();
		// The child's temp folder (session folders, n8n's binary data, Chromium's profile) and data folder, searched afterwards.
		scratch = mkdtempSync(path.join(tmpdir(), 'site-login-'));
		const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', RUN_SCRIPT], {
			env: {
				...process.env,
				SITE_URL: site.url,
				BROWSER_AGENT_LOG_LEVEL: 'debug',
				N8N_ENGINE_LOG: '1',
				TMPDIR: scratch,
				BROWSER_AGENT_DATA_DIR: path.join(scratch, 'data'),
				// tsx would cache the compiled test sources (which hold the secrets) in the temp folder.
				TSX_DISABLE_CACHE: '1',
			},
			timeout: 240_000,
			maxBuffer: 256 * 1024 * 1024,
		});
		report = JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
		everything = [{ source: 'stdout', text: stdout }, { source: 'stderr', text: stderr }, ...report.texts, ...textsOfFiles(scratch)];
	});

	after(async () => {
		await site.close();
		rmSync(scratch, { recursive: true, force: true });
	});

	it('logs in with username, password and the current one-time code from the credential', () => {
		assert.equal(report.login.status, 'success');
		assert.deepEqual(report.login.items['Heading'].map((item) => item.text), ['Dashboard']);
		assert.match(String(report.login.items['Heading'][0].url), /\/dashboard$/);
		// Filled, and not even the length of the password or code is told.
		assert.deepEqual(report.login.items['Type Password'].map((item) => [item.filled, 'length' in item]), [[true, false]]);
		assert.deepEqual(report.login.items['Type Code'].map((item) => [item.filled, 'length' in item]), [[true, false]]);
	});

	it('fails typing secrets with typed errors, and without a credential says which parameter', () => {
		const code = (node: string) => report.failures.items[node][0].code;
		assert.equal(code('Password Nowhere'), 'ELEMENT_NOT_FOUND');
		assert.equal(code('Code Nowhere'), 'ELEMENT_NOT_FOUND');
		assert.ok(['ACTION_FAILED', 'TIMEOUT'].includes(String(code('Password Into Heading'))), String(code('Password Into Heading')));
		assert.equal(code('Password Ambiguous'), 'ELEMENT_AMBIGUOUS');
		const missing = report.failures.items['No Credential'][0];
		assert.equal(missing.code, 'INVALID_INPUT');
		assert.equal(missing.field, 'valueSource');
		assert.match(String(missing.error), /Site Login credential.*none is selected \(item 1\)/);
		assert.equal(report.failures.status, 'error');
		assert.equal(report.failures.error?.nodeName, 'Stop Here');
		assert.match(String(report.failures.error?.message), /\[ELEMENT_NOT_FOUND\]/);
	});

	it('the search sees the debug log: fills are logged, with the value redacted', () => {
		const stderr = everything.find((text) => text.source === 'stderr')!.text;
		assert.match(stderr, /"action":"fill".*"value":"\[redacted\]"/);
		// The search itself finds a secret where there is one.
		assert.deepEqual(findSecrets([{ source: 'probe', text: `x ${TOTP_LOGIN.password} y` }], [TOTP_LOGIN.password]), [`"${TOTP_LOGIN.password}" in probe`]);
		assert.equal(findSecrets([{ source: 'probe', text: '1234567' }], ['234567']).length, 0);
	});

	it('no output item, binary file, error, log line, audit line or left-over file holds the password, the TOTP secret or a code', () => {
		// The audit trail of the run is among the files searched: its four NDJSON files and the failure screenshots.
		const audit = everything.filter((text) => text.source.startsWith(`file ${path.join(scratch, 'data', 'audit')}`)).map((text) => path.basename(text.source));
		for (const file of ['sessions.ndjson', 'actions.ndjson', 'snapshots.ndjson']) assert.ok(audit.includes(file), `${file} written and searched: ${audit.join(', ')}`);
		assert.ok(
			everything.some((text) => text.source.includes(`${path.sep}actions.ndjson`) && text.text.includes('"action":"fill"')),
			'the fills are in the audit trail',
		);
		const secrets = [TOTP_LOGIN.password, TOTP_LOGIN.totpSecret, ...codesBetween(report.startedAt, report.endedAt)];
		assertNoSecrets(everything, secrets);
	});
});
