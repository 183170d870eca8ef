import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { ERROR_CODES, sharedPool } from '../../../lib';
import { BrowserAgent } from '../../../nodes/BrowserAgent/BrowserAgent.node.ts';
import { resources } from '../../../nodes/BrowserAgent/actions/router';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import {
	describeSet,
	operationsOf,
	parameterSets,
	seededRandom,
	type Operation,
	type ParameterSet,
} from '../../helpers/fuzz';
import { runWorkflow, type RunResult, type WorkflowInput } from '../../helpers/n8n-engine';
import { chromiumProcesses, eventually } from '../../helpers/processes';
import { NODE_TYPE, TRIGGER, engineOptions } from '../../helpers/workflows';

/** At least this many hostile parameter sets in all, spread over every operation. */
const MINIMUM_SETS = 520;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CODES = new Set<string>(ERROR_CODES);
const CODE_IN_MESSAGE = /\[([A-Z_]+)\]/;

/**
 * One execution per operation: the trigger's items are the parameter sets. The upper branch opens
 * the form page once; the lower one runs the operation with Continue On Fail, every parameter an
 * expression reading its item, as values from earlier nodes arrive in real workflows.
 */
function fuzzWorkflow(operation: Operation, sets: ParameterSet[], siteUrl: string): WorkflowInput {
	const optionNames = [
		...new Set(sets.flatMap((set) => Object.keys(set.parameters.options as object))),
	];
	const parameters: INodeParameters = {
		resource: operation.resource,
		operation: operation.operation,
	};
	for (const property of operation.parameters)
		parameters[property.name] = `={{ $json.p[${JSON.stringify(property.name)}] }}`;
	parameters.options = Object.fromEntries(
		optionNames.map((name) => [name, `={{ $json.p.options[${JSON.stringify(name)}] }}`]),
	);
	const node = (
		name: string,
		position: [number, number],
		nodeParameters: INodeParameters,
		settings: Partial<INode> = {},
	): INode => ({
		id: name,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters: nodeParameters,
		...settings,
	});
	return {
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			node(
				'Open Form',
				[220, 0],
				{ resource: 'page', operation: 'navigate', url: `${siteUrl}/form` },
				{ executeOnce: true },
			),
			node('Fuzz', [220, 300], parameters, { onError: 'continueRegularOutput' }),
		],
		connections: {
			[TRIGGER]: {
				main: [
					[
						{ node: 'Open Form', type: 'main', index: 0 },
						{ node: 'Fuzz', type: 'main', index: 0 },
					],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Runs with a hard deadline: a run that outlives it is a hang, whatever the cause. */
async function runWithin(
	workflow: WorkflowInput,
	items: INodeExecutionData[],
	deadlineMs: number,
): Promise<RunResult> {
	let timer: NodeJS.Timeout | undefined;
	const hang = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`hang: the execution did not end within ${deadlineMs + 30_000} ms`)),
			deadlineMs + 30_000,
		);
	});
	try {
		return await Promise.race([
			runWorkflow(workflow, engineOptions({ inputItems: items, timeoutMs: deadlineMs })),
			hang,
		]);
	} finally {
		clearTimeout(timer);
	}
}

/** Why an output of the fuzzed node is not acceptable, or undefined when it is a typed error or a success. */
function untyped(item: INodeExecutionData): string | undefined {
	if (!('error' in item.json)) return undefined;
	if (typeof item.json.code === 'string' && CODES.has(item.json.code)) return undefined;
	return `untyped error item: ${JSON.stringify(item.json).slice(0, 300)}`;
}

