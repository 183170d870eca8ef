import { randomUUID } from 'node:crypto';

/** The packed node's type in n8n: `<package>.<node>`. */
export const BROWSER_AGENT_TYPE = 'n8n-nodes-browser-agent.browserAgent';

/** One node of a workflow to create: its name, type and parameters (positions are given by `inRow`). */
export interface WorkflowNodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: object;
	webhookId?: string;
}

/** A Browser Agent node. */
export function browserAgent(name: string, parameters: object): WorkflowNodeSpec {
	return { name, type: BROWSER_AGENT_TYPE, typeVersion: 1, parameters };
}

/**
 * A Webhook trigger on POST /webhook/<path>. It answers at once, or with `responseMode: 'lastNode'`
 * once the execution has ended, with the first item of the last node.
 */
export function webhookTrigger(
	path: string,
	responseMode: 'onReceived' | 'lastNode' = 'onReceived',
): WorkflowNodeSpec {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
		webhookId: randomUUID(),
	};
}

/** A workflow of these nodes in a row, each connected to the next; inactive until activated. */
export function inRow(name: string, specs: WorkflowNodeSpec[]) {
	const nodes = specs.map((spec, index) => ({
		id: randomUUID(),
		...spec,
		position: [220 * index, 0],
	}));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { name, nodes, connections, settings: {}, active: false };
}
