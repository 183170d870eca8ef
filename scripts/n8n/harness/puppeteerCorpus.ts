/**
 * The n8n-nodes-puppeteer corpus (test/e2e/fixtures/puppeteer-corpus): workflows as teams built
 * them with the old node, run in a real n8n next to what `n8n-nodes-browser-agent migrate` makes
 * of them. Shared by the differential test (test/e2e/puppeteer-migration.test.ts) and the bench
 * (bench/puppeteer-migration.ts).
 */
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '../../../lib';
import { EXAMPLE_SITE_URL } from '../../fixture-site/expected';
import { REPO_ROOT, RUNTIME_DIR, runProcess, type N8nInstance } from './n8n';

export const CORPUS_DIR = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'puppeteer-corpus');
/** The packed n8n-nodes-puppeteer and its one dependency the registry lacks (see its README there). */
export const BASELINE_DIR = join(REPO_ROOT, '..', 'shared', 'baselines', 'n8n-nodes-puppeteer');
const BASELINE_PACKAGES = [
	'puppeteer-extra-plugin-human-typing-1.0.2.tgz',
	'n8n-nodes-puppeteer-1.5.0.tgz',
];
/** Installed once per machine, then copied into each n8n's nodes folder. */
const BASELINE_CACHE = join(RUNTIME_DIR, 'n8n-nodes-puppeteer-1.5.0');

/** The credential a migrated workflow is given, as the converter's report asks a person to. */
export const MIGRATED_CREDENTIAL = {
	id: 'baMigrated1',
	name: 'Browser Agent (migrated)',
	type: 'browserAgentApi',
	data: { allowCustomScript: true },
};

export interface CorpusWorkflow {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface CorpusCase {
	/** File name without .json, e.g. 20-page-content. */
	slug: string;
	puppeteer: CorpusWorkflow;
	browserAgent: CorpusWorkflow;
	/** The node whose output is compared: the old workflow's last node, whose name the converter keeps. */
	compared: string;
}

/** Environment of the n8n process for the old node: it finds the system Chromium as its users set it up. */
export function baselineEnvironment(): Record<string, string> {
	const chromium = findExecutable();
	if (!chromium) throw new Error('no Chromium found: run scripts/setup.sh');
	return { PUPPETEER_EXECUTABLE_PATH: chromium };
}

/** Installs n8n-nodes-puppeteer 1.5.0 into this n8n as its README says (once per machine, then copied). */
export async function installBaseline(n8n: N8nInstance): Promise<void> {
	if (!existsSync(join(BASELINE_CACHE, '.install-ok'))) {
		rmSync(BASELINE_CACHE, { recursive: true, force: true });
		mkdirSync(BASELINE_CACHE, { recursive: true });
		writeFileSync(
			join(BASELINE_CACHE, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
		const npm = await runProcess(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--audit=false',
				'--fund=false',
				'--loglevel=error',
				...BASELINE_PACKAGES.map((file) => join(BASELINE_DIR, file)),
			],
			{
				cwd: BASELINE_CACHE,
				env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
				timeoutMs: 900_000,
			},
		);
		if (npm.code !== 0) throw new Error(`installing n8n-nodes-puppeteer failed:\n${npm.stderr}`);
		writeFileSync(join(BASELINE_CACHE, '.install-ok'), '');
	}
	cpSync(join(BASELINE_CACHE, 'node_modules'), join(n8n.nodesDir, 'node_modules'), {
		recursive: true,
	});
	const listed = JSON.parse(readFileSync(join(BASELINE_CACHE, 'package.json'), 'utf8'));
	const target = join(n8n.nodesDir, 'package.json');
	const nodes = existsSync(target)
		? JSON.parse(readFileSync(target, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodes.dependencies = { ...nodes.dependencies, ...listed.dependencies };
	writeFileSync(target, JSON.stringify(nodes, null, 2));
}

/**
 * The corpus pointed at `siteUrl`, converted by the package's own bin as installed in this n8n
 * (`npx n8n-nodes-browser-agent migrate <folder> --out <folder>`). Converted workflows get ids of
 * their own (both sets live in one n8n) and the migrated credential on every Browser Agent node.
 */
export function prepareCorpus(n8n: N8nInstance, siteUrl: string): CorpusCase[] {
	const work = join(n8n.userFolder, 'corpus');
	const original = join(work, 'puppeteer');
	const converted = join(work, 'browser-agent');
	mkdirSync(original, { recursive: true });
	mkdirSync(converted, { recursive: true });
	const files = readdirSync(CORPUS_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
	for (const file of files) {
		const text = readFileSync(join(CORPUS_DIR, file), 'utf8');
		writeFileSync(join(original, file), text.split(EXAMPLE_SITE_URL).join(siteUrl));
	}
	const bin = join(
		n8n.nodesDir,
		'node_modules',
		'n8n-nodes-browser-agent',
		'dist',
		'migrate',
		'cli.js',
	);
	execFileSync(process.execPath, [bin, 'migrate', original, '--out', converted], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	return files.map((file) => {
		const puppeteer = JSON.parse(readFileSync(join(original, file), 'utf8')) as CorpusWorkflow;
		const browserAgent = JSON.parse(readFileSync(join(converted, file), 'utf8')) as CorpusWorkflow;
		browserAgent.id = puppeteer.id.replace(/^pptr/, 'bagt');
		for (const node of browserAgent.nodes) {
			if (node.type.startsWith('n8n-nodes-browser-agent.'))
				node.credentials = {
					browserAgentApi: { id: MIGRATED_CREDENTIAL.id, name: MIGRATED_CREDENTIAL.name },
				};
		}
		return {
			slug: file.replace(/\.json$/, ''),
			puppeteer,
			browserAgent,
			compared: puppeteer.nodes[puppeteer.nodes.length - 1].name,
		};
	});
}

/** Imports both sets of workflows and the migrated credential. */
export async function importCorpus(n8n: N8nInstance, cases: CorpusCase[]): Promise<void> {
	await n8n.importCredentials([MIGRATED_CREDENTIAL]);
	const file = join(n8n.userFolder, 'corpus', 'all.json');
	writeFileSync(file, JSON.stringify(cases.flatMap((one) => [one.puppeteer, one.browserAgent])));
	await n8n.importWorkflow(file);
}