describe(`Fuzz: hostile parameters for every operation (seed ${SEED}; repeat with FUZZ_SEED=${SEED})`, () => {
	let site: FixtureSite;
	const problems: string[] = [];
	const processProblems: string[] = [];
	const onRejection = (reason: unknown) =>
		processProblems.push(
			`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`,
		);
	const onException = (error: Error) => processProblems.push(`uncaughtException: ${error.stack}`);
	const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
	let total = 0;

	before(async () => {
		site = await startFixtureSite();
		process.on('unhandledRejection', onRejection);
		process.on('uncaughtException', onException);
	});
	after(async () => {
		process.off('unhandledRejection', onRejection);
		process.off('uncaughtException', onException);
		await sharedPool().shutdown();
		await site.close();
	});

	it('every set yields a typed error or a result, and nothing hangs, crashes or leaks', async (t) => {
		const operations = operationsOf(new BrowserAgent().description);
		// The description lists what the router implements: nothing is left out of the fuzzing.
		const routed = Object.entries(resources).flatMap(([resource, { operations: byOperation }]) =>
			Object.keys(byOperation).map((operation) => `${resource}/${operation}`),
		);
		assert.deepEqual(
			operations.map(({ resource, operation }) => `${resource}/${operation}`).sort(),
			routed.sort(),
		);
		const perOperation = Math.max(6, Math.ceil(MINIMUM_SETS / operations.length));
		const random = seededRandom(SEED);
		t.diagnostic(`seed ${SEED}: ${operations.length} operations × ${perOperation} parameter sets`);

		// The sets are drawn in operation order, so a seed gives the same sets however the runs interleave.
		const planned = operations.map((operation) => ({
			operation,
			sets: parameterSets(operation, perOperation, random, site.url),
		}));
		// Three executions at a time, each on its own session: most of a run is waiting for timeouts.
		const queue = [...planned];
		const runNext = async (): Promise<void> => {
			for (let next = queue.shift(); next; next = queue.shift()) await fuzzOne(next);
		};
		await Promise.all([runNext(), runNext(), runNext()]);

		async function fuzzOne({
			operation,
			sets,
		}: {
			operation: (typeof operations)[number];
			sets: ReturnType<typeof parameterSets>;
		}): Promise<void> {
			total += sets.length;
			const label = `${operation.resource} → ${operation.operation}`;
			// Each set may wait for its timeout (≤ 500 ms unless hostile, plus retries): a generous bound.
			const deadlineMs = 60_000 + sets.length * 15_000;
			let result: RunResult;
			try {
				result = await runWithin(
					fuzzWorkflow(operation, sets, site.url),
					sets.map((set) => ({ json: { p: set.parameters } })),
					deadlineMs,
				);
			} catch (error) {
				problems.push(`${label}: the run itself failed: ${(error as Error).message}`);
				return;
			}
			if (result.status === 'canceled')
				problems.push(`${label}: hang, cancelled after ${deadlineMs} ms`);
			const fuzzRun = result.nodes['Fuzz']?.[0];
			if (!fuzzRun) {
				problems.push(
					`${label}: the node did not run (${result.status}: ${result.error?.message})`,
				);
				return;
			}
			if (fuzzRun.error) {
				const code = CODE_IN_MESSAGE.exec(fuzzRun.error.message)?.[1];
				if (!code || !CODES.has(code))
					problems.push(
						`${label}: untyped node error "${fuzzRun.error.message.slice(0, 300)}" (item ${fuzzRun.error.itemIndex})`,
					);
			}
			for (const item of fuzzRun.items) {
				const problem = untyped(item);
				const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
				const index = typeof paired === 'object' && paired ? paired.item : -1;
				if (problem)
					problems.push(
						`${label} item ${index}: ${problem}\n    set: ${sets[index] ? describeSet(sets[index]) : '?'}`,
					);
			}
		}
		t.diagnostic(`${total} parameter sets run`);
		assert.ok(total >= 500, `${total} sets`);

		// Every execution closed its sessions when it ended, and nothing polluted Object.prototype.
		await eventually(
			() => sharedPool().openSessionCount === 0,
			'every session of the fuzzed executions is closed',
			30_000,
		);
		assert.ok(
			sharedPool().browserCount <= 1,
			`one shared browser at most, found ${sharedPool().browserCount}`,
		);
		assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeKeys);
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
		assert.deepEqual(processProblems, []);
		assert.deepEqual(problems, [], `seed ${SEED}:\n${problems.join('\n')}`);
	});

	it('leaves no Chromium process once the pool shuts down', async () => {
		await sharedPool().shutdown();
		await eventually(() => chromiumProcesses().length === 0, 'no Chromium process is left', 30_000);
	});
});
