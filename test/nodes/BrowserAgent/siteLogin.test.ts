import { after, before, describe, it } from 'node:test';
import { encodedForms } from '../../helpers/secretForms';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { totp } from '../../../lib';
import { ECHO_LOGIN, TOTP_LOGIN } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import {
	assertNoSecrets,
	findSecrets,
	textsOfFiles,
	type ProducedText,
} from '../../helpers/secrets';

const RUN_SCRIPT = path.join(__dirname, 'fixtures', 'siteLogin.run.ts');

interface ChildReport {
	startedAt: number;
	endedAt: number;
	login: { status: string; items: Record<string, Array<Record<string, unknown>>> };
	failures: {
		status: string;
		error?: { message: string; nodeName?: string; itemIndex?: number };
		items: Record<string, Array<Record<string, unknown>>>;
	};
	echo: { status: string; items: Record<string, Array<Record<string, unknown>>> };
	texts: ProducedText[];
	echoTexts: ProducedText[];
}

/** Every TOTP code of the secret from one period before `from` to one after `to`: any of them may have been typed. */
function codesBetween(from: number, to: number): string[] {
	const codes: string[] = [];
	for (let time = from - 30_000; time <= to + 30_000; time += 30_000)
		codes.push(totp({ secret: TOTP_LOGIN.totpSecret }, time).code);
	return codes;
}

/**
 * Views of a text with one or more layers of encoding undone (JSON string escapes, HTML entities,
 * percent and form encoding), so that a secret written in a mix of encodings (a URL that Chromium
 * re-encodes, inside an NDJSON line) is still found as itself.
 */
function decodedViews(text: string): string[] {
	const json = (value: string) =>
		value.replace(/\\+(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_escape, code: string) =>
			code.length === 5
				? String.fromCharCode(parseInt(code.slice(1), 16))
				: (({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[code] ??
					code),
		);
	const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
	const html = (value: string) =>
		value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_entity, name: string) =>
			name[0] === '#'
				? String.fromCodePoint(
						name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)),
					)
				: named[name.toLowerCase()],
		);
	const percent = (value: string) =>
		value.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
			try {
				return decodeURIComponent(run);
			} catch {
				return run;
			}
		});
	const views = new Set<string>();
	for (const unjson of [text, json(text)]) {
		for (const unhtml of [unjson, html(unjson)])
			for (const view of [unhtml, percent(unhtml), percent(unhtml.replace(/\+/g, ' '))])
				views.add(view);
	}
	return [...views];
}

/** Where the secret turns up, in any of its spellings or in a decoded view of a text. */
function findEncodedSecret(texts: ProducedText[], secret: string): string[] {
	const found = findSecrets(texts, Object.values(encodedForms(secret)));
	for (const { source, text } of texts)
		if (decodedViews(text).some((view) => view.includes(secret)))
			found.push(`"${secret}" (decoded) in ${source}`);
	return found;
}

