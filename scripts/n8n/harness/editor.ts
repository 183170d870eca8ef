/**
 * Drives the REAL n8n editor (the Vue app n8n serves) in a headless Chromium, as a user would:
 * open a workflow, press *Execute workflow*, open a node, type into a parameter, press
 * *Execute step*, read the output panel. Written against n8n 2.8.4 and 2.40.5.
 *
 *   const rest = await setupOwner(started.url);            // n8n.ts
 *   const browser = await launchEditorBrowser();
 *   const editor = await N8nEditor.open(browser, rest, workflowId, { shotsDir });
 *   const run = await editor.executeWorkflow('Last Node');
 *   await editor.openNode('Click');
 *   await editor.setParameter('Click Save', 'selector', '#submit');
 *   const step = await editor.executeStep();
 *   await editor.close(); await browser.close();
 *
 * What the two versions share, and what this relies on (checked in both):
 * - data-test-id attributes: canvas-node (with data-node-name), canvas-node-status-success,
 *   execute-workflow-button, ndv, node-execute-button, parameter-input-<name>, output-panel,
 *   node-run-status-success, radio-button-{json,binary}, ndv-data-container,
 *   ndv-view-binary-data, ndv-close-button. The binary preview is `.binary-data-window img`
 *   (a class, no test id), its src /rest/binary-data?id=<binary id>.
 * - Both editors start a run with POST /rest/workflows/<id>/run and get { executionId } back;
 *   the body differs: 2.8.4 sends the whole workflow (`workflowData`), 2.40.5 only `workflowId`
 *   (it saves the workflow first with a PATCH, and the server runs the saved version). A
 *   partial run (*Execute step*) adds `runData` (the earlier run's node outputs) and
 *   `destinationNode`.
 * - The run's end is read from GET /rest/executions/<id> (run data `flatted`, decoded here),
 *   then the UI is awaited until it shows that very run, never a fixed sleep.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Request } from 'playwright';
import { unflatten, type N8nRest, type OutputItem } from './n8n';

/** Where a system Chromium lives on Debian; Playwright's own build is used when it is absent. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Generous for a loaded two-core machine; every wait is on a state, so a fast run is fast. */
const UI_TIMEOUT_MS = 90_000;

