import type { IConnections, INode, INodeParameters } from 'n8n-workflow';
import type { RecordedStep, Recording } from '../../../lib';

/** This node's type as n8n names a community node: `<package>.<node>`. */
export const BROWSER_AGENT_NODE_TYPE = 'n8n-nodes-browser-agent.browserAgent';
const NODE_SPACING = 220;

/** Workflow JSON that pastes onto n8n's canvas (with a name added, it imports with `n8n import:workflow`). */
export interface RecordedWorkflow {
	nodes: Array<Omit<INode, 'id'>>;
	connections: IConnections;
}

/** A recorded step as this node's parameters (saved workflows hold these names) and the node's label. */
function nodeOf(step: RecordedStep): { label: string; parameters: INodeParameters } {
	switch (step.action) {
		case 'navigate':
			return {
				label: 'Navigate',
				parameters: { resource: 'page', operation: 'navigate', url: step.url },
			};
		case 'click':
			return {
				label: 'Click',
				parameters: { resource: 'element', operation: 'click', selector: step.selector },
			};
		case 'fill':
			return {
				label: 'Fill',
				parameters: {
					resource: 'element',
					operation: 'fill',
					selector: step.selector,
					value: step.value,
				},
			};
		case 'check':
		case 'uncheck':
			return {
				label: step.action === 'check' ? 'Check' : 'Uncheck',
				parameters: { resource: 'element', operation: step.action, selector: step.selector },
			};
		case 'selectOption':
			return {
				label: 'Select Option',
				parameters: {
					resource: 'element',
					operation: 'selectOption',
					selector: step.selector,
					// One option as typed; several as a list, since a label may hold a comma.
					values:
						step.values.length === 1 ? step.values[0] : `={{ ${JSON.stringify(step.values)} }}`,
				},
			};
		case 'pressKey':
			return {
				label: 'Press Key',
				parameters: {
					resource: 'element',
					operation: 'pressKey',
					keys: step.keys,
					...(step.selector && { selector: step.selector }),
				},
			};
		case 'uploadFile':
			return {
				label: 'Upload File',
				parameters: {
					resource: 'element',
					operation: 'uploadFile',
					uploadBy: 'fileChooser',
					selector: step.selector,
				},
			};
		case 'waitForPopup':
			return {
				label: 'Wait for Popup',
				parameters: { resource: 'tab', operation: 'waitForPopup' },
			};
	}
}

/**
 * The recording as workflow JSON: one Browser Agent node per step, connected in order, to paste
 * after a trigger or where the flow needs it (no trigger of its own: a workflow takes only one
 * Manual Trigger). A step's note (a password to give, a file to upload) shows on its node.
 */
export function recordedWorkflow(recording: Recording): RecordedWorkflow {
	const notes = new Map(recording.notes.map(({ step, note }) => [step, note]));
	const nodes: RecordedWorkflow['nodes'] = recording.steps.map((step, index) => {
		const { label, parameters } = nodeOf(step);
		const note = notes.get(index + 1);
		return {
			name: `${index + 1}. ${label}`,
			type: BROWSER_AGENT_NODE_TYPE,
			typeVersion: 1,
			position: [NODE_SPACING * index, 0],
			parameters,
			...(note && { notes: note, notesInFlow: true }),
		};
	});
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++)
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	// No name: pasted JSON with one renames the workflow it is pasted into.
	return { nodes, connections };
}
