/**
 * The packed node in the REAL n8n editor, driven in a headless Chromium as a builder uses it:
 * Execute workflow, then fix one node's selector and Execute step on it alone. A partial run is
 * started by the editor (its REST calls differ between n8n versions), so only the real UI shows
 * that an editor session carries on: the step works on the page the earlier nodes left, and its
 * output panel previews the step's screenshot (binary `stepScreenshot`).
 *
 * Screenshots of every stage go to a temp folder (kept when the test fails, or with
 * N8N_E2E_KEEP=1); EDITOR_DOCS_SCREENSHOT=1 also writes docs/editor-step-screenshot.png from the
 * newest version tested.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import { nothingLeftOfN8nRun } from '../helpers/processes';
import {
	REPO_ROOT,
	createN8nInstance,
	e2eVersions,
	newestE2eVersion,
	packThisPackage,
	setupOwner,
	type N8nInstance,
	type N8nRest,
	type StartedN8n,
} from '../../scripts/n8n/harness/n8n';
import {
	N8nEditor,
	launchEditorBrowser,
	outputOf,
	type EditorRun,
} from '../../scripts/n8n/harness/editor';

/** The n8n versions to test against: N8N_E2E_VERSIONS, else every version installed in .runtime. */
const versions = e2eVersions();
const newestVersion = newestE2eVersion();

const NODE_TYPE = 'n8n-nodes-browser-agent.browserAgent';
const NAME = 'Ada Lovelace';

/** Manual Trigger → Open Form → Fill Name → Click Save → Read Result, in a row. */
function formWorkflow(siteUrl: string, clickSelector: string) {
	const step = (name: string, x: number, parameters: Record<string, unknown>) => ({
		id: randomUUID(),
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [x, 0],
		parameters,
	});
	const nodes = [
		{
			id: randomUUID(),
			name: 'Manual',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		step('Open Form', 220, { resource: 'page', operation: 'navigate', url: `${siteUrl}/form` }),
		step('Fill Name', 440, {
			resource: 'element',
			operation: 'fill',
			selector: '#name',
			value: NAME,
		}),
		step('Click Save', 660, { resource: 'element', operation: 'click', selector: clickSelector }),
		step('Read Result', 880, {
			resource: 'extract',
			operation: 'text',
			selector: '#form-result',
		}),
	];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name: 'Editor session', nodes, connections, settings: {}, active: false };
}

/** What a run request carried, for the log: its top-level keys and the step it ran to. */
function describeRequest(run: EditorRun): string {
	const { destinationNode } = run.request as { destinationNode?: unknown };
	return `keys ${Object.keys(run.request).sort().join(',')}; destinationNode ${JSON.stringify(destinationNode)}`;
}

function destinationOf(run: EditorRun): string | undefined {
	const destination = run.execution.data.startData?.destinationNode;
	return typeof destination === 'string' ? destination : destination?.nodeName;
}

/** The node's panel down to the end of the preview and of the parameters, not its empty lower half. */
async function docsClip(editor: N8nEditor) {
	const box = async (selector: string) => {
		const found = await editor.ndv.locator(selector).first().boundingBox();
		if (!found) throw new Error(`${selector} is not on screen`);
		return found;
	};
	const panel = await editor.ndv.boundingBox();
	if (!panel) throw new Error('the node panel is not on screen');
	const ends = await Promise.all(
		['.binary-data-window img', '[data-test-id="collection-parameter-add"]'].map(async (s) => {
			const b = await box(s);
			return b.y + b.height;
		}),
	);
	return { ...panel, height: Math.min(panel.height, Math.max(...ends) + 16 - panel.y) };
}