export async function launchEditorBrowser(): Promise<Browser> {
	const executablePath =
		process.env.BROWSER_AGENT_EXECUTABLE_PATH ??
		(existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
	// --no-sandbox: tests run as root in containers, where Chromium's sandbox cannot start.
	return await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
}

export interface ExecutionRecord {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	/** ISO times: queued (created), taken up by a process, ended */
	createdAt?: string;
	startedAt?: string;
	stoppedAt?: string;
	/** decoded IRunExecutionData */
	data: {
		startData?: { destinationNode?: string | { nodeName: string; mode?: string } };
		resultData: {
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					/** ms */
					executionTime?: number;
					error?: { message?: string; description?: string };
					data?: { main?: (OutputItem[] | null)[] };
				}>
			>;
			error?: { message?: string };
			lastNodeExecuted?: string;
		};
	};
	workflowData: { nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
}

/** A run the editor started: its execution as stored, and the body of the request that started it. */
export interface EditorRun {
	execution: ExecutionRecord;
	/** POST /rest/workflows/<id>/run body, as the editor sent it */
	request: Record<string, unknown>;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Polls GET /rest/executions/<id> until the execution has ended (or `until` its status holds, e.g.
 * `waiting`); returns it with its data decoded.
 */
export async function waitForExecution(
	rest: N8nRest,
	id: string,
	timeoutMs = UI_TIMEOUT_MS,
	until: (status: string) => boolean = (status) => FINISHED.has(status),
): Promise<ExecutionRecord> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const raw = await rest.request<Record<string, unknown>>('GET', `/executions/${id}`);
		const status = String(raw.status);
		if (until(status)) {
			const data = typeof raw.data === 'string' ? unflatten(raw.data) : raw.data;
			return { ...raw, id, status, data } as ExecutionRecord;
		}
		if (Date.now() > deadline)
			throw new Error(`execution ${id} still ${status} after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Items of main output 0 of the last run of `node` in an execution. */
export function outputOf(execution: ExecutionRecord, node: string): OutputItem[] {
	const runs = execution.data.resultData.runData[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run in execution ${execution.id}`);
	return runs[runs.length - 1].data?.main?.[0] ?? [];
}

export class N8nEditor {
	private shotCount = 0;

	private constructor(
		readonly page: Page,
		readonly rest: N8nRest,
		readonly workflowId: string,
		private readonly shotsDir?: string,
	) {}

	/** A new browser context logged in with the REST session's cookie, on the workflow's canvas. */
	static async open(
		browser: Browser,
		rest: N8nRest,
		workflowId: string,
		opts: { shotsDir?: string } = {},
	): Promise<N8nEditor> {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.addCookies([{ name: 'n8n-auth', value: rest.authToken, url: rest.url }]);
		const page = await context.newPage();
		page.setDefaultTimeout(UI_TIMEOUT_MS);
		if (opts.shotsDir) mkdirSync(opts.shotsDir, { recursive: true });
		const editor = new N8nEditor(page, rest, workflowId, opts.shotsDir);
		await page.goto(`${rest.url}/workflow/${workflowId}`);
		// The first load compiles a large bundle: on a busy machine this takes 15–25 s.
		await editor.canvasNode().first().waitFor();
		await editor.dismissPopups();
		return editor;
	}

	canvasNode(name?: string): Locator {
		const nodes = this.page.locator('[data-test-id="canvas-node"]');
		return name === undefined ? nodes : nodes.and(this.page.locator(`[data-node-name="${name}"]`));
	}

	get ndv(): Locator {
		return this.page.locator('[data-test-id="ndv"]');
	}

	get outputPanel(): Locator {
		return this.ndv.locator('[data-test-id="output-panel"]');
	}

	/**
	 * Closes what n8n may put over the canvas after a first login (onboarding, survey, "what's
	 * new"), where it is visible. The harness disables most of them in n8n's env; this is the
	 * net for the rest.
	 */
	async dismissPopups(): Promise<void> {
		const closers = this.page.locator(
			[
				'.el-overlay:visible .el-dialog__headerbtn',
				'[role="dialog"]:visible [data-test-id="close-button"]',
			].join(', '),
		);
		for (let i = 0; i < 5 && (await closers.count()) > 0; i++) {
			await closers
				.first()
				.click()
				.catch(() => undefined);
		}
	}

	/** Closes the toasts ("Node executed successfully") that cover the panel's corner. */
	async closeToasts(): Promise<void> {
		const close = this.page.locator('.el-notification .el-notification__closeBtn');
		while ((await close.count()) > 0) {
			await close
				.first()
				.click()
				.catch(() => undefined);
			await close
				.first()
				.waitFor({ state: 'detached', timeout: 5_000 })
				.catch(() => undefined);
		}
	}

	/** page.screenshot into the shots folder (numbered, so the folder reads as a story). */
	async shot(name: string, target?: Locator): Promise<string | undefined> {
		if (!this.shotsDir) return undefined;
		const file = join(this.shotsDir, `${String(++this.shotCount).padStart(2, '0')}-${name}.png`);
		if (target) await target.screenshot({ path: file });
		else await this.page.screenshot({ path: file });
		return file;
	}

	/**
	 * Clicks `button`, catches the run request it makes, and waits until the execution has ended
	 * (REST). The UI is awaited by the caller, which knows what the finished state looks like.
	 */
	private async startRun(button: Locator): Promise<EditorRun> {
		const runRequest = this.page.waitForRequest(
			(r: Request) =>
				r.method() === 'POST' &&
				new URL(r.url()).pathname === `/rest/workflows/${this.workflowId}/run`,
		);
		await button.click();
		const request = await runRequest;
		const response = await request.response();
		if (!response) throw new Error('the run request got no response');
		const body = (await response.json()) as { data?: { executionId?: string } };
		const id = body.data?.executionId;
		if (!id)
			throw new Error(`the run request answered without an execution id: ${JSON.stringify(body)}`);
		const execution = await waitForExecution(this.rest, id);
		return { execution, request: (request.postDataJSON() ?? {}) as Record<string, unknown> };
	}

	/** Presses *Execute workflow* and waits for the run, and for `lastNode` to show its success on the canvas. */
	async executeWorkflow(lastNode: string): Promise<EditorRun> {
		const run = await this.startRun(this.page.locator('[data-test-id="execute-workflow-button"]'));
		if (run.execution.status === 'success') {
			await this.canvasNode(lastNode)
				.locator('[data-test-id="canvas-node-status-success"]')
				.waitFor();
		}
		return run;
	}

	/** Double-clicks a node on the canvas: its panel (NDV) opens. */
	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.outputPanel.waitFor();
	}

	async closeNode(): Promise<void> {
		await this.ndv.locator('[data-test-id="ndv-close-button"]').click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	/** The text input of a parameter of the open node. */
	parameterInput(name: string): Locator {
		return this.ndv.locator(`[data-test-id="parameter-input-${name}"] input`);
	}

	/** Replaces a text parameter's value by typing, key by key, as a user does. */
	async typeParameter(name: string, value: string): Promise<void> {
		const input = this.parameterInput(name);
		await input.click();
		await input.press('ControlOrMeta+a');
		await input.pressSequentially(value, { delay: 20 });
		// n8n takes the value on input; leaving the field makes sure nothing is pending (blur, not
		// Tab: Tab lands on the next control, in Click's panel the Add Option list, and opens it).
		await input.blur();
		const typed = await input.inputValue();
		if (typed !== value)
			throw new Error(`parameter ${name} reads "${typed}" after typing "${value}"`);
	}

	/**
	 * Types a parameter of node `node` (open) as typeParameter does, then makes sure n8n has it, not
	 * only its field: closes the panel and opens it again until the field, drawn from n8n's workflow
	 * this time, shows the value (a run started at once once sent "#su" of "#submit" under load).
	 * Leaves the panel open.
	 */
	async setParameter(node: string, name: string, value: string): Promise<void> {
		await this.typeParameter(name, value);
		const deadline = Date.now() + UI_TIMEOUT_MS;
		for (;;) {
			await this.closeNode();
			await this.openNode(node);
			const kept = await this.parameterInput(name).inputValue();
			if (kept === value) return;
			if (Date.now() > deadline)
				throw new Error(`n8n kept parameter ${name} as "${kept}" after typing "${value}"`);
			await this.page.waitForTimeout(250);
		}
	}

	/** Presses *Execute step* in the open node's panel and waits for the (partial) run to end. */
	async executeStep(): Promise<EditorRun> {
		return await this.startRun(this.ndv.locator('[data-test-id="node-execute-button"]'));
	}

	/**
	 * Switches the output panel to a display mode (Binary appears only when an item has files).
	 * Some versions pick Binary themselves when the output has a file.
	 */
	async outputMode(mode: 'json' | 'binary' | 'table' | 'schema'): Promise<void> {
		await this.outputPanel.locator(`[data-test-id="radio-button-${mode}"]`).click();
	}

	/**
	 * Opens the output panel's preview of a file (Binary mode, the item's first file card) and
	 * waits until it shows `binaryId`, the file of the run just made (an earlier run's preview
	 * looks the same). Returns the preview image.
	 */
	async viewOutputFile(binaryId: string): Promise<Locator> {
		await this.outputPanel.locator('[data-test-id="node-run-status-success"]').waitFor();
		await this.outputMode('binary');
		const view = this.outputPanel.locator('[data-test-id="ndv-view-binary-data"]').first();
		const image = this.outputPanel.locator('.binary-data-window img');
		const deadline = Date.now() + UI_TIMEOUT_MS;
		let src: string | null = null;
		for (;;) {
			// The panel re-renders when the run's data arrives and may drop an open preview: open
			// it (again) whenever the list of files shows.
			if (await view.isVisible()) await view.click().catch(() => undefined);
			src = (await image.count()) > 0 ? await image.getAttribute('src') : null;
			if (src && decodeURIComponent(src).includes(binaryId)) break;
			if (Date.now() > deadline)
				throw new Error(`the output panel's preview shows ${src}, not the file ${binaryId}`);
			await new Promise((r) => setTimeout(r, 250));
		}
		// Loaded, not only placed: the picture is what a user looks at.
		await image.evaluate((img: HTMLImageElement) =>
			img.complete && img.naturalWidth > 0
				? undefined
				: new Promise<void>((resolve, reject) => {
						img.addEventListener('load', () => resolve(), { once: true });
						img.addEventListener('error', () => reject(new Error('preview failed to load')), {
							once: true,
						});
					}),
		);
		return image;
	}

	/** Leaves the file preview for the list of files. */
	async backToFileList(): Promise<void> {
		await this.outputPanel.locator('.binary-data-window-back').click();
	}

	/** The output panel's JSON view as text. */
	async outputJsonText(): Promise<string> {
		await this.outputMode('json');
		const container = this.outputPanel.locator('[data-test-id="ndv-data-container"]');
		await container.locator('.json-data, pre, .cm-content, [class*="json"]').first().waitFor();
		return await container.innerText();
	}

	async close(): Promise<void> {
		await this.page.context().close();
	}
}
