import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	FILE_NOTE,
	getAction,
	OPERATION_ACTIONS,
	PASSWORD_NOTE,
	type OperationAlias,
	type Recording,
} from '../../../../lib';
import { BrowserAgent } from '../../../../nodes/BrowserAgent/BrowserAgent.node.ts';
import {
	BROWSER_AGENT_NODE_TYPE,
	recordedWorkflow,
} from '../../../../nodes/BrowserAgent/transport/recordedWorkflow';

const { description } = new BrowserAgent();

/** Every kind of step the recorder writes. */
const recording: Recording = {
	steps: [
		{ action: 'navigate', url: 'https://example.com/login' },
		{ action: 'fill', selector: 'internal:role=textbox[name="Username"i]', value: 'ada' },
		{ action: 'fill', selector: 'internal:role=textbox[name="Password"i]', value: '' },
		{ action: 'click', selector: 'internal:role=button[name="Sign in"i]' },
		{ action: 'selectOption', selector: '#country', values: ['France'] },
		{ action: 'selectOption', selector: '#cities', values: ['Bonn, Germany', 'Paris'] },
		{ action: 'check', selector: '#agree' },
		{ action: 'uncheck', selector: '#news' },
		{ action: 'pressKey', selector: '#email', keys: 'Enter' },
		{ action: 'pressKey', keys: 'Escape' },
		{ action: 'uploadFile', selector: '#attach', uploadBy: 'fileChooser' },
		{ action: 'waitForPopup' },
	],
	notes: [
		{ step: 3, note: PASSWORD_NOTE },
		{ step: 11, note: FILE_NOTE },
	],
};

/** The parameters the node shows for a resource/operation, Options collection excluded. */
function shownParameters(resource: string, operation: string): Set<string> {
	return new Set(
		description.properties
			.filter((property) => {
				const show = property.displayOptions?.show;
				return show?.resource?.includes(resource) && show?.operation?.includes(operation);
			})
			.map((property) => property.name),
	);
}

describe('a recording as workflow JSON to paste onto the canvas', () => {
	const workflow = recordedWorkflow(recording);

	it('one Browser Agent node per step, connected in order (no trigger: a workflow takes one Manual Trigger)', () => {
		assert.equal(workflow.nodes.length, recording.steps.length);
		assert.equal(new Set(workflow.nodes.map((node) => node.name)).size, workflow.nodes.length);
		for (const [index, node] of workflow.nodes.slice(0, -1).entries()) {
			const next = workflow.nodes[index + 1];
			assert.deepEqual(workflow.connections[node.name], {
				main: [[{ node: next.name, type: 'main', index: 0 }]],
			});
			assert.ok(next.position[0] > node.position[0]);
		}
	});

	it('each node runs the step’s action with parameters the node has', () => {
		for (const [index, step] of recording.steps.entries()) {
			const node = workflow.nodes[index];
			assert.equal(node.type, BROWSER_AGENT_NODE_TYPE);
			const { resource, operation, ...parameters } = node.parameters as Record<string, string>;
			const alias = `${resource}.${operation}` as OperationAlias;
			assert.equal(OPERATION_ACTIONS[alias], step.action, `${node.name} runs ${step.action}`);
			const shown = shownParameters(resource, operation);
			for (const name of Object.keys(parameters))
				assert.ok(shown.has(name), `${node.name}: the node shows no parameter "${name}"`);
		}
		const several = workflow.nodes[5].parameters;
		assert.equal(
			several.values,
			'={{ ["Bonn, Germany","Paris"] }}',
			'a label with a comma stays one',
		);
	});

	it('notes show on their nodes; the steps themselves are Run Steps input, the file upload asking for its files', () => {
		assert.equal(workflow.nodes[2].notes, PASSWORD_NOTE);
		assert.equal(workflow.nodes[2].notesInFlow, true);
		assert.equal(workflow.nodes[10].notes, FILE_NOTE);
		assert.equal(workflow.nodes[1].notes, undefined);
		for (const { action, ...input } of recording.steps) {
			const parsed = getAction(action).input.safeParse(input);
			if (action === 'uploadFile') assert.equal(parsed.error?.issues[0]?.path[0], 'files');
			else assert.ok(parsed.success, `${action}: ${parsed.error?.message}`);
		}
	});
});
