/**
 * A Wait longer than 65 s parks the execution in n8n's database; it resumes in whatever process
 * runs it then. In REAL n8n (`n8n start`, an active workflow started by its webhook): resumed in
 * the same process, the next Browser Agent node goes on on the same page. Resumed in another
 * process (SESSION_LOST, or the session opened again with Keep Login Across Waits) is tested in
 * queue mode, where the other process is another worker (test/e2e/queue-mode.test.ts). One n8n
 * version (the newest installed): the check reads the execution's own run data, the same in both.
 */
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import { nothingLeftOfN8nRun } from '../helpers/processes';
import {
	createN8nInstance,
	newestE2eVersion,
	N8nRest,
	packThisPackage,
	setupOwner,
	type N8nInstance,
	type StartedN8n,
} from '../../scripts/n8n/harness/n8n';
import { outputOf, waitForExecution } from '../../scripts/n8n/harness/editor';
import { browserAgent, inRow, webhookTrigger } from '../../scripts/n8n/harness/workflows';

const version = newestE2eVersion();
/** n8n keeps shorter waits in memory; from 65 s on the execution waits in the database. */
const WAIT_SECONDS = 66;

/** Webhook → Open Page → Wait 66 s → Where Am I (Page → Get Info). */
function waitingWorkflow(siteUrl: string, webhookPath: string) {
	return inRow(`Wait ${webhookPath}`, [
		webhookTrigger(webhookPath),
		browserAgent('Open Page', { resource: 'page', operation: 'navigate', url: `${siteUrl}/form` }),
		{
			name: 'Wait',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			parameters: { resume: 'timeInterval', amount: WAIT_SECONDS, unit: 'seconds' },
			webhookId: randomUUID(),
		},
		browserAgent('Where Am I', { resource: 'page', operation: 'getInfo' }),
	]);
}

describe(`a Browser Agent session across a long Wait in real n8n ${version}`, () => {
	const runMarker = randomUUID();
	let site: FixtureSite;
	let packed: ReturnType<typeof packThisPackage> | undefined;
	let n8n: N8nInstance;
	let server: StartedN8n | undefined;
	let rest: N8nRest;
	let passed = false;

	before(async () => {
		assert.ok(version, 'no n8n installed: scripts/test.sh installs the pinned ones');
		site = await startFixtureSite();
		packed = packThisPackage();
		n8n = await createN8nInstance({ version, env: { BROWSER_AGENT_E2E_RUN: runMarker } });
		const installed = await n8n.installCommunityPackage(packed.tarball);
		n8n.checkCommunityPackageLoads(installed.dir);
		server = await n8n.start();
		rest = await setupOwner(server.url);
	});
	after(async () => {
		await n8n?.cleanup();
		await site?.close();
		packed?.remove();
		if (!passed) console.log(`n8n output (tail):\n${server?.output().slice(-6000) ?? ''}`);
		await nothingLeftOfN8nRun(runMarker);
	});

	it('resumed in the same process, the next node goes on on the same page', async () => {
		const path = randomUUID();
		const id = await rest.startByWebhook(waitingWorkflow(site.url, path), path);
		const done = await waitForExecution(rest, id, (WAIT_SECONDS + 90) * 1000);
		assert.equal(done.status, 'success', JSON.stringify(done.data.resultData.error));
		assert.equal(outputOf(done, 'Where Am I')[0].json.url, `${site.url}/form`);
		passed = true;
	});
});
