import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workflow, WorkflowNode } from '../../migrate/workflow';

export const FIXTURES = join(__dirname, 'fixtures');

/** The realistic exports in fixtures/ (not the malformed ones), parsed. */
export function allFixtures(): Array<{ file: string; workflow: Workflow }> {
	return readdirSync(FIXTURES)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: fixture(file) }));
}

export function fixture(file: string): Workflow {
	return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Workflow;
}

/** Ids id-1, id-2… so converted workflows can be compared. */
export function sequentialIds(): () => string {
	let next = 0;
	return () => `id-${++next}`;
}

export function puppeteerNode(
	name: string,
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	return {
		parameters,
		id: `old-${name}`,
		name,
		type: 'n8n-nodes-puppeteer.puppeteer',
		typeVersion: 1,
		position: [0, 0],
		...extra,
	};
}

export function node(
	name: string,
	type: string,
	parameters: Record<string, unknown> = {},
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	return { parameters, id: `old-${name}`, name, type, typeVersion: 1, position: [0, 0], ...extra };
}

/** A workflow: a Manual Trigger, then `nodes` one after another, 220 px apart. */
export function workflowWith(...nodes: WorkflowNode[]): Workflow {
	const all = [node('Start', 'n8n-nodes-base.manualTrigger'), ...nodes].map((each, i) => ({
		...each,
		position: [i * 220, 0] as [number, number],
	}));
	const connections: Workflow['connections'] = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name: 'Test', nodes: all, connections, settings: { executionOrder: 'v1' } };
}

export function nodeNamed(workflow: Workflow, name: string): WorkflowNode {
	const found = workflow.nodes.find((each) => each.name === name);
	if (!found)
		throw new Error(`no node "${name}" in ${workflow.nodes.map((each) => each.name).join(', ')}`);
	return found;
}
