/**
 * An n8n workflow as `n8n export:workflow` writes it, read without n8n: only what the converter
 * needs is typed, everything else on a workflow or a node is carried over untouched.
 */

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	position?: [number, number];
	parameters: Record<string, unknown>;
	[key: string]: unknown;
}

/** One wire: the node it goes to, the kind of input (`main`, `ai_tool`…) and which input. */
export interface Connection {
	node: string;
	type: string;
	index: number;
}

/** By source node NAME, then kind of output, then output index: the wires leaving that output. */
export type Connections = Record<string, Record<string, Array<Connection[] | null>>>;

export interface Workflow {
	name?: string;
	id?: string;
	nodes: WorkflowNode[];
	connections: Connections;
	[key: string]: unknown;
}

/** What is wrong with an input, said so that a person can find and fix it. */
export class MalformedWorkflowError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MalformedWorkflowError';
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `value` has the shape of an exported workflow and returns it typed. `where` names
 * the workflow in messages (e.g. `workflow 3 ("Scrape prices")` in an array export).
 */
export function readWorkflow(value: unknown, where = 'the workflow'): Workflow {
	if (!isRecord(value)) {
		throw new MalformedWorkflowError(
			`${where} is not an n8n workflow: expected a JSON object with "nodes" and "connections", found ${kindOf(value)}.`,
		);
	}
	if (!Array.isArray(value.nodes)) {
		throw new MalformedWorkflowError(
			`${where} has no "nodes" list${value.nodes === undefined ? '' : ` ("nodes" is ${kindOf(value.nodes)})`}: is this an n8n workflow export?`,
		);
	}
	const names = new Set<string>();
	value.nodes.forEach((node: unknown, index) => {
		const label = isRecord(node) && typeof node.name === 'string' ? `"${node.name}"` : `${index}`;
		if (!isRecord(node)) {
			throw new MalformedWorkflowError(
				`${where}: node ${index} is ${kindOf(node)}, not an object.`,
			);
		}
		if (typeof node.name !== 'string' || node.name === '') {
			throw new MalformedWorkflowError(`${where}: node ${index} has no name.`);
		}
		if (typeof node.type !== 'string' || node.type === '') {
			throw new MalformedWorkflowError(`${where}: node ${label} has no type.`);
		}
		if (!isRecord(node.parameters)) {
			throw new MalformedWorkflowError(
				`${where}: node ${label} has no "parameters" object${node.parameters === undefined ? '' : ` (it is ${kindOf(node.parameters)})`}.`,
			);
		}
		if (names.has(node.name)) {
			// Connections are keyed by name: with two nodes of one name the wiring is ambiguous.
			throw new MalformedWorkflowError(`${where}: two nodes are named ${label}.`);
		}
		names.add(node.name);
	});
	const connections = value.connections ?? {};
	if (!isRecord(connections)) {
		throw new MalformedWorkflowError(
			`${where}: "connections" is ${kindOf(connections)}, not an object.`,
		);
	}
	for (const [source, outputs] of Object.entries(connections)) {
		if (!isRecord(outputs)) {
			throw new MalformedWorkflowError(
				`${where}: the connections of "${source}" are not an object.`,
			);
		}
		for (const [type, lists] of Object.entries(outputs)) {
			if (!Array.isArray(lists) || !lists.every((list) => list === null || isWireList(list))) {
				throw new MalformedWorkflowError(
					`${where}: the "${type}" connections of "${source}" are not lists of { node, type, index }.`,
				);
			}
		}
	}
	return {
		...value,
		nodes: value.nodes as WorkflowNode[],
		connections: connections as Connections,
	};
}

function isWireList(list: unknown): boolean {
	return (
		Array.isArray(list) &&
		list.every((wire) => isRecord(wire) && typeof wire.node === 'string' && wire.node !== '')
	);
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/** Every wire of the workflow, with its source and output. */
export function* wires(
	connections: Connections,
): Generator<{ source: string; type: string; output: number; wire: Connection }> {
	for (const [source, outputs] of Object.entries(connections)) {
		for (const [type, lists] of Object.entries(outputs)) {
			for (const [output, list] of lists.entries()) {
				for (const wire of list ?? []) yield { source, type, output, wire };
			}
		}
	}
}

/** The names of the nodes that feed `target`'s main inputs. */
export function mainSources(connections: Connections, target: string): Set<string> {
	const sources = new Set<string>();
	for (const { source, type, wire } of wires(connections)) {
		if (type === 'main' && wire.node === target) sources.add(source);
	}
	return sources;
}

/** The names of the nodes `source`'s main outputs feed. */
export function mainTargets(connections: Connections, source: string): Set<string> {
	const targets = new Set<string>();
	for (const list of connections[source]?.main ?? []) {
		for (const wire of list ?? []) targets.add(wire.node);
	}
	return targets;
}
