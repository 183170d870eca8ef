import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeHelpers, Workflow, type INodeProperties } from 'n8n-workflow';
import { operationsOf } from '../../helpers/fuzz';
import savedDefaults from './fixtures/saved-defaults.json';
import { BrowserAgent } from '../../../nodes/BrowserAgent/BrowserAgent.node.ts';
import { findOperation, resources } from '../../../nodes/BrowserAgent/actions/router';

const { description } = new BrowserAgent();

/** Parameter names shown for a resource/operation (what saved workflows hold). */
function parametersOf(resource: string, operation: string): string[] {
	return description.properties
		.filter((property) => {
			const show = property.displayOptions?.show;
			return show?.resource?.includes(resource) && show?.operation?.includes(operation);
		})
		.map((property) => property.name);
}

function optionNames(resource: string, operation: string): string[] {
	const options = description.properties.find(
		(property) =>
			property.name === 'options' &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);
	return ((options?.options ?? []) as INodeProperties[]).map((option) => option.name);
}

describe('Browser Agent node description (public API: saved workflows hold these values)', () => {
	it('identifies itself as browserAgent, usable as an AI tool, with the optional credentials', () => {
		assert.equal(description.name, 'browserAgent');
		assert.equal(description.usableAsTool, true);
		assert.deepEqual(description.credentials?.[0], {
			name: 'browserAgentApi',
			// The label n8n's editor shows above Operation: it must say that the node works without it.
			displayName: 'Browser Settings (Optional)',
			required: false,
			testedBy: 'browserAgentConnectionTest',
		});
		// The Site Login credential is offered only where a login is used: Element → Fill from a Site
		// Login, the AI operations (as placeholders) and Session → Open (HTTP Basic Auth); decided the
		// way n8n's editor decides it.
		const siteLogin = description.credentials?.find(
			(credential) => credential.name === 'browserAgentSiteLogin',
		);
		assert.equal(siteLogin?.required, false);
		assert.equal(siteLogin?.displayName, 'Site Login to Type');
		const offeredFor = (parameters: Record<string, string>) =>
			NodeHelpers.displayParameter(
				NodeHelpers.getNodeParameters(description.properties, parameters, true, false, null, null)!,
				siteLogin!,
				null,
				null,
			);
		assert.equal(offeredFor({ resource: 'element', operation: 'fill' }), false);
		assert.equal(
			offeredFor({ resource: 'element', operation: 'fill', valueSource: 'siteLoginPassword' }),
			true,
		);
		assert.equal(offeredFor({ resource: 'element', operation: 'click' }), false);
		assert.equal(offeredFor({ resource: 'page', operation: 'navigate' }), false);
		for (const operation of ['runTask', 'act', 'extract'])
			assert.equal(offeredFor({ resource: 'ai', operation }), true, operation);
		// Session → Open: the login's HTTP Basic Auth for the session.
		assert.equal(offeredFor({ resource: 'session', operation: 'open' }), true);
		assert.equal(offeredFor({ resource: 'session', operation: 'close' }), false);
	});

	it('takes a chat model sub-node only for the AI resource, as n8n works out the inputs', () => {
		const inputsFor = (parameters: Record<string, string>) => {
			const workflow = new Workflow({
				nodes: [
					{
						id: '1',
						name: 'Browser Agent',
						type: 'n8n-nodes-browser-agent.browserAgent',
						typeVersion: 1,
						position: [0, 0],
						parameters,
					},
				],
				connections: {},
				active: false,
				nodeTypes: {
					getByName: () => new BrowserAgent(),
					getByNameAndVersion: () => new BrowserAgent(),
					getKnownTypes: () => ({}),
				},
			});
			const node = workflow.getNode('Browser Agent')!;
			return NodeHelpers.getNodeInputs(workflow, node, description).map((input) =>
				typeof input === 'string' ? input : input.type,
			);
		};
		assert.deepEqual(inputsFor({}), ['main'], 'the default resource (Page)');
		assert.deepEqual(inputsFor({ resource: 'element', operation: 'click' }), ['main']);
		assert.deepEqual(inputsFor({ resource: 'ai', operation: 'runTask' }), [
			'main',
			'ai_languageModel',
		]);
	});

	it('keeps the released resource/operation values and their required parameters', () => {
		const released: Array<[string, string, string[]]> = [
			['session', 'open', []],
			['session', 'close', []],
			['session', 'getStatus', []],
			['page', 'navigate', ['url', 'waitUntil']],
			['page', 'screenshot', ['fullPage', 'binaryPropertyName']],
			['element', 'click', ['selector']],
			['element', 'fill', ['selector', 'value']],
			['mouse', 'dragSlider', ['selector', 'distance']],
			['file', 'download', ['selector', 'url', 'binaryPropertyName']],
			['extract', 'table', ['selector']],
			['extract', 'text', ['selector']],
		];
		for (const [resource, operation, parameters] of released) {
			assert.ok(
				findOperation(resource, operation),
				`${resource}/${operation} has an implementation`,
			);
			const shown = parametersOf(resource, operation);
			for (const parameter of parameters)
				assert.ok(
					shown.includes(parameter),
					`${resource}/${operation} shows "${parameter}" (has ${shown})`,
				);
			assert.ok(
				optionNames(resource, operation).includes('sessionName'),
				`${resource}/${operation} offers Session Name`,
			);
		}
	});

	it('keeps the default of every parameter outside Options, which saved workflows rely on', () => {
		// n8n saves a parameter only when it differs from the default, so a changed default changes
		// what saved workflows do. Options keep their values when saved, so only these are pinned.
		const defaults: Record<string, unknown> = {};
		for (const { resource, operation, parameters } of operationsOf(description)) {
			for (const parameter of parameters)
				defaults[`${resource}.${operation}.${parameter.name}`] = parameter.default;
		}
		assert.deepEqual(defaults, savedDefaults);
	});

	it('lists every implemented operation in the editor, with an action label', () => {
		const actions = new Set<string>();
		for (const [resource, { operations: byOperation }] of Object.entries(resources)) {
			const selector = description.properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes(resource),
			);
			const values = (selector?.options ?? []).map((option) =>
				'value' in option ? option.value : undefined,
			);
			assert.deepEqual(
				[...values].sort(),
				Object.keys(byOperation).sort(),
				`operations of ${resource}`,
			);
			for (const option of selector!.options as Array<{ action?: string }>) {
				assert.ok(option.action, `${resource} operation has an action label`);
				// n8n's AI Agent sees "<action> in Browser Agent" as the tool's description: short and distinct.
				assert.ok(option.action.length <= 50, `"${option.action}" is short enough for a tool`);
				assert.ok(!actions.has(option.action), `"${option.action}" names one operation`);
				actions.add(option.action);
			}
		}
	});

	it('lists the most used actions first, in the order n8n’s node creator shows them', () => {
		// The node creator groups actions by resource, in the Resource options' order, each group in
		// its Operation options' order (editor-ui nodeCreator useActionsGeneration: resourceCategories).
		const valuesOf = (property?: INodeProperties) =>
			(property?.options ?? []).map((option) => ('value' in option ? option.value : undefined));
		const resourceValues = valuesOf(
			description.properties.find((property) => property.name === 'resource'),
		);
		assert.deepEqual(resourceValues.slice(0, 3), ['page', 'element', 'extract']);
		assert.deepEqual(
			[...resourceValues].sort(),
			[
				'ai',
				'element',
				'extract',
				'file',
				'frame',
				'mouse',
				'network',
				'page',
				'script',
				'session',
				'storage',
				'tab',
			],
			'the released resource values, none renamed',
		);
		const pageOperations = valuesOf(
			description.properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes('page'),
			),
		);
		assert.deepEqual(pageOperations.slice(0, 3), ['navigate', 'screenshot', 'waitFor']);
	});

	it('gives every parameter a label and a description or hint', () => {
		const walk = (properties: INodeProperties[]) => {
			for (const property of properties) {
				assert.ok(property.displayName, `${property.name} has a label`);
				if (
					!['resource', 'operation', 'options'].includes(property.name) &&
					property.type !== 'options'
				) {
					assert.ok(property.description || property.hint, `${property.name} explains itself`);
				}
				if (property.type === 'collection') walk(property.options as INodeProperties[]);
			}
		};
		walk(description.properties);
	});
});
