/**
 * Session → Wait for Human in REAL n8n (`n8n start`, an active workflow started by its webhook):
 * a node before the pause reads `$execution.resumeUrl`; a person opens that link in a second
 * browser, sees the session's page live, clicks and types in it, and presses Done; the execution
 * goes on and the next node sees what they did. A second run passes its time limit and goes on
 * with timedOut. n8n versions that do not sign resume URLs (2.8.4) refuse the wait with advice,
 * since a link guessable from the execution ID must not hand over a browser session.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import { nothingLeftOfN8nRun } from '../helpers/processes';
import {
	BROWSER_AGENT_TYPE,
	browserAgent,
	inRow,
	webhookTrigger,
} from '../../scripts/n8n/harness/workflows';
import { aimAt } from '../helpers/liveView';
import {
	createN8nInstance,
	e2eVersions,
	packThisPackage,
	itemsOf,
	REPO_ROOT,
	setupOwner,
	type N8nInstance,
	type N8nRest,
	type StartedN8n,
} from '../../scripts/n8n/harness/n8n';
import {
	launchEditorBrowser,
	N8nEditor,
	outputOf,
	waitForExecution,
} from '../../scripts/n8n/harness/editor';

const versions = e2eVersions();

interface RecordedWorkflowJson {
	nodes: Array<{ name: string }>;
	connections: Record<string, unknown>;
}
const MESSAGE = 'Approve the payment, then press Done';
/** The session's viewport (lib DEFAULT_VIEWPORT): the person's aim is computed on a same-sized copy of the page. */
const SESSION_VIEWPORT = { width: 1280, height: 800 };

/** Webhook → Open Page → Link ($execution.resumeUrl) → Hand Over → Read Result. */
function handOverWorkflow(siteUrl: string, webhookPath: string, timeLimitMinutes: number) {
	return inRow(`Hand over ${webhookPath}`, [
		webhookTrigger(webhookPath),
		browserAgent('Open Page', { resource: 'page', operation: 'navigate', url: `${siteUrl}/pick` }),
		{
			name: 'Link',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [
						{
							id: randomUUID(),
							name: 'link',
							value: '={{ $execution.resumeUrl }}',
							type: 'string',
						},
					],
				},
				options: {},
			},
		},
		browserAgent('Hand Over', {
			resource: 'session',
			operation: 'waitForHuman',
			message: MESSAGE,
			screenshot: true,
			timeLimitMinutes,
		}),
		browserAgent('Read Result', { resource: 'extract', operation: 'text', selector: '#approved' }),
	]);
}

