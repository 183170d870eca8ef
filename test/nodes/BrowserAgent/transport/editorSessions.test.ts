/**
 * Editor sessions, through n8n's own engine: manual runs of a workflow continue one session
 * (Execute step works on the page the earlier nodes left), a run from the trigger starts afresh,
 * production executions keep one session per execution, and the credential can switch it off.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../../scripts/fixture-site/server';
import {
	assertRunSucceeded,
	getBinaryBuffer,
	runWorkflow,
	type RunResult,
	type WorkflowInput,
} from '../../../helpers/n8n-engine';
import { chain, engineOptions, type Step } from '../../../helpers/workflows';

const JPEG = [0xff, 0xd8, 0xff];

describe('Browser Agent node: editor sessions', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	const credentials = (extra: Record<string, unknown> = {}) => ({
		browserAgentApi: {
			connection: 'launch',
			executablePath: '/usr/bin/chromium',
			headless: true,
			auditEnabled: false,
			...extra,
		},
	});

	/** Navigate → Fill → Click (→ Extract Text) on the form page, as a builder sets it up. */
	function formFlow(id: string, clickSelector: string): WorkflowInput {
		const steps: Step[] = [
			{
				name: 'Open Form',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Fill Name',
				parameters: {
					resource: 'element',
					operation: 'fill',
					selector: '#name',
					value: 'Ada Lovelace',
				},
			},
			{
				name: 'Save',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: clickSelector,
					options: { timeoutMs: 1_500 },
				},
			},
			{
				name: 'Read Result',
				parameters: { resource: 'extract', operation: 'text', selector: '#form-result' },
			},
		];
		return { id, name: `Editor flow ${id}`, ...chain(steps, true) };
	}

	const manual = (extra: Record<string, unknown> = {}) =>
		engineOptions({ mode: 'manual', credentials: credentials(extra) });

	function sessionIdOf(result: RunResult, node: string): string {
		return String(result.items(node)[0].json.sessionId);
	}

	it('Execute step continues on the page the earlier nodes left; Execute workflow starts afresh', async () => {
		const broken = formFlow('wf-editor-1', '#no-such-button');
		const first = await runWorkflow(broken, manual());
		assert.equal(first.status, 'error', 'the wrong selector fails the first run');
		assert.equal(first.error?.nodeName, 'Save');
		assert.match(String(first.error?.description), /The page was http:\/\/127\.0\.0\.1:\d+\/form/);
		const firstSession = sessionIdOf(first, 'Fill Name');

		// The builder fixes the selector and presses Execute step on Save (then on Read Result).
		const fixed = formFlow('wf-editor-1', '#submit');
		const step = await runWorkflow(fixed, {
			...manual(),
			partial: { previous: first, destination: 'Read Result', dirtyNodes: ['Save'] },
		});
		assertRunSucceeded(step);
		assert.deepEqual(
			step.executionOrder,
			['Save', 'Read Result'],
			'only the changed node and the one after it ran',
		);
		const [saved] = step.items('Save');
		assert.equal(saved.json.sessionId, firstSession, 'the same browser session');
		assert.equal(saved.json.url, `${site.url}/form`);
		assert.match(String(step.items('Read Result')[0].json.text), /"name":"Ada Lovelace"/);

		// Execute workflow: the trigger runs again, so the flow starts on a fresh session.
		const again = await runWorkflow(fixed, manual());
		assertRunSucceeded(again);
		const freshSession = sessionIdOf(again, 'Open Form');
		assert.notEqual(freshSession, firstSession);
		const old = await sharedPool().status({ owner: 'editor:wf-editor-1' });
		assert.equal(old?.id, freshSession, 'the old session was replaced');

		// The session outlived the execution.
		const live = await sharedPool().session({ owner: 'editor:wf-editor-1' });
		assert.ok(live?.isOpen, 'the editor session is still open after the run');
		assert.equal(
			live.options.idleTimeoutMs,
			10 * 60_000,
			'editor sessions idle out after 10 minutes',
		);
	});

	it('Get Status says whether the session is an editor session', async () => {
		const flow = (id: string) => ({
			id,
			...chain(
				[
					{
						name: 'Open',
						parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
					},
					{ name: 'Status', parameters: { resource: 'session', operation: 'getStatus' } },
				],
				true,
			),
		});
		const inEditor = await runWorkflow(flow('wf-status-1'), manual());
		assertRunSucceeded(inEditor);
		assert.equal(inEditor.items('Status')[0].json.editorSession, true);
		assert.equal(inEditor.items('Status')[0].json.owner, 'editor:wf-status-1');

		const production = await runWorkflow(
			flow('wf-status-1'),
			engineOptions({ credentials: credentials() }),
		);
		assertRunSucceeded(production);
		assert.equal(production.items('Status')[0].json.editorSession, false);
		assert.equal(production.items('Status')[0].json.owner, production.executionId);
	});

	it('production executions keep one session per execution, closed when it ends', async () => {
		const flow = formFlow('wf-production-1', '#submit');
		const runs = [
			await runWorkflow(flow, engineOptions({ credentials: credentials() })),
			await runWorkflow(flow, engineOptions({ mode: 'webhook', credentials: credentials() })),
		];
		for (const run of runs) {
			assertRunSucceeded(run);
			assert.equal(run.items('Save')[0].binary, undefined, 'no step screenshot in production');
			const status = await sharedPool().status({ owner: run.executionId });
			assert.equal(status?.state, 'completed', 'the session closed with its execution');
		}
		assert.notEqual(sessionIdOf(runs[0], 'Save'), sessionIdOf(runs[1], 'Save'));
		assert.equal(await sharedPool().status({ owner: 'editor:wf-production-1' }), undefined);
	});

	it('two workflows never share an editor session', async () => {
		const one = await runWorkflow(formFlow('wf-shared-a', '#submit'), manual());
		const two = await runWorkflow(formFlow('wf-shared-b', '#submit'), manual());
		assertRunSucceeded(one);
		assertRunSucceeded(two);
		assert.notEqual(sessionIdOf(one, 'Save'), sessionIdOf(two, 'Save'));
		assert.ok((await sharedPool().session({ owner: 'editor:wf-shared-a' }))?.isOpen);
		assert.ok((await sharedPool().session({ owner: 'editor:wf-shared-b' }))?.isOpen);
	});

	it('the credential switch gives manual runs one session per execution', async () => {
		const off = manual({ editorSessions: false });
		const first = await runWorkflow(formFlow('wf-switch-1', '#no-such-button'), off);
		assert.equal(first.status, 'error');
		const step = await runWorkflow(formFlow('wf-switch-1', '#submit'), {
			...off,
			partial: { previous: first, destination: 'Save', dirtyNodes: ['Save'] },
		});
		assert.equal(step.status, 'error', 'a fresh session has no form to click');
		assert.equal(step.error?.nodeName, 'Save');
		assert.match(step.error!.message, /the page is blank \(about:blank\)/);
		assert.equal(await sharedPool().status({ owner: 'editor:wf-switch-1' }), undefined);
	});

	it('an editor session closes after its idle timeout, and the next step says what to do', async () => {
		const flow: WorkflowInput = {
			id: 'wf-idle-1',
			...chain(
				[
					{
						name: 'Open Session',
						parameters: {
							resource: 'session',
							operation: 'open',
							options: { idleTimeoutSeconds: 4 },
						},
					},
					{
						name: 'Open Form',
						parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
					},
					{
						name: 'Fill Name',
						parameters: {
							resource: 'element',
							operation: 'fill',
							selector: '#name',
							value: 'Grace',
						},
					},
				],
				true,
			),
		};
		const first = await runWorkflow(flow, manual());
		assertRunSucceeded(first);
		const session = await sharedPool().session({ owner: 'editor:wf-idle-1' });
		assert.equal(session?.options.idleTimeoutMs, 4_000, 'Session → Open’s idle timeout wins');
		await new Promise<void>((resolve) => session!.once('end', () => resolve()));

		const step = await runWorkflow(flow, {
			...manual(),
			partial: { previous: first, destination: 'Fill Name', dirtyNodes: ['Fill Name'] },
		});
		assert.equal(step.status, 'error');
		assert.match(step.error!.message, /SESSION_TIMEOUT/);
		assert.match(String(step.error!.description), /Press Execute workflow/);

		// Execute workflow starts over instead of failing on the timed-out session.
		const again = await runWorkflow(flow, manual());
		assertRunSucceeded(again);
	});

	it('attaches one viewport JPEG per step in manual runs, beside the step’s own files', async () => {
		const flow: WorkflowInput = {
			id: 'wf-shots-1',
			...chain(
				[
					{
						name: 'Open Tables',
						parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/tables` },
					},
					{
						name: 'Shot',
						parameters: { resource: 'page', operation: 'screenshot' },
					},
					{
						name: 'Rows',
						parameters: { resource: 'extract', operation: 'table', selector: '#simple' },
					},
					{
						name: 'Quiet',
						parameters: {
							resource: 'page',
							operation: 'getInfo',
							options: { screenshotAfterStep: 'never' },
						},
					},
				],
				true,
			),
		};
		const result = await runWorkflow(flow, manual());
		assertRunSucceeded(result);
		const opened = result.items('Open Tables')[0].binary!.stepScreenshot;
		assert.equal(opened.mimeType, 'image/jpeg');
		assert.equal(opened.fileName, 'step.jpg');
		assert.deepEqual([...(await getBinaryBuffer(opened)).subarray(0, 3)], JPEG);

		const shot = result.items('Shot')[0].binary!;
		assert.equal(shot.data.mimeType, 'image/png', 'the step’s own file is kept');
		assert.ok(shot.stepScreenshot, 'and the step screenshot sits beside it');

		const rows = result.items('Rows');
		assert.ok(rows.length > 1);
		assert.ok(rows[0].binary?.stepScreenshot, 'the first row carries the picture');
		assert.ok(
			rows.slice(1).every((row) => !row.binary?.stepScreenshot),
			'no other row carries one',
		);
		assert.equal(
			result.items('Quiet')[0].binary,
			undefined,
			'Never: no picture, and the earlier step’s is not carried on',
		);

		const always = await runWorkflow(
			{
				id: 'wf-shots-2',
				...chain(
					[
						{
							name: 'Open',
							parameters: {
								resource: 'page',
								operation: 'navigate',
								url: `${site.url}/form`,
								options: { screenshotAfterStep: 'always' },
							},
						},
					],
					true,
				),
			},
			engineOptions({ credentials: credentials() }),
		);
		assertRunSucceeded(always);
		assert.ok(always.items('Open')[0].binary?.stepScreenshot, 'Always: also in production');
	});

	it('a selector on a blank page fails at once, saying the page is blank and what to do', async () => {
		const flow: WorkflowInput = {
			id: 'wf-blank-1',
			...chain(
				[
					{
						name: 'Fill Name',
						parameters: {
							resource: 'element',
							operation: 'fill',
							selector: '#name',
							value: 'x',
							options: { timeoutMs: 20_000 },
						},
					},
				],
				true,
			),
		};
		const started = Date.now();
		const result = await runWorkflow(flow, manual());
		const elapsed = Date.now() - started;
		assert.equal(result.status, 'error');
		assert.match(result.error!.message, /ELEMENT_NOT_FOUND/);
		assert.match(result.error!.message, /the page is blank \(about:blank\)/);
		assert.match(String(result.error!.description), /Page → Navigate/);
		assert.match(String(result.error!.description), /Press Execute workflow/);
		assert.match(String(result.error!.description), /The page was about:blank/);
		assert.match(String(result.error!.description), /On Error/, 'says where the screenshot is');
		assert.ok(
			elapsed < 15_000,
			`failed without waiting for the 20 s element timeout (${elapsed} ms)`,
		);
	});

	it('production executions wait the whole element timeout on a blank page, and still say it was blank', async () => {
		const flow: WorkflowInput = {
			id: 'wf-blank-2',
			...chain(
				[
					{
						name: 'Fill Name',
						parameters: {
							resource: 'element',
							operation: 'fill',
							selector: '#name',
							value: 'x',
							options: { timeoutMs: 5_000 },
						},
						settings: { onError: 'continueRegularOutput' },
					},
					{ name: 'Timeline', parameters: { resource: 'session', operation: 'getTimeline' } },
				],
				true,
			),
		};
		const result = await runWorkflow(flow, engineOptions({ credentials: credentials() }));
		assertRunSucceeded(result);
		const [failed] = result.items('Fill Name');
		assert.equal(failed.json.code, 'ELEMENT_NOT_FOUND');
		assert.match(String(failed.json.error), /the page is blank \(about:blank\)/);
		assert.match(String(failed.json.advice), /Page → Navigate/);
		// The action's own time, without the browser's start: the 250 ms shortcut is the editor's only.
		const [fill] = result.items('Timeline');
		assert.equal(fill.json.action, 'fill');
		assert.ok(
			Number(fill.json.durationMs) >= 4_900,
			`waited the 5 s element timeout, as before (${fill.json.durationMs} ms)`,
		);
	});
});
