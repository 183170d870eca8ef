import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';

import type { INode, IConnections } from 'n8n-workflow';

import { Dummy, DummyApi, dummyEvents } from './fixtures/dummy.node';
import { assertRunSucceeded, getBinaryBuffer, runWorkflow } from './n8n-engine';

const FIXTURES = path.join(__dirname, 'fixtures');
const TRIGGER = 'When clicking ‘Execute workflow’';
const nodeTypes = { 'test.dummy': new Dummy() };
const threeItems = [{ a: 1 }, { a: 2 }, { a: 3 }];

/** Manual trigger → Dummy → NoOp ("After"); both Dummy outputs (regular, error) feed "After". */
function workflow(parameters: INode['parameters'], dummy: Partial<INode> = {}) {
	const nodes: INode[] = [
		{
			id: 't',
			name: TRIGGER,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'd',
			name: 'Dummy',
			type: 'test.dummy',
			typeVersion: 1,
			position: [200, 0],
			parameters,
			...dummy,
		},
		{
			id: 'n',
			name: 'After',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [400, 0],
			parameters: {},
		},
	];
	const connections: IConnections = {
		[TRIGGER]: { main: [[{ node: 'Dummy', type: 'main', index: 0 }]] },
		Dummy: {
			main: [
				[{ node: 'After', type: 'main', index: 0 }],
				[{ node: 'After', type: 'main', index: 0 }],
			],
		},
	};
	return { nodes, connections };
}

test('runs a workflow JSON exported from the editor unchanged (manualTrigger, sticky note, noOp)', async () => {
	const result = await runWorkflow(path.join(FIXTURES, 'dummy-workflow.json'), { nodeTypes });

	assertRunSucceeded(result);
	assert.equal(result.finished, true);
	assert.deepEqual(result.executionOrder, [TRIGGER, 'Dummy', 'No Operation, do nothing']);
	assert.deepEqual(
		result.items(TRIGGER).map((i) => i.json),
		[{}],
	);
	assert.deepEqual(result.items('Dummy'), [
		{ json: { executionId: result.executionId, index: 0 }, pairedItem: { item: 0 } },
	]);
	// NoOp passes its input items on (their pairedItem is the engine's own bookkeeping).
	assert.deepEqual(
		result.items('No Operation, do nothing').map((i) => i.json),
		result.items('Dummy').map((i) => i.json),
	);
	assert.equal(result.nodes['Sticky Note'], undefined);
});

test('this.getExecutionId(): fresh per run, and a given executionId is honoured', async () => {
	const first = await runWorkflow(workflow({ operation: 'echo' }), {
		nodeTypes,
		inputItems: threeItems,
	});
	const second = await runWorkflow(workflow({ operation: 'echo' }), { nodeTypes });
	const chosen = await runWorkflow(workflow({ operation: 'echo' }), {
		nodeTypes,
		executionId: 'exec-42',
	});

	for (const result of [first, second, chosen]) assertRunSucceeded(result);
	assert.notEqual(first.executionId, second.executionId);
	assert.deepEqual(
		first.items('Dummy').map((i) => i.json),
		threeItems.map((json, index) => ({ ...json, executionId: first.executionId, index })),
	);
	assert.equal(second.items('Dummy')[0].json.executionId, second.executionId);
	assert.equal(chosen.executionId, 'exec-42');
	assert.equal(chosen.items('Dummy')[0].json.executionId, 'exec-42');
});

test('prepareBinaryData: metadata on the item and bytes readable back', async () => {
	const result = await runWorkflow(
		workflow({
			operation: 'binary',
			content: 'héllo, wörld',
			fileName: 'report.csv',
			mimeType: 'text/csv',
		}),
		{ nodeTypes, executionId: 'exec-bin' },
	);

	assertRunSucceeded(result);
	const [item] = result.items('Dummy');
	const binary = item.binary?.data;
	assert.ok(binary);
	assert.equal(binary.mimeType, 'text/csv');
	assert.equal(binary.fileName, 'report.csv');
	assert.equal(binary.fileExtension, 'csv');
	assert.equal(binary.bytes, Buffer.byteLength('héllo, wörld'));
	// Default 'filesystem' mode (n8n 2.x default): the item holds a reference, not base64.
	assert.match(
		binary.id ?? '',
		/^filesystem-v2:workflows\/.+\/executions\/exec-bin\/binary_data\//,
	);
	assert.equal(binary.data, 'filesystem-v2');
	assert.equal((await getBinaryBuffer(binary)).toString(), 'héllo, wörld');
	assert.equal(item.json.roundTrip, 'héllo, wörld'); // this.helpers.getBinaryDataBuffer inside the node
	// Passed downstream untouched.
	assert.deepEqual(result.items('After')[0].binary, item.binary);
});

