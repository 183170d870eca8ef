// Unit tests of the `n8n execute` output parser, on stdout captured from real
// n8n 2.8.4 runs (fixtures/). Needs no n8n install.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
	extractRunJson,
	itemsOf,
	parseExecution,
	unflatten,
	type RunResult,
} from '../../../../scripts/n8n/harness/n8n';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const result = (stdout: string, code: number | null): RunResult => ({
	args: [],
	code,
	signal: null,
	stdout,
	stderr: '',
	durationMs: 1,
	timedOut: false,
});

test('success: per-node items and binary metadata despite log lines before the JSON', () => {
	const res = parseExecution(result(fixture('execute-success-2.8.4.stdout.txt'), 0));
	assert.equal(res.ok, true);
	assert.equal(res.status, 'success');
	assert.equal(res.lastNodeExecuted, 'Hello');
	assert.deepEqual(Object.keys(res.nodes), ['Manual Trigger', 'Hello']);
	assert.deepEqual(itemsOf(res, 'Hello'), [{ hello: 'world' }]);
	const bin = res.nodes.Hello[0].items[0].binary?.data;
	assert.equal(bin?.fileName, 'hello.txt');
	assert.equal(bin?.mimeType, 'text/plain');
	assert.match(
		bin?.id ?? '',
		/^filesystem-v2:workflows\/helloSelfcheck0001\/executions\/1\/binary_data\//,
	);
});

test('node failure: exit 1, run JSON logged after "Execution error:" is still parsed', () => {
	const res = parseExecution(result(fixture('execute-nodefail-2.8.4.stdout.txt'), 1));
	assert.equal(res.ok, false);
	assert.equal(res.status, 'error');
	assert.equal(res.error?.message, 'hello node asked to fail');
	assert.equal(res.nodes.Hello[0].executionStatus, 'error');
	assert.equal(res.nodes.Hello[0].error?.message, 'hello node asked to fail');
	assert.deepEqual(res.nodes.Hello[0].items, []);
	assert.equal(res.nodes['Manual Trigger'][0].items.length, 1);
});

test('run never started (unknown node type): error message taken from the log', () => {
	const res = parseExecution(result(fixture('execute-unknown-type.stdout.txt'), 1));
	assert.equal(res.ok, false);
	assert.equal(res.run, undefined);
	assert.equal(res.error?.message, 'Unrecognized node type: n8n-nodes-hello.nope');
	assert.equal(res.error?.fromLog, true);
	assert.deepEqual(res.nodes, {});
});

test('exit code 0 without run JSON is not ok', () => {
	const res = parseExecution(result('nothing here\n', 0));
	assert.equal(res.ok, false);
});

test('compact JSON and braces inside strings', () => {
	const run = {
		data: { resultData: { runData: { A: [{ data: { main: [[{ json: { s: '} {"x' } }]] } }] } } },
	};
	const found = extractRunJson(`log {not json}\n${JSON.stringify(run)}\ntrailer`);
	assert.deepEqual(found, run);
});

test('flatted run data is decoded', () => {
	// flatted.stringify({ a: { b: 'x' }, c: ['y'] })
	assert.deepEqual(unflatten('[{"a":"1","c":"2"},{"b":"3"},["4"],"x","y"]'), {
		a: { b: 'x' },
		c: ['y'],
	});
});