describe('the packed node in the real n8n editor', () => {
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
			const runMarker = randomUUID();
			const shotsDir = mkdtempSync(join(tmpdir(), `n8n-editor-${version}-`));
			let n8n: N8nInstance;
			let server: StartedN8n | undefined;
			let rest: N8nRest;
			let browser: Browser | undefined;
			let editor: N8nEditor | undefined;
			let passed = false;

			before(async () => {
				n8n = await createN8nInstance({ version, env: { BROWSER_AGENT_E2E_RUN: runMarker } });
				const installed = await n8n.installCommunityPackage(tarball);
				n8n.checkCommunityPackageLoads(installed.dir);
				server = await n8n.start();
				rest = await setupOwner(server.url);
				browser = await launchEditorBrowser();
			});
			after(async () => {
				await editor?.close().catch(() => undefined);
				await browser?.close();
				await n8n?.cleanup();
				// What n8n said is half of what went wrong (a run that never ends, a node that did not load).
				if (!passed)
					console.log(`n8n ${version} output (tail):\n${server?.output().slice(-6000) ?? ''}`);
				if (passed && !process.env.N8N_E2E_KEEP) rmSync(shotsDir, { recursive: true, force: true });
				else console.log(`editor screenshots of n8n ${version}: ${shotsDir}`);
				// The editor session's Chromium ends with n8n, ours with the browser: nothing is left.
				await nothingLeftOfN8nRun(runMarker);
			});

			it('Execute workflow, then Execute step on a fixed node continues on the page the flow left and previews its screenshot', async (t) => {
				const started = Date.now();
				const lap = (what: string) => t.diagnostic(`${what}: ${Date.now() - started} ms`);
				const formUrl = `${site.url}/form`;
				// At first Click Save clicks a counter, not the Save button: the run works, the form
				// stays unsent, and the builder then fixes the selector.
				const workflow = await rest.request<{ id: string }>(
					'POST',
					'/workflows',
					formWorkflow(site.url, '#counter'),
				);

				editor = await N8nEditor.open(browser!, rest, workflow.id, { shotsDir });
				lap('editor open');
				await editor.shot('canvas');

				// 1. Execute workflow: the whole flow, from the trigger.
				const full = await editor.executeWorkflow('Read Result');
				lap('Execute workflow done');
				t.diagnostic(`Execute workflow request: ${describeRequest(full)}`);
				await editor.shot('after-execute-workflow');
				assert.equal(
					full.execution.status,
					'success',
					JSON.stringify(full.execution.data.resultData.error),
				);
				assert.equal(
					outputOf(full.execution, 'Read Result')[0].json.text,
					'',
					'the form is not sent yet',
				);
				const firstClick = outputOf(full.execution, 'Click Save')[0];
				assert.equal(firstClick.json.url, formUrl);

				// 2. Open Click Save, type the right selector, Execute step: only this node runs.
				await editor.openNode('Click Save');
				await editor.shot('click-node-open');
				await editor.setParameter('Click Save', 'selector', '#submit');
				await editor.shot('selector-typed');
				const step = await editor.executeStep();
				lap('Execute step done');
				t.diagnostic(`Execute step request: ${describeRequest(step)}`);
				assert.ok(
					'runData' in step.request,
					'the editor sends the earlier run’s data with a partial run',
				);

				// 3. The partial execution, as n8n stored it.
				const execution = step.execution;
				const clickRun = execution.data.resultData.runData['Click Save'];
				assert.equal(execution.status, 'success', clickRun?.at(-1)?.error?.message);
				assert.equal(destinationOf(step), 'Click Save', 'a run to this node only');
				assert.equal(
					execution.data.resultData.runData['Read Result'],
					undefined,
					'nothing after it ran',
				);
				assert.equal(clickRun.at(-1)?.executionStatus, 'success');
				assert.equal(
					execution.workflowData.nodes.find((n) => n.name === 'Click Save')?.parameters.selector,
					'#submit',
					'the run used the selector typed in the editor',
				);
				const clicked = outputOf(execution, 'Click Save')[0];
				assert.equal(clicked.json.clicked, true);
				assert.equal(clicked.json.url, formUrl, 'the step ran on the page the flow navigated to');
				assert.equal(
					clicked.json.sessionId,
					firstClick.json.sessionId,
					'the step continued the browser session of Execute workflow',
				);
				const screenshot = clicked.binary?.stepScreenshot;
				assert.ok(
					screenshot,
					`the step's output has a stepScreenshot: ${JSON.stringify(clicked.binary)}`,
				);
				assert.equal(screenshot.mimeType, 'image/jpeg');
				assert.deepEqual([...n8n.readBinary(screenshot).subarray(0, 3)], [0xff, 0xd8, 0xff]);

				// 4. What the builder sees: the preview of this run's screenshot, and the JSON.
				const preview = await editor.viewOutputFile(screenshot.id!);
				const size = await preview.evaluate((img: HTMLImageElement) => [
					img.naturalWidth,
					img.naturalHeight,
				]);
				assert.ok(
					size[0] > 300 && size[1] > 200,
					`the preview shows a picture (${size.join('×')})`,
				);
				await editor.shot('step-screenshot-preview', editor.outputPanel);
				if (process.env.EDITOR_DOCS_SCREENSHOT && version === newestVersion) {
					// The README's picture: the node's panel, the typed selector beside the preview.
					await editor.closeToasts();
					await editor.page.screenshot({
						path: join(REPO_ROOT, 'docs', 'editor-step-screenshot.png'),
						clip: await docsClip(editor),
					});
				}
				await editor.backToFileList();
				const json = await editor.outputJsonText();
				await editor.shot('step-output-json');
				assert.ok(json.includes(formUrl), `the output panel's JSON shows the form's URL:\n${json}`);
				assert.ok(!json.includes('about:blank'));

				// 5. The Fill of Execute workflow and the Click of Execute step acted on one page: the
				// form was sent with the name in it. Execute step on Read Result reads it.
				await editor.closeNode();
				await editor.openNode('Read Result');
				const read = await editor.executeStep();
				lap('Execute step on Read Result done');
				assert.equal(read.execution.status, 'success');
				const sent = String(outputOf(read.execution, 'Read Result')[0].json.text);
				assert.match(
					sent,
					new RegExp(`"name":\\s*"${NAME}"`),
					'the form was sent with the filled name',
				);
				await editor.viewOutputFile(
					outputOf(read.execution, 'Read Result')[0].binary!.stepScreenshot.id!,
				);
				await editor.shot('read-result-preview');

				// Execute workflow again: the run from the trigger starts a fresh session.
				await editor.closeNode();
				const again = await editor.executeWorkflow('Read Result');
				lap('second Execute workflow done');
				assert.equal(again.execution.status, 'success');
				const freshClick = outputOf(again.execution, 'Click Save')[0];
				assert.notEqual(
					freshClick.json.sessionId,
					firstClick.json.sessionId,
					'a run from the trigger opens a new browser session',
				);
				passed = true;
			});
		});
	}
});
