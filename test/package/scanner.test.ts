/**
 * n8n's community-package scanner (@n8n/scan-community-package), run as n8n runs it but offline:
 * its own analyzePackage (its ESLint config, inline eslint-disable comments ignored) on the source
 * (package.json, nodes/, credentials/) and on the `npm pack` tarball (compiled .js and package.json).
 *
 * What it reports must be exactly the findings listed below, each with its reason: a new finding
 * fails, and so does an entry nothing matches any more (take it off the list).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { after, before, describe, it } from 'node:test';

const REPO_ROOT = resolve(__dirname, '../..');

interface Accepted {
	rule: string;
	/** Files the finding may be in, relative to the package root. */
	files: RegExp;
	reason: string;
}

const RUNTIME_DEPENDENCIES: Accepted = {
	rule: '@n8n/community-nodes/no-runtime-dependencies',
	files: /^package\.json$/,
	reason:
		'The node drives a real browser: it needs playwright at run time, and zod, pino, tmp, p-retry, undici, proxy-chain, fflate and ioredis. The rule is for nodes verified for n8n Cloud, which this one cannot be (README: self-hosted n8n only).',
};

/** Findings in the source (what n8n lints from the provenance-attested commit). */
const BY_DESIGN_IN_SOURCE: Accepted[] = [
	RUNTIME_DEPENDENCIES,
	{
		rule: 'n8n-nodes-base/cred-class-field-name-unsuffixed',
		files: /^credentials\/BrowserAgentSiteLoginApi\.credentials\.ts$/,
		reason:
			'Public API: stored credentials and saved workflows hold the type name browserAgentSiteLogin; renaming it would orphan them.',
	},
	{
		rule: 'n8n-nodes-base/node-class-description-credentials-name-unsuffixed',
		files: /^nodes\/BrowserAgent\/BrowserAgent\.node\.ts$/,
		reason:
			'The node names the Site Login credential by its type name browserAgentSiteLogin, which is public API (see above).',
	},
	{
		rule: 'n8n-nodes-base/node-param-description-miscased-json',
		files: /^nodes\/BrowserAgent\/actions\/element\/fill\.operation\.ts$/,
		reason:
			'A false positive: the description shows the expression {{ $json.customer }}, and $json is n8n’s variable, not the word JSON.',
	},
	{
		rule: 'n8n-nodes-base/node-param-options-type-unsorted-items',
		files: /^nodes\/BrowserAgent\/(BrowserAgent\.node|actions\/page\/Page\.resource)\.ts$/,
		reason:
			'n8n’s node creator lists a node’s actions in the order of its Resource and Operation options, so the most used come first: Page, Element, Extract, and Page starts with Navigate, Screenshot, Wait For. Option values are unchanged.',
	},
];

/** Findings in the tarball n8n installs. */
const BY_DESIGN_IN_TARBALL: Accepted[] = [
	RUNTIME_DEPENDENCIES,
	{
		rule: '@n8n/community-nodes/no-restricted-imports',
		files: /^dist\/lib\//,
		reason:
			'dist/lib is the runner: it imports playwright and its other runtime dependencies (pino, undici, tmp, p-retry, zod, proxy-chain, fflate, ioredis), and node:fs/path/crypto/timers for files, downloads and deadlines (n8n Cloud allows n8n-workflow only). nodes/ and credentials/ keep to the rule.',
	},
	{
		rule: '@n8n/community-nodes/no-restricted-globals',
		files: /^dist\/lib\//,
		reason:
			'dist/lib keeps its own timers for deadlines and idle timeouts, reads process.env for its configuration and keeps a process-wide session pool on globalThis. nodes/ and credentials/ keep to the rule.',
	},
	{
		rule: '@n8n/community-nodes/no-restricted-imports',
		files: /^dist\/migrate\/cli\.js$/,
		reason:
			'The package’s bin (`npx n8n-nodes-browser-agent migrate`): a command-line tool run in the user’s shell, never loaded by n8n, that reads workflow exports and writes converted files with node:fs and node:path.',
	},
	{
		rule: '@n8n/community-nodes/no-restricted-globals',
		files: /^dist\/migrate\/cli\.js$/,
		reason:
			'The same command-line tool: it reads its arguments from process.argv, prints to process.stdout/stderr and sets process.exitCode.',
	},
];

