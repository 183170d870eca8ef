/**
 * The demo: a real n8n with this package installed as a community node, the example workflow
 * imported and run against the bundled demo site, then the editor left running to explore.
 *   npx tsx scripts/demo.ts [--no-editor]
 * Environment: N8N_DEMO_VERSION (default 2.40.5), N8N_DEMO_PORT (default 5678), DEMO_SITE_PORT (default 8123).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_SITE_URL } from './fixture-site/expected';
import { startFixtureSite } from './fixture-site/server';
import { REPO_ROOT, createN8nInstance } from './n8n/harness/n8n';

const version = process.env.N8N_DEMO_VERSION ?? '2.40.5';
const editor = !process.argv.includes('--no-editor') && !process.env.CI;

async function main() {
	const sitePort = Number(process.env.DEMO_SITE_PORT ?? 8123);
	const site = await startFixtureSite({ port: sitePort });
	console.log(`Demo site (Acme Finance, fictional) on ${site.url}`);

	const packDir = mkdtempSync(join(tmpdir(), 'browser-agent-demo-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', packDir], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = join(packDir, readdirSync(packDir).find((name) => name.endsWith('.tgz'))!);

	const n8n = await createN8nInstance({ version, install: true });
	console.log(`n8n ${version}, user folder ${n8n.userFolder}`);
	await n8n.installCommunityPackage(tarball);
	console.log(
		'Installed n8n-nodes-browser-agent into ~/.n8n/nodes, as the community-package installer does',
	);

	const workflowFile = join(n8n.userFolder, 'acme-finance-report.json');
	const example = readExample().split(EXAMPLE_SITE_URL).join(site.url);
	writeFileSync(workflowFile, example);
	const id = await n8n.importWorkflow(workflowFile);
	console.log(
		`Imported examples/acme-finance-report.json as workflow ${id}; running it with \`n8n execute\`…`,
	);

	const result = await n8n.executeWorkflow(id, { timeoutMs: 240_000 });
	if (!result.ok) {
		console.error('The workflow failed:', JSON.stringify(result.error, null, 2));
		console.error(result.stdout.slice(-4000));
		process.exitCode = 1;
	} else {
		const first = (node: string) => result.nodes[node][0].items[0];
		console.log(
			`\nWhat came out (${Math.round(result.durationMs / 100) / 10} s, one browser session for all nodes):`,
		);
		console.log(`  Sign In            → ${first('Sign In').json.url}`);
		console.log(`  Read Slider Result → ${first('Read Slider Result').json.text}`);
		const report = first('Download Report');
		console.log(
			`  Download Report    → ${report.json.fileName} (${report.json.size} bytes, ${report.binary?.report.mimeType})`,
		);
		const shot = first('Screenshot Downloads Page').binary!.screenshot;
		const shotFile = join(n8n.userFolder, String(shot.fileName));
		writeFileSync(shotFile, n8n.readBinary(shot));
		console.log(`  Screenshot         → ${shotFile}`);
		console.log('  Extract Transactions →');
		console.table(result.nodes['Extract Transactions'][0].items.map((item) => item.json));
	}

	if (!editor) {
		await n8n.cleanup();
		await site.close();
		return;
	}
	const port = Number(process.env.N8N_DEMO_PORT ?? 5678);
	const started = await n8n.start({ port });
	console.log(
		`\nn8n editor: ${started.url}  (create the local owner account, then open the workflow "${JSON.parse(example).name}")`,
	);
	console.log('Press Ctrl+C to stop n8n and the demo site.');
	const stop = async () => {
		await n8n.cleanup();
		await site.close();
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

function readExample(): string {
	return readFileSync(join(REPO_ROOT, 'examples', 'acme-finance-report.json'), 'utf8');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