test("binaryDataMode 'memory' (n8n 'default' mode) keeps base64 inline; proven in a fresh process", () => {
	const out = execFileSync(
		process.execPath,
		['--import', 'tsx', path.join(FIXTURES, 'memory-mode.run.ts')],
		{
			encoding: 'utf8',
			timeout: 30_000,
		},
	);
	const parsed = JSON.parse(out.trim().split('\n').pop()!);
	assert.deepEqual(parsed, {
		status: 'success',
		id: null,
		data: Buffer.from('in memory').toString('base64'),
		bytes: 'in memory',
		json: { roundTrip: 'in memory' },
	});
});

test('node error without continueOnFail: run error names the node, harness does not throw', async () => {
	const result = await runWorkflow(workflow({ operation: 'echo', failOnItem: 1 }), {
		nodeTypes,
		inputItems: threeItems,
	});

	assert.equal(result.status, 'error');
	assert.equal(result.finished, false);
	assert.ok(result.error);
	assert.equal(result.error.nodeName, 'Dummy');
	assert.equal(result.error.nodeType, 'test.dummy');
	assert.equal(result.error.name, 'NodeOperationError');
	assert.equal(result.error.message, 'Dummy failure on item 1');
	assert.equal(result.error.description, 'asked to fail');
	assert.equal(result.error.itemIndex, 1);
	assert.equal(result.nodes.Dummy[0].status, 'error');
	assert.equal(result.nodes.Dummy[0].error?.message, 'Dummy failure on item 1');
	assert.deepEqual(result.nodes.Dummy[0].items, []);
	assert.deepEqual(result.executionOrder, [TRIGGER, 'Dummy']);
	assert.equal(result.nodes.After, undefined);
	assert.throws(() => result.items('After'), /"After" did not run.*Dummy failure on item 1/);
	assert.throws(
		() => assertRunSucceeded(result),
		/status "error" in node "Dummy": Dummy failure on item 1/,
	);
});

for (const [label, setting] of [
	["onError: 'continueRegularOutput'", { onError: 'continueRegularOutput' }],
	['continueOnFail: true (legacy)', { continueOnFail: true }],
] as const) {
	test(`${label}: error item in the regular output, paired to its input, run succeeds`, async () => {
		const result = await runWorkflow(workflow({ operation: 'echo', failOnItem: 1 }, setting), {
			nodeTypes,
			inputItems: threeItems,
		});

		assertRunSucceeded(result);
		const items = result.items('Dummy');
		assert.equal(items.length, 3);
		assert.deepEqual(items[1], {
			json: { error: 'Dummy failure on item 1' },
			pairedItem: { item: 1 },
		});
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assert.deepEqual(items[2].json, { a: 3, executionId: result.executionId, index: 2 });
		assert.equal(result.nodes.Dummy[0].error, undefined);
		assert.equal(result.items('After').length, 3);
	});
}

test("onError: 'continueErrorOutput': n8n routes the error item to the extra error output", async () => {
	const result = await runWorkflow(
		workflow({ operation: 'echo', failOnItem: 1 }, { onError: 'continueErrorOutput' }),
		{
			nodeTypes,
			inputItems: threeItems,
		},
	);

	assertRunSucceeded(result);
	const [regular, errors] = result.nodes.Dummy[0].outputs;
	assert.deepEqual(
		regular.map((i) => i.json.index),
		[0, 2],
	);
	assert.deepEqual(errors, [
		{ json: { a: 2, error: 'Dummy failure on item 1' }, pairedItem: { item: 1 } },
	]);
	assert.deepEqual(result.items('Dummy', 0, 1), errors);
});

test('node throwing as a whole with continueOnFail: n8n passes the input through and records the error', async () => {
	const result = await runWorkflow(workflow({ operation: 'throw' }, { continueOnFail: true }), {
		nodeTypes,
		inputItems: threeItems,
	});

	assertRunSucceeded(result);
	assert.deepEqual(
		result.items('Dummy').map((i) => i.json),
		threeItems,
	);
	assert.equal(result.nodes.Dummy[0].error?.message, 'Dummy threw before looking at items');
	assert.equal(result.items('After').length, 3);
});

