/**
 * End to end, installed the way users install it: `npm pack`, the tarball installed into a fresh
 * ~/.n8n/nodes with install scripts disabled (as n8n's community-package installer does), a real
 * n8n importing the example workflow and running it with `n8n execute` against the fixture site.
 * A packaging mistake (a file missing from the tarball, a dependency in the wrong section) fails here.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	EXPECTED_TABLES,
	REPORT_CSV,
	REPORT_CSV_FILENAME,
} from '../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import { eventually, processesWithEnvironment } from '../helpers/processes';
import { EXAMPLE_SITE_URL } from '../helpers/workflows';
import {
	REPO_ROOT,
	createN8nInstance,
	e2eVersions,
	packThisPackage,
	itemsOf,
	type N8nInstance,
} from '../../scripts/n8n/harness/n8n';

/** The n8n versions to test against: N8N_E2E_VERSIONS, else every version installed in .runtime. */
const versions = e2eVersions();

describe('the packed node in a real n8n', () => {
	let site: FixtureSite;
	let packed: ReturnType<typeof packThisPackage> | undefined;
	let tarball: string;

	before(async () => {
		assert.ok(
			versions.length > 0,
			'no n8n installed: run `bash scripts/n8n/install-n8n.sh 2.8.4` (scripts/test.sh does)',
		);
		site = await startFixtureSite();
		packed = packThisPackage();
		tarball = packed.tarball;
	});
	after(async () => {
		await site?.close();
		packed?.remove();
	});

	for (const version of versions) {
		describe(`n8n ${version}`, () => {
			let n8n: N8nInstance;
			const runMarker = randomUUID();

			before(async () => {
				n8n = await createN8nInstance({ version, env: { BROWSER_AGENT_E2E_RUN: runMarker } });
				const installed = await n8n.installCommunityPackage(tarball);
				assert.equal(installed.name, 'n8n-nodes-browser-agent');
			});
			after(() => n8n?.cleanup());

			it('runs the example workflow: logs in, passes the slider, downloads, screenshots, extracts the table', async () => {
				const workflowFile = join(n8n.userFolder, 'acme-finance-report.json');
				const example = readFileSync(
					join(REPO_ROOT, 'examples', 'acme-finance-report.json'),
					'utf8',
				);
				writeFileSync(workflowFile, example.split(EXAMPLE_SITE_URL).join(site.url));
				const id = await n8n.importWorkflow(workflowFile);

				const result = await n8n.executeWorkflow(id, { timeoutMs: 240_000 });
				assert.ok(
					result.ok,
					`the execution failed: ${JSON.stringify(result.error)}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
				);

				assert.equal(itemsOf(result, 'Read Slider Result')[0].text, 'Verified: you are human');
				assert.deepEqual(itemsOf(result, 'Extract Transactions'), EXPECTED_TABLES.complex);

				const download = result.nodes['Download Report'][0].items[0];
				assert.equal(download.json.fileName, REPORT_CSV_FILENAME);
				assert.equal(download.binary!.report.mimeType, 'text/csv');
				assert.equal(n8n.readBinary(download.binary!.report).toString('utf8'), REPORT_CSV);

				const screenshot = result.nodes['Screenshot Downloads Page'][0].items[0].binary!.screenshot;
				assert.equal(screenshot.mimeType, 'image/png');
				assert.deepEqual(
					[...n8n.readBinary(screenshot).subarray(0, 8)],
					[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
				);

				// n8n has exited: nothing it started (Chromium included) may still run.
				await eventually(
					() => processesWithEnvironment('BROWSER_AGENT_E2E_RUN', runMarker).length === 0,
					'no process of the n8n run is left',
					15_000,
				);
			});
		});
	}
});
