import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IExecuteFunctions } from 'n8n-workflow';
import { sharedPool } from '../../../lib';
import { resources } from '../../../nodes/BrowserAgent/actions/router';
import type { OperationContext } from '../../../nodes/BrowserAgent/actions/common';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { eventually } from '../../helpers/processes';
import { TRIGGER, chain, engineOptions } from '../../helpers/workflows';

/** The selector each input item carries, read through the paired items. */
const SELECTOR_FROM_TRIGGER = `={{ $('${TRIGGER}').item.json.selector }}`;
/** Each item's own timeout: short only where the element is meant to be missing, so load cannot fail the others. */
const TIMEOUT_FROM_TRIGGER = `={{ $('${TRIGGER}').item.json.timeoutMs }}`;

describe('Browser Agent node: items, errors and session lifetime', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('runs the operation once per input item, in order, on the same session', async () => {
		const workflow = chain([
			{
				name: 'Go',
				parameters: {
					resource: 'page',
					operation: 'navigate',
					url: `={{ '${site.url}' + $json.path }}`,
				},
			},
		]);
		const paths = ['/form', '/tables', '/slider'];
		const result = await runWorkflow(
			workflow,
			engineOptions({ inputItems: paths.map((path) => ({ path })) }),
		);
		assertRunSucceeded(result);
		const visited = result.items('Go');
		assert.deepEqual(
			visited.map((item) => item.json.url),
			paths.map((path) => `${site.url}${path}`),
		);
		assert.deepEqual(
			visited.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }, { item: 2 }],
		);
		assert.equal(new Set(visited.map((item) => item.json.sessionId)).size, 1);
		const history = (await sharedPool().session({ owner: result.executionId }))?.history;
		if (history)
			assert.deepEqual(
				history.map((record) => record.action),
				['navigate', 'navigate', 'navigate'],
			);
	});

	it('stops with a NodeOperationError naming the item, the error code and what to do', async () => {
		const workflow = chain([
			{
				name: 'Open Form',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Click',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: SELECTOR_FROM_TRIGGER,
					options: { timeoutMs: TIMEOUT_FROM_TRIGGER },
				},
			},
		]);
		const result = await runWorkflow(
			workflow,
			engineOptions({
				inputItems: [
					{ selector: '#counter', timeoutMs: 30_000 },
					{ selector: '#missing', timeoutMs: 400 },
				],
			}),
		);
		assert.equal(result.status, 'error');
		assert.equal(result.error!.nodeName, 'Click');
		assert.equal(result.error!.itemIndex, 1);
		assert.match(result.error!.message, /No element matches "#missing".*\[ELEMENT_NOT_FOUND\]/);
		assert.match(String(result.error!.description), /selector.*Item 2/s);
	});

	it('with Continue On Fail, returns the error on the item, paired, and goes on', async () => {
		const workflow = chain([
			{
				name: 'Open Form',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Click',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: SELECTOR_FROM_TRIGGER,
					options: { timeoutMs: TIMEOUT_FROM_TRIGGER },
				},
				settings: { onError: 'continueRegularOutput' },
			},
		]);
		const result = await runWorkflow(
			workflow,
			engineOptions({
				inputItems: [
					{ selector: '#missing', timeoutMs: 400 },
					{ selector: '#counter', timeoutMs: 30_000 },
				],
			}),
		);
		assertRunSucceeded(result);
		const [failed, clicked] = result.items('Click');
		assert.deepEqual(failed.pairedItem, { item: 0 });
		assert.equal(failed.json.code, 'ELEMENT_NOT_FOUND');
		assert.equal(failed.json.selector, '#missing');
		assert.match(String(failed.json.error), /#missing/);
		assert.ok(failed.json.advice);
		assert.deepEqual(clicked.pairedItem, { item: 1 });
		assert.equal(clicked.json.clicked, true);
	});

	it('names the parameter at fault for invalid input', async () => {
		const workflow = chain([
			{ name: 'Go', parameters: { resource: 'page', operation: 'navigate', url: 'not a url' } },
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assert.equal(result.status, 'error');
		assert.match(result.error!.message, /url: not a valid absolute URL.*\[INVALID_INPUT\]/);
		assert.match(String(result.error!.description), /"url"/);
	});

	it('keeps sessions of different names apart within one execution', async () => {
		const workflow = chain([
			{
				name: 'Main',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Second',
				parameters: {
					resource: 'page',
					operation: 'navigate',
					url: `${site.url}/tables`,
					options: { sessionName: 'reports' },
				},
			},
			{ name: 'Status Main', parameters: { resource: 'session', operation: 'getStatus' } },
			{
				name: 'Status Second',
				parameters: {
					resource: 'session',
					operation: 'getStatus',
					options: { sessionName: 'reports' },
				},
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.notEqual(
			result.items('Main')[0].json.sessionId,
			result.items('Second')[0].json.sessionId,
		);
		assert.match(String(result.items('Status Main')[0].json.url), /\/form$/);
		assert.match(String(result.items('Status Second')[0].json.url), /\/tables$/);
		assert.equal(result.items('Status Second')[0].json.name, 'reports');
	});

	it('opens a session with options and reports status; getStatus without a session says none', async () => {
		const workflow = chain([
			{ name: 'Status Before', parameters: { resource: 'session', operation: 'getStatus' } },
			{
				name: 'Open',
				parameters: {
					resource: 'session',
					operation: 'open',
					options: {
						viewportWidth: 900,
						viewportHeight: 700,
						locale: 'fr-FR',
						idleTimeoutSeconds: 60,
					},
				},
			},
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Shot',
				parameters: { resource: 'page', operation: 'screenshot', binaryPropertyName: 'data' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.equal(result.items('Status Before')[0].json.state, 'none');
		assert.equal(result.items('Open')[0].json.opened, true);
		const shot = result.items('Shot')[0].binary!.data;
		assert.equal(shot.mimeType, 'image/png');
		assert.match(String(shot.fileName), /^screenshot-.*\.png$/);
	});

	it('closes the execution’s sessions when the execution ends', async () => {
		const workflow = chain([
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		await eventually(
			async () => (await sharedPool().status({ owner: result.executionId }))?.state === 'completed',
			'the session was closed at the end of the execution',
		);
	});

	it('aborts the execution’s sessions when the execution is cancelled', async () => {
		const cancel = new AbortController();
		const workflow = chain([
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
			},
			{
				name: 'Wait For Nothing',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: '#never-there',
					options: { timeoutMs: 30000 },
				},
			},
		]);
		const running = runWorkflow(
			workflow,
			engineOptions({ signal: cancel.signal, executionId: 'cancel-me' }),
		);
		await eventually(
			async () => (await sharedPool().status({ owner: 'cancel-me' }))?.state === 'running',
			'the click is running',
		);
		const started = Date.now();
		cancel.abort();
		const result = await running;
		assert.equal(result.status, 'canceled', JSON.stringify(result.error?.message));
		assert.ok(Date.now() - started < 10_000, 'the running action stopped at once');
		assert.equal((await sharedPool().status({ owner: 'cancel-me' }))!.state, 'aborted');
	});

	it('launches the browser the credential describes, and reports a bad credential clearly', async () => {
		const workflow = chain(
			[
				{
					name: 'Go',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
				},
			],
			true,
		);
		const good = await runWorkflow(
			workflow,
			engineOptions({
				credentials: {
					browserAgentApi: {
						connection: 'launch',
						executablePath: '/usr/bin/chromium',
						headless: true,
						launchArgs: '--lang=de-DE',
					},
				},
			}),
		);
		assertRunSucceeded(good);
		const bad = await runWorkflow(
			workflow,
			engineOptions({
				credentials: {
					browserAgentApi: { connection: 'launch', executablePath: '/opt/no/chrome' },
				},
			}),
		);
		assert.equal(bad.status, 'error');
		assert.match(bad.error!.message, /No browser at \/opt\/no\/chrome.*\[BROWSER_NOT_FOUND\]/);
	});

	it('types a parameter of the wrong kind, met while the operation reads its parameters, as INVALID_INPUT', async () => {
		// The URL patterns are text split into lines; a number from an expression has no split().
		const workflow = chain([
			{
				name: 'Block',
				parameters: { resource: 'network', operation: 'blockRequests', urlPatterns: '={{ 42 }}' },
				settings: { onError: 'continueRegularOutput' },
			},
			// The session name is read by the router and used by the pool: it is checked as it is read.
			{
				name: 'Status',
				parameters: {
					resource: 'session',
					operation: 'getStatus',
					options: { sessionName: '={{ { name: "x" } }}' },
				},
				settings: { onError: 'continueRegularOutput' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		const [item] = result.items('Block');
		assert.equal(item.json.code, 'INVALID_INPUT');
		assert.match(String(item.json.error), /value of the wrong kind/);
		const [status] = result.items('Status');
		assert.equal(status.json.code, 'INVALID_INPUT');
		assert.equal(status.json.field, 'options.sessionName');
	});

	it('types a TypeError of our own code, after the operation reached its session, as ACTION_FAILED and logs its stack', async () => {
		const { operations } = resources.page;
		const getInfo = operations.getInfo;
		const logged: string[] = [];
		let restoreLogger = () => {};
		operations.getInfo = {
			description: getInfo.description,
			async execute(this: IExecuteFunctions, _itemIndex: number, context: OperationContext) {
				const logger = this.logger;
				const error = logger.error.bind(logger);
				logger.error = (message: string, meta?: object) =>
					logged.push(`${message} ${JSON.stringify(meta)}`);
				restoreLogger = () => (logger.error = error);
				await context.pool.status(context.key);
				// A defect as our own code could have one: reading a field of something missing.
				const missing = undefined as unknown as { url: string };
				return [{ json: { url: missing.url } }];
			},
		};
		try {
			const workflow = chain([
				{
					name: 'Info',
					parameters: { resource: 'page', operation: 'getInfo' },
					settings: { onError: 'continueRegularOutput' },
				},
			]);
			const result = await runWorkflow(workflow, engineOptions());
			assertRunSucceeded(result);
			const [item] = result.items('Info');
			assert.equal(item.json.code, 'ACTION_FAILED');
			assert.match(String(item.json.error), /own code.*Cannot read properties of undefined/);
			assert.equal(logged.length, 1);
			assert.match(
				logged[0],
				/page\/getInfo.*router\.test\.ts/s,
				'the log names the operation and holds the stack',
			);
		} finally {
			operations.getInfo = getInfo;
			restoreLogger();
		}
	});

	it('treats a broken credential as an item error, so Continue On Fail applies', async () => {
		const workflow = chain(
			[
				{
					name: 'Go',
					parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/form` },
					settings: { onError: 'continueRegularOutput' },
				},
			],
			true,
		);
		const result = await runWorkflow(
			workflow,
			engineOptions({
				credentials: {
					browserAgentApi: {
						connection: 'cdp',
						cdpUrl: 'http://127.0.0.1:1',
						headers: '{not json',
					},
				},
			}),
		);
		assertRunSucceeded(result);
		const [item] = result.items('Go');
		assert.equal(item.json.code, 'INVALID_INPUT');
		assert.equal(item.json.field, 'headers');
		assert.deepEqual(item.pairedItem, { item: 0 });
	});
});