test('credentials: getCredentials returns the given data with type defaults; authenticate is applied', async (t) => {
	const server = createServer((req, res) => {
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => server.close());
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
	const credentialsRef = { credentials: { dummyApi: { id: 'cred-1', name: 'Dummy account' } } };

	const result = await runWorkflow(workflow({ operation: 'credential', url }, credentialsRef), {
		nodeTypes,
		credentials: { dummyApi: { token: 's3cr3t' } },
		credentialTypes: [new DummyApi()],
	});

	assertRunSucceeded(result);
	assert.deepEqual(result.items('Dummy')[0].json, {
		token: 's3cr3t',
		region: 'eu-west', // default from the credential type's properties
		response: { authorization: 'Bearer s3cr3t' }, // generic `authenticate` via httpRequestWithAuthentication
	});

	const missing = await runWorkflow(workflow({ operation: 'credential' }, credentialsRef), {
		nodeTypes,
	});
	assert.equal(missing.status, 'error');
	assert.equal(missing.error?.nodeName, 'Dummy');
	assert.match(
		missing.error?.message ?? '',
		/"Dummy account" of type "dummyApi".*no credentials\['dummyApi'\]/,
	);
});

test('cancellation: abort → PCancelable.cancel(); node sees getExecutionCancelSignal()/onExecutionCancellation', async () => {
	const controller = new AbortController();
	const started = Date.now();
	const running = runWorkflow(workflow({ operation: 'wait', waitMs: 10_000 }), {
		nodeTypes,
		signal: controller.signal,
		executionId: 'exec-cancel',
		// Abort once the node is inside execute() and waiting.
		hooks: (hooks) =>
			hooks.addHandler('nodeExecuteBefore', (name) => {
				if (name === 'Dummy') setTimeout(() => controller.abort(), 50);
			}),
	});
	const result = await running;

	assert.ok(Date.now() - started < 5_000);
	assert.equal(result.status, 'canceled');
	assert.equal(result.error?.name, 'ManualExecutionCancelledError');
	assert.deepEqual(
		result.items('Dummy').map((i) => i.json),
		[{ aborted: true }],
	);
	assert.equal(result.nodes.After, undefined);
	const events = dummyEvents.filter((e) => e.executionId === 'exec-cancel');
	assert.deepEqual(events, [
		{ type: 'cancelled', executionId: 'exec-cancel' },
		// workflowExecuteAfter runs at cancel time, with the run marked canceled.
		{ type: 'finished', executionId: 'exec-cancel', status: 'canceled' },
	]);
});

test('gotcha: cancelled just before a node starts → it still runs once, signal already aborted, handlers never fire', async () => {
	const controller = new AbortController();
	const result = await runWorkflow(workflow({ operation: 'wait', waitMs: 10_000 }), {
		nodeTypes,
		signal: controller.signal,
		executionId: 'exec-precancel',
		hooks: (hooks) =>
			hooks.addHandler('nodeExecuteBefore', (name) => {
				if (name === 'Dummy') controller.abort();
			}),
	});

	assert.equal(result.status, 'canceled');
	assert.deepEqual(
		result.items('Dummy').map((i) => i.json),
		[{ aborted: true }],
	);
	// onExecutionCancellation() registered after the abort, and workflowExecuteAfter already ran:
	// a node must check this.getExecutionCancelSignal()?.aborted itself when it starts.
	assert.deepEqual(
		dummyEvents.filter((e) => e.executionId === 'exec-precancel'),
		[],
	);
});

test('timeoutMs cancels like the executionTimeout setting', async () => {
	const result = await runWorkflow(workflow({ operation: 'wait', waitMs: 10_000 }), {
		nodeTypes,
		timeoutMs: 50,
	});

	assert.equal(result.status, 'canceled');
	assert.equal(result.error?.name, 'TimeoutExecutionCancelledError');
});

test('workflowExecuteAfter (reached via the undocumented additionalData.hooks) fires on normal finish', async () => {
	const result = await runWorkflow(workflow({ operation: 'wait', waitMs: 1 }), {
		nodeTypes,
		executionId: 'exec-done',
	});

	assertRunSucceeded(result);
	assert.deepEqual(
		dummyEvents.filter((e) => e.executionId === 'exec-done'),
		[{ type: 'finished', executionId: 'exec-done', status: 'success' }],
	);
});

test('harness misuse rejects with a clear message', async () => {
	await assert.rejects(
		runWorkflow(workflow({}, { type: 'n8n-nodes-browser-agent.browserAgent' }), { nodeTypes }),
		/Unknown node type "n8n-nodes-browser-agent\.browserAgent"\. Pass it in runWorkflow/,
	);
	await assert.rejects(
		runWorkflow({ nodes: [], connections: {} }, { nodeTypes }),
		/No start node found/,
	);
});