interface Finding {
	file: string;
	line: number;
	rule: string;
	message: string;
}

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

type AnalyzePackage = (dir: string, patterns: string[]) => Promise<ScanResult>;

/** The scanner's errors, read from its ESLint "stylish" report (it returns no other form). */
function findingsOf(result: ScanResult, root: string): Finding[] {
	if (result.passed) return [];
	assert.equal(
		result.message,
		'ESLint violations found',
		`the scanner did not run: ${result.message}`,
	);
	const findings: Finding[] = [];
	let file = '';
	for (const line of stripVTControlCharacters(result.details ?? '').split('\n')) {
		if (line.startsWith('/')) file = relative(root, line.trim());
		const problem = /^\s+(\d+):\d+\s+error\s+(.*?)\s+(\S+)$/.exec(line);
		if (problem)
			findings.push({ file, line: Number(problem[1]), message: problem[2], rule: problem[3] });
	}
	assert.ok(
		findings.length > 0,
		`the scanner failed, but its report has no error lines:\n${result.details}`,
	);
	return findings;
}

/** Findings that no entry accepts, and entries that accept no finding. */
function compare(
	findings: Finding[],
	accepted: Accepted[],
): { unexpected: string[]; stale: string[] } {
	const accepts = (entry: Accepted, finding: Finding) =>
		entry.rule === finding.rule && entry.files.test(finding.file);
	return {
		unexpected: findings
			.filter((finding) => !accepted.some((entry) => accepts(entry, finding)))
			.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`),
		stale: accepted
			.filter((entry) => !findings.some((finding) => accepts(entry, finding)))
			.map((entry) => `${entry.rule} in ${entry.files}`),
	};
}

describe("n8n's community-package scanner", () => {
	let scratch: string;
	let analyzePackage: AnalyzePackage;
	let sourcePatterns: string[];

	before(async () => {
		scratch = mkdtempSync(join(tmpdir(), 'browser-agent-scan-'));
		// The scanner makes a temporary folder when loaded: have it made in ours, removed afterwards.
		const tmp = process.env.TMPDIR;
		process.env.TMPDIR = scratch;
		try {
			const scanner = (await import(
				require.resolve('@n8n/scan-community-package/scanner/scanner.mjs')
			)) as {
				analyzePackage: AnalyzePackage;
				SOURCE_FILE_PATTERNS: string[];
			};
			analyzePackage = scanner.analyzePackage;
			sourcePatterns = scanner.SOURCE_FILE_PATTERNS;
		} finally {
			if (tmp === undefined) delete process.env.TMPDIR;
			else process.env.TMPDIR = tmp;
		}
	});
	after(() => rmSync(scratch, { recursive: true, force: true }));

	it('finds in the source only what is accepted by design', { timeout: 300_000 }, async () => {
		const findings = findingsOf(await analyzePackage(REPO_ROOT, sourcePatterns), REPO_ROOT);
		assert.deepEqual(compare(findings, BY_DESIGN_IN_SOURCE), { unexpected: [], stale: [] });
	});

	it(
		'finds in the packed tarball only what is accepted by design',
		{ timeout: 600_000 },
		async () => {
			// As the scanner does with a published version: the tarball unpacked, then its .js and package.json linted.
			const packDir = join(scratch, 'pack');
			const packageDir = join(scratch, 'package');
			mkdirSync(packDir);
			mkdirSync(packageDir);
			// `prepack` builds first, so the tarball holds what the sources say.
			execFileSync('npm', ['pack', '--loglevel=warn', '--pack-destination', packDir], {
				cwd: REPO_ROOT,
				stdio: ['ignore', 'ignore', 'inherit'],
			});
			const tarball = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
			assert.ok(tarball, 'npm pack made no tarball');
			execFileSync('tar', [
				'-xzf',
				join(packDir, tarball),
				'-C',
				packageDir,
				'--strip-components=1',
			]);

			// The patterns of the scanner's tarball leg (analyzePackageByName; not exported).
			const findings = findingsOf(
				await analyzePackage(packageDir, ['**/*.js', 'package.json']),
				packageDir,
			);
			assert.deepEqual(compare(findings, BY_DESIGN_IN_TARBALL), { unexpected: [], stale: [] });
		},
	);
});