describe('Browser Agent Site Login: Element → Fill types secrets that appear nowhere else', () => {
	let site: FixtureSite;
	let scratch: string;
	let report: ChildReport;
	let everything: ProducedText[];
	let printed: ProducedText[];

	before(async () => {
		site = await startFixtureSite();
		// The child's temp folder (session folders, n8n's binary data, Chromium's profile) and data folder, searched afterwards.
		scratch = mkdtempSync(path.join(tmpdir(), 'site-login-'));
		const { stdout, stderr } = await promisify(execFile)(
			process.execPath,
			['--import', 'tsx', RUN_SCRIPT],
			{
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
			},
		);
		const lines = stdout.trim().split('\n');
		report = JSON.parse(lines.pop()!) as ChildReport;
		// The last line is the report, which holds the flow's own outputs; the rest is what the process printed.
		printed = [
			{ source: 'stdout', text: lines.join('\n') },
			{ source: 'stderr', text: stderr },
		];
		everything = [
			{ source: 'stdout', text: stdout },
			{ source: 'stderr', text: stderr },
			...report.texts,
			...textsOfFiles(scratch),
		];
	});

	after(async () => {
		await site.close();
		rmSync(scratch, { recursive: true, force: true });
	});

	it('logs in with username, password and the current one-time code from the credential', () => {
		assert.equal(report.login.status, 'success');
		assert.deepEqual(
			report.login.items['Heading'].map((item) => item.text),
			['Dashboard'],
		);
		assert.match(String(report.login.items['Heading'][0].url), /\/dashboard$/);
		// Filled, and not even the length of the password or code is told.
		assert.deepEqual(
			report.login.items['Type Password'].map((item) => [item.filled, 'length' in item]),
			[[true, false]],
		);
		assert.deepEqual(
			report.login.items['Type Code'].map((item) => [item.filled, 'length' in item]),
			[[true, false]],
		);
	});

	it('fails typing secrets with typed errors, and without a credential says which parameter', () => {
		const code = (node: string) => report.failures.items[node][0].code;
		assert.equal(code('Password Nowhere'), 'ELEMENT_NOT_FOUND');
		assert.equal(code('Code Nowhere'), 'ELEMENT_NOT_FOUND');
		assert.ok(
			['ACTION_FAILED', 'TIMEOUT'].includes(String(code('Password Into Heading'))),
			String(code('Password Into Heading')),
		);
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
		assert.deepEqual(
			findSecrets([{ source: 'probe', text: `x ${TOTP_LOGIN.password} y` }], [TOTP_LOGIN.password]),
			[`"${TOTP_LOGIN.password}" in probe`],
		);
		assert.equal(findSecrets([{ source: 'probe', text: '1234567' }], ['234567']).length, 0);
	});

	it('no output item, binary file, error, log line, audit line or left-over file holds the password, the TOTP secret or a code', () => {
		// The audit trail of the run is among the files searched: its four NDJSON files and the failure screenshots.
		const audit = everything
			.filter((text) => text.source.startsWith(`file ${path.join(scratch, 'data', 'audit')}`))
			.map((text) => path.basename(text.source));
		for (const file of ['sessions.ndjson', 'actions.ndjson', 'snapshots.ndjson'])
			assert.ok(audit.includes(file), `${file} written and searched: ${audit.join(', ')}`);
		assert.ok(
			everything.some(
				(text) =>
					text.source.includes(`${path.sep}actions.ndjson`) &&
					text.text.includes('"action":"fill"'),
			),
			'the fills are in the audit trail',
		);
		const secrets = [
			TOTP_LOGIN.password,
			TOTP_LOGIN.totpSecret,
			...codesBetween(report.startedAt, report.endedAt),
		];
		assertNoSecrets(everything, secrets);
	});

	describe('a password with characters every encoding changes, echoed by the page into its URL, title, cookie and storage', () => {
		const echoItem = (node: string) => report.echo.items[node][0];
		/** Audit files, left-over files, the debug log, Get Timeline's rows and report, and the error of the failed action. */
		const searched = (): ProducedText[] => [
			...printed,
			...textsOfFiles(scratch),
			...report.echoTexts.filter((text) => /node "(Echo Timeline|Echo Timeout)"/.test(text.source)),
		];

		it('the page really echoed it: the flow’s own outputs show it, and the search finds it there', () => {
			assert.equal(report.echo.status, 'success');
			const info = echoItem('Echo Info');
			assert.match(String(info.url), /[?&]replaced=1&p=/);
			assert.equal(info.title, `Echo ${ECHO_LOGIN.password}`);
			// After the GET form, the address held the form-encoded password.
			assert.ok(
				String(echoItem('Wait for Echo').url ?? JSON.stringify(echoItem('Wait for Echo'))).includes(
					encodedForms(ECHO_LOGIN.password)['form encoding'],
				),
			);
			const outputs = report.echoTexts.filter((text) =>
				/node "(Echo Info|Echo Cookies|Echo Storage)"/.test(text.source),
			);
			const found = findEncodedSecret(outputs, ECHO_LOGIN.password).join('\n');
			for (const form of ['encodeURIComponent', 'form encoding', 'base64 without padding', 'raw']) {
				assert.ok(
					found.includes(`"${encodedForms(ECHO_LOGIN.password)[form]}"`),
					`${form} not found in the outputs:\n${found}`,
				);
			}
		});

		it('the search finds every encoded form and a mix of them', () => {
			for (const [name, form] of Object.entries(encodedForms(ECHO_LOGIN.password))) {
				assert.ok(
					findEncodedSecret(
						[{ source: 'probe', text: `{"url":"x?q=${form}&y"}` }],
						ECHO_LOGIN.password,
					).length > 0,
					name,
				);
			}
			const chromiumReencoded = JSON.stringify({
				url: `x?u=${encodeURI(ECHO_LOGIN.password).replace(/'/g, '%27')}`,
			});
			assert.ok(
				findEncodedSecret([{ source: 'probe', text: chromiumReencoded }], ECHO_LOGIN.password)
					.length > 0,
			);
			assert.deepEqual(
				findEncodedSecret(
					[{ source: 'probe', text: `a+b/c&d e%"<'! [redacted]` }],
					ECHO_LOGIN.password,
				),
				[],
			);
		});

		it('the failed action’s error and the timeline are there, with the password redacted', () => {
			const failed = echoItem('Echo Timeout');
			assert.equal(failed.code, 'TIMEOUT');
			// The error quotes the address, with the password taken out.
			assert.match(String(failed.error), /never\?replaced=1&p=\[redacted\]/);
			const rows = report.echo.items['Echo Timeline'];
			assert.ok(rows.length >= 10, `timeline rows: ${rows.length}`);
			assert.ok(
				rows.some((row) => String(row.url).includes('[redacted]')),
				'a timeline row shows where the password was',
			);
			const audit = searched().filter((text) => text.source.endsWith(`${path.sep}actions.ndjson`));
			assert.ok(
				audit.some((text) => text.text.includes('replaced=1')),
				'the replaced address is in the audit trail',
			);
		});

		it('no audit line, timeline row, log line, error or left-over file holds the password in any encoding', () => {
			const found = findEncodedSecret(searched(), ECHO_LOGIN.password);
			assert.deepEqual(found.slice(0, 20), []);
		});
	});
});