describe('Session → Wait for Human in real n8n', () => {
	let site: FixtureSite;
	let packed: ReturnType<typeof packThisPackage> | undefined;

	before(async () => {
		assert.ok(versions.length > 0, 'no n8n installed: scripts/test.sh installs the pinned ones');
		site = await startFixtureSite();
		packed = packThisPackage();
	});
	after(async () => {
		await site?.close();
		packed?.remove();
	});

	for (const version of versions) {
		// n8n signs $execution.resumeUrl from 2.1x on; 2.8.4 does not.
		const signsResumeUrls = !version.startsWith('2.8.');

		describe(`n8n ${version}`, () => {
			const runMarker = randomUUID();
			let n8n: N8nInstance;
			let server: StartedN8n | undefined;
			let rest: N8nRest;
			let person: Browser | undefined;
			let passed = false;
			/** What the person recorded in the first test (workflow JSON from the node). */
			let recorded: RecordedWorkflowJson | undefined;

			before(async () => {
				n8n = await createN8nInstance({ version, env: { BROWSER_AGENT_E2E_RUN: runMarker } });
				const installed = await n8n.installCommunityPackage(packed!.tarball);
				n8n.checkCommunityPackageLoads(installed.dir);
				server = await n8n.start();
				rest = await setupOwner(server.url);
				person = await launchEditorBrowser();
			});
			after(async () => {
				await person?.close();
				await n8n?.cleanup();
				if (!passed)
					console.log(`n8n ${version} output (tail):\n${server?.output().slice(-6000) ?? ''}`);
				await nothingLeftOfN8nRun(runMarker);
			});

			if (!signsResumeUrls) {
				it('refuses the wait: an unsigned resume URL would make the live view guessable', async () => {
					const path = randomUUID();
					const id = await rest.startByWebhook(handOverWorkflow(site.url, path, 1), path);
					const execution = await waitForExecution(rest, id, 120_000);
					assert.equal(execution.status, 'error');
					const link = String(outputOf(execution, 'Link')[0].json.link);
					assert.doesNotMatch(link, /signature=/);
					const failure = execution.data.resultData.runData['Hand Over'][0].error?.message ?? '';
					assert.match(failure, /does not sign its resume links/);
					passed = true;
				});
				return;
			}

			it('hands the page to a person through $execution.resumeUrl; Done resumes the flow on the same page', async () => {
				const path = randomUUID();
				const id = await rest.startByWebhook(handOverWorkflow(site.url, path, 3), path);
				const waiting = await waitForExecution(
					rest,
					id,
					90_000,
					(status) => status !== 'running' && status !== 'new',
				);
				assert.equal(waiting.status, 'waiting', JSON.stringify(waiting.data.resultData.error));
				const link = String(outputOf(waiting, 'Link')[0].json.link);
				assert.match(link, new RegExp(`^${server!.url}/webhook-waiting/${id}\\?signature=`));

				// Without n8n's signature nothing is served.
				const unsigned = await fetch(link.replace(/\?.*$/, ''));
				assert.equal(unsigned.status, 401);

				const view = await (
					await person!.newContext({ viewport: { width: 1400, height: 1000 } })
				).newPage();
				await view.goto(link);
				assert.equal(await view.locator('h1').textContent(), MESSAGE);
				await view.waitForFunction(
					() => (document.getElementById('view') as HTMLImageElement).naturalWidth > 0,
				);
				// Where things are on the session's page: the same page at the session's size.
				const copy: Page = await (
					await person!.newContext({ viewport: SESSION_VIEWPORT })
				).newPage();
				await copy.goto(`${site.url}/pick`);
				const aim = async (selector: string) => {
					const { x, y } = await aimAt(copy, view, selector);
					return [x, y] as const;
				};
				// Recorded as it happens: the steps come out of the node too.
				await view.locator('#record').click();
				await view.locator('#record[aria-pressed="true"]').waitFor();
				await view.mouse.click(...(await aim('#approver')));
				await view.keyboard.type('Dana');
				await view.mouse.click(...(await aim('#approve')));
				await view.locator('#done').click();
				await view.locator('#ended').waitFor();

				const finished = await waitForExecution(rest, id, 120_000);
				assert.equal(finished.status, 'success', JSON.stringify(finished.data.resultData.error));
				const handOver = outputOf(finished, 'Hand Over');
				assert.equal(handOver.length, 1);
				assert.equal(handOver[0].json.timedOut, false);
				assert.equal(handOver[0].json.url, `${site.url}/pick`);
				const personActions = handOver[0].json.personActions as Record<string, number>;
				assert.equal(personActions.type, 4, JSON.stringify(personActions));
				assert.equal(handOver[0].binary?.screenshot?.mimeType, 'image/png');
				assert.equal(outputOf(finished, 'Read Result')[0].json.text, 'Approved by Dana');
				const { recordedSteps, recordedWorkflow } = handOver[0].json as {
					recordedSteps: Array<{ action: string }>;
					recordedWorkflow: RecordedWorkflowJson;
				};
				assert.deepEqual(
					recordedSteps.map((step) => step.action),
					['navigate', 'fill', 'click'],
					JSON.stringify(recordedSteps),
				);
				recorded = recordedWorkflow;

				// The link died with the wait.
				const late = await fetch(link);
				assert.notEqual(late.status, 200);
				passed = true;
			});

			it('the recorded workflow pastes onto the canvas of the real editor', async () => {
				assert.ok(recorded, 'the person recorded a workflow in the first test');
				passed = false;
				const target = await rest.request<{ id: string }>('POST', '/workflows', {
					name: 'Paste the recording here',
					nodes: [
						{
							id: randomUUID(),
							name: 'When clicking ‘Execute workflow’',
							type: 'n8n-nodes-base.manualTrigger',
							typeVersion: 1,
							position: [-220, 0],
							parameters: {},
						},
					],
					connections: {},
					settings: {},
					active: false,
				});
				const editor = await N8nEditor.open(person!, rest, target.id);
				try {
					// What Ctrl+V hands the page: n8n reads pasted workflow JSON from the paste event.
					await editor.page.locator('body').click({ position: { x: 700, y: 600 } });
					await editor.page.evaluate((text) => {
						const data = new DataTransfer();
						data.setData('text/plain', text);
						document.dispatchEvent(
							new ClipboardEvent('paste', { clipboardData: data, bubbles: true }),
						);
					}, JSON.stringify(recorded));
					for (const node of recorded!.nodes) await editor.canvasNode(node.name).waitFor();
					await editor.page.keyboard.press('Shift+1'); // zoom to fit
					await editor.page.mouse.move(5, 450); // no hover buttons in the picture
					await editor.page.waitForTimeout(500);
					const picture = await editor.page.screenshot();
					if (process.env.LIVE_VIEW_DOCS_SCREENSHOT)
						writeFileSync(join(REPO_ROOT, 'docs', 'recorder-pasted.png'), picture);
					// The tab's title names the workflow: pasting must not rename the one it lands in.
					assert.match(await editor.page.title(), /Paste the recording here/);
				} finally {
					await editor.close();
				}
				passed = true;
			});

			it('at the time limit the flow goes on with timedOut: true', async () => {
				passed = false;
				const path = randomUUID();
				const id = await rest.startByWebhook(handOverWorkflow(site.url, path, 0.1), path);
				const finished = await waitForExecution(rest, id, 120_000);
				assert.equal(finished.status, 'success', JSON.stringify(finished.data.resultData.error));
				const handOver = outputOf(finished, 'Hand Over');
				assert.equal(handOver[0].json.timedOut, true);
				assert.equal(outputOf(finished, 'Read Result')[0].json.text, '');
				passed = true;
			});

			it('the recorded workflow, imported into n8n after a trigger and before a node of its own, runs to the same end', async () => {
				assert.ok(recorded, 'the person recorded a workflow in the first test');
				passed = false;
				await server!.stop();
				const first = recorded.nodes[0].name;
				const last = recorded.nodes.at(-1)!.name;
				const workflow = {
					...recorded,
					name: 'Recorded in the live view',
					nodes: [
						{
							name: 'Start',
							type: 'n8n-nodes-base.manualTrigger',
							typeVersion: 1,
							position: [-220, 0],
							parameters: {},
						},
						...recorded.nodes,
						{
							name: 'Read Result',
							type: BROWSER_AGENT_TYPE,
							typeVersion: 1,
							position: [2000, 0],
							parameters: { resource: 'extract', operation: 'text', selector: '#approved' },
						},
					],
					connections: {
						Start: { main: [[{ node: first, type: 'main', index: 0 }]] },
						...recorded.connections,
						[last]: { main: [[{ node: 'Read Result', type: 'main', index: 0 }]] },
					},
				};
				const file = join(n8n.userFolder, 'recorded.json');
				writeFileSync(file, JSON.stringify(workflow));
				const run = await n8n.executeWorkflow(await n8n.importWorkflow(file));
				assert.ok(run.ok, JSON.stringify(run.error) + run.stderr.slice(-2000));
				assert.equal(itemsOf(run, 'Read Result')[0].text, 'Approved by Dana');
				passed = true;
			});
		});
	}
});
