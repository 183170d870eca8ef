import './isolatedDataDir';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConnections, INode, INodeParameters } from 'n8n-workflow';
import { BrowserAgentApi } from '../../credentials/BrowserAgentApi.credentials';
import { BrowserAgentSiteLoginApi } from '../../credentials/BrowserAgentSiteLoginApi.credentials';
// With the extension: plain resolution would pick the codex file BrowserAgent.node.json first.
import { BrowserAgent } from '../../nodes/BrowserAgent/BrowserAgent.node.ts';
import type { RunWorkflowOptions, WorkflowInput } from './n8n-engine';
import { EXAMPLE_SITE_URL } from '../../scripts/fixture-site/expected';

export { EXAMPLE_SITE_URL };

export const NODE_TYPE = 'n8n-nodes-browser-agent.browserAgent';
export const TRIGGER = 'When clicking ‘Execute workflow’';

/** Engine options that make n8n know our node and credential. */
export function engineOptions(extra: Partial<RunWorkflowOptions> = {}): RunWorkflowOptions {
	return {
		nodeTypes: { [NODE_TYPE]: new BrowserAgent() },
		credentialTypes: [new BrowserAgentApi(), new BrowserAgentSiteLoginApi()],
		...extra,
	};
}

/** An example workflow from examples/, pointed at `siteUrl` instead of the demo site's address. */
export function loadExample(fileName: string, siteUrl: string): WorkflowInput {
	const text = readFileSync(join(__dirname, '..', '..', 'examples', fileName), 'utf8');
	return JSON.parse(text.split(EXAMPLE_SITE_URL).join(siteUrl));
}

export interface Step {
	name: string;
	parameters: INodeParameters;
	settings?: Partial<INode>;
}

/** Manual trigger followed by Browser Agent nodes in a line, as a builder would wire them. */
export function chain(steps: Step[], credential?: boolean): WorkflowInput {
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: TRIGGER,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...steps.map(
			(step, index): INode => ({
				id: `step-${index}`,
				name: step.name,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220 * (index + 1), 0],
				parameters: step.parameters,
				...(credential && { credentials: { browserAgentApi: { id: '1', name: 'Browser Agent' } } }),
				...step.settings,
			}),
		),
	];
	const connections: IConnections = {};
	for (let index = 1; index < nodes.length; index++) {
		connections[nodes[index - 1].name] = {
			main: [[{ node: nodes[index].name, type: 'main', index: 0 }]],
		};
	}
	return { nodes, connections, settings: { executionOrder: 'v1' } };
}
