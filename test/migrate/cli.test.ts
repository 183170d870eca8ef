/**
 * `n8n-nodes-browser-agent migrate` as a person runs it: a child process on temporary folders of
 * exports. What it writes, where, what it prints, its exit code, and that the inputs keep every byte.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { convertWorkflow } from '../../migrate/convert';
import { FIXTURES, fixture } from './helpers';

const CLI = resolve(__dirname, '../../migrate/cli.ts');

function migrate(...args: string[]) {
	const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
		encoding: 'utf8',
		timeout: 60_000,
	});
	return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file under `folder` (relative name → sha256), to show nothing was changed. */
function fingerprint(folder: string): Record<string, string> {
	return Object.fromEntries(
		readdirSync(folder, { recursive: true, encoding: 'utf8' })
			.filter((name) => statSync(join(folder, name)).isFile())
			.sort()
			.map((name) => [
				name,
				createHash('sha256')
					.update(readFileSync(join(folder, name)))
					.digest('hex'),
			]),
	);
}

/** A converted workflow without its random node ids, to compare with convertWorkflow's. */
function withoutIds(workflow: { nodes: Array<{ id?: string }> }) {
	return { ...workflow, nodes: workflow.nodes.map(({ id: _id, ...rest }) => rest) };
}

describe('npx n8n-nodes-browser-agent migrate', () => {
	let root: string;
	let exports: string;
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'browser-agent-migrate-'));
		exports = join(root, 'exports');
		mkdirSync(exports);
		// As `n8n export:workflow --all --separate --output=exports/` writes them: one per file.
		for (const file of ['price-check.json', 'invoice-pdf.json', 'no-puppeteer.json']) {
			copyFileSync(join(FIXTURES, file), join(exports, file));
		}
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('converts a folder of exports next to them as <name>.browser-agent.json, inputs untouched', () => {
		const before = fingerprint(exports);
		const run = migrate('migrate', exports);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stderr, '');
		const after = fingerprint(exports);
		for (const [name, hash] of Object.entries(before))
			assert.equal(after[name], hash, `${name} changed`);
		assert.deepEqual(Object.keys(after).sort(), [
			'invoice-pdf.browser-agent.json',
			'invoice-pdf.json',
			'no-puppeteer.json',
			'price-check.browser-agent.json',
			'price-check.json',
		]);
		const written = JSON.parse(
			readFileSync(join(exports, 'price-check.browser-agent.json'), 'utf8'),
		);
		assert.deepEqual(
			withoutIds(written),
			withoutIds(convertWorkflow(fixture('price-check.json')).workflow),
		);
		const ids = written.nodes.map((node: { id: string }) => node.id);
		assert.equal(new Set(ids).size, ids.length, 'node ids are unique');
		assert.ok(
			written.nodes
				.filter((node: { type: string }) => node.type.startsWith('n8n-nodes-browser-agent'))
				.every((node: { id: string }) => /^[0-9a-f-]{36}$/.test(node.id)),
			'new nodes have UUIDs',
		);

		// The printed report: per workflow, what was converted and what needs a person.
		assert.match(run.stdout, /price-check\.json "Competitor price check"/);
		assert.match(
			run.stdout,
			/"Get Page Content" \(getPageContent\) → "Get Page Content \(Open Session\)" \(Session → Open\)/,
		);
		assert.match(run.stdout, /expressions rewritten:\n.*"Get Page Content \(Navigate\)" url/);
		assert.match(run.stdout, /needs a person:\n {4}- "Get Screenshot": its File Name option/);
		assert.match(run.stdout, /Allow Custom JavaScript: on/);
		assert.match(
			run.stdout,
			/no-puppeteer\.json "Nightly backup"\n {2}no n8n-nodes-puppeteer node: nothing to convert\n {2}→ nothing written/,
		);
		assert.match(run.stdout, /→ written to .*price-check\.browser-agent\.json/);
		assert.match(run.stdout, /3 workflows: 2 converted, 1 without n8n-nodes-puppeteer nodes/);

		// A second run does not take the outputs for inputs.
		const again = migrate('migrate', exports);
		assert.equal(again.code, 0);
		assert.doesNotMatch(again.stdout, /browser-agent\.browser-agent/);
		assert.match(again.stdout, /3 workflows/);
	});

	it('with --out writes converted files there under their own names, and --report as JSON', () => {
		const out = join(root, 'converted');
		const reportFile = join(root, 'report.json');
		const run = migrate('migrate', exports, '--out', out, `--report=${reportFile}`);
		assert.equal(run.code, 0, run.stderr);
		assert.deepEqual(readdirSync(out).sort(), ['invoice-pdf.json', 'price-check.json']);
		assert.deepEqual(readdirSync(exports).sort(), [
			'invoice-pdf.json',
			'no-puppeteer.json',
			'price-check.json',
		]);
		const report = JSON.parse(readFileSync(reportFile, 'utf8'));
		assert.deepEqual(report.errors, []);
		assert.deepEqual(
			report.workflows.map((workflow: { file: string; output?: string; converted: unknown[] }) => [
				workflow.file,
				workflow.output,
				workflow.converted.length,
			]),
			[
				[join(exports, 'invoice-pdf.json'), join(out, 'invoice-pdf.json'), 2],
				[join(exports, 'no-puppeteer.json'), undefined, 0],
				[join(exports, 'price-check.json'), join(out, 'price-check.json'), 2],
			],
		);
		const invoice = report.workflows[0];
		assert.deepEqual(invoice.workflow, { name: 'Monthly invoices as PDF', id: 'Hn4pQ8rS2tU6vW0x' });
		assert.ok(
			invoice.needsPerson.some((finding: { message: string }) =>
				/Capture Downloads/.test(finding.message),
			),
		);
		assert.equal(invoice.credential.settings[0].value, 'Launch Chromium on the n8n Machine');
	});

	it('converts one file holding a list of workflows (n8n export:workflow --all) into one list', () => {
		const all = join(root, 'all.json');
		const list = [
			fixture('no-puppeteer.json'),
			fixture('agent-tools.json'),
			fixture('browserless.json'),
		];
		writeFileSync(all, JSON.stringify(list, null, 2));
		const before = readFileSync(all);
		const run = migrate('migrate', all);
		assert.equal(run.code, 0, run.stderr);
		assert.deepEqual(readFileSync(all), before);
		const written = JSON.parse(readFileSync(join(root, 'all.browser-agent.json'), 'utf8'));
		assert.equal(written.length, 3);
		assert.deepEqual(written[0], list[0], 'a workflow without Puppeteer nodes stays as it was');
		assert.equal(written[1].nodes[3].type, 'n8n-nodes-browser-agent.browserAgentTool');
		assert.match(run.stdout, /all\.json \[1\] "Research agent with a browser"/);
	});

	it('names each malformed file and what is wrong, writes nothing for it, exits 1', () => {
		const folder = join(root, 'mixed');
		mkdirSync(folder);
		for (const file of readdirSync(join(FIXTURES, 'malformed'))) {
			copyFileSync(join(FIXTURES, 'malformed', file), join(folder, file));
		}
		copyFileSync(join(FIXTURES, 'price-check.json'), join(folder, 'price-check.json'));
		writeFileSync(
			join(folder, 'list-with-a-bad-one.json'),
			JSON.stringify([fixture('price-check.json'), { name: 'x' }]),
		);
		const before = fingerprint(folder);
		const run = migrate('migrate', folder);
		assert.equal(run.code, 1);
		const errors = run.stderr.trim().split('\n');
		assert.deepEqual(errors, [
			`error: ${join(folder, 'list-with-a-bad-one.json')}: workflow 2 ("x") has no "nodes" list: is this an n8n workflow export?`,
			`error: ${join(folder, 'no-nodes.json')}: the workflow ("Credentials export by mistake") has no "nodes" list: is this an n8n workflow export?`,
			`error: ${join(folder, 'node-without-parameters.json')}: the workflow ("Hand-edited"): node "Get Page Content" has no "parameters" object.`,
			`error: ${join(folder, 'not-json.json')}: not valid JSON (Expected ',' or '}' after property value in JSON at position 52)`,
		]);
		const after = fingerprint(folder);
		for (const [name, hash] of Object.entries(before))
			assert.equal(after[name], hash, `${name} changed`);
		assert.deepEqual(
			Object.keys(after).filter((name) => !(name in before)),
			['price-check.browser-agent.json'],
			'only the good file got an output',
		);
		assert.match(run.stdout, /4 files not readable as workflows/);
	});

	it('refuses wrong arguments with exit code 2, and an --out that is the inputs’ folder', () => {
		for (const args of [
			[],
			['convert', exports],
			['migrate'],
			['migrate', exports, '--out'],
			['migrate', exports, '--force'],
			['migrate', join(root, 'missing')],
			['migrate', exports, exports],
		]) {
			const run = migrate(...args);
			assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
			assert.match(run.stderr, /Usage: n8n-nodes-browser-agent migrate/);
		}
		const same = migrate('migrate', exports, '--out', exports);
		assert.equal(same.code, 2);
		assert.match(same.stderr, /is the inputs' own folder/);
		assert.deepEqual(readdirSync(exports).sort(), [
			'invoice-pdf.json',
			'no-puppeteer.json',
			'price-check.json',
		]);
		const help = migrate('--help');
		assert.equal(help.code, 0);
		assert.match(help.stdout, /<workflow\.json \| folder>/);
	});

	it('starts with a #! line, so npm can link it as the package’s bin', () => {
		assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
		const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
		assert.deepEqual(manifest.bin, { 'n8n-nodes-browser-agent': 'dist/migrate/cli.js' });
	});
});
