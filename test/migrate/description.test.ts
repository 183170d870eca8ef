/**
 * Every Browser Agent node the converter writes uses only resources, operations, parameter names
 * and option values that the node description has: a converted workflow opens in the editor
 * with every field where the node expects it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';
import { BrowserAgent } from '../../nodes/BrowserAgent/BrowserAgent.node.ts';
import {
	BROWSER_AGENT_TOOL_TYPE,
	BROWSER_AGENT_TYPE,
	convertWorkflow,
} from '../../migrate/convert';
import { allFixtures, workflowWith, puppeteerNode } from './helpers';

const { properties } = new BrowserAgent().description;

/** Parameters n8n adds to the tool variant of a node (n8n's tool-generation), not in the description. */
const TOOL_PARAMETERS = ['descriptionType', 'toolDescription'];

function isExpression(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

/** The properties shown for this resource and operation (other display conditions left aside). */
function shownFor(resource: string, operation: string): INodeProperties[] {
	return properties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		return (
			(show.resource === undefined || show.resource.includes(resource)) &&
			(show.operation === undefined || show.operation.includes(operation))
		);
	});
}

/** What in `value` the property `property` does not have, as `path: problem`. */
function problemsOf(property: INodeProperties, value: unknown, path: string): string[] {
	if (isExpression(value)) return [];
	switch (property.type) {
		case 'collection': {
			if (typeof value !== 'object' || value === null) return [`${path}: not an object`];
			const options = (property.options ?? []) as INodeProperties[];
			return Object.entries(value).flatMap(([key, entry]) => {
				const option = options.find((candidate) => candidate.name === key);
				return option
					? problemsOf(option, entry, `${path}.${key}`)
					: [`${path}.${key}: no such option`];
			});
		}
		case 'fixedCollection': {
			if (typeof value !== 'object' || value === null) return [`${path}: not an object`];
			const groups = (property.options ?? []) as INodePropertyCollection[];
			return Object.entries(value).flatMap(([key, entries]) => {
				const group = groups.find((candidate) => candidate.name === key);
				if (!group) return [`${path}.${key}: no such group`];
				const list = property.typeOptions?.multipleValues ? entries : [entries];
				if (!Array.isArray(list)) return [`${path}.${key}: not a list`];
				return list.flatMap((entry: Record<string, unknown>, index: number) =>
					Object.entries(entry).flatMap(([field, fieldValue]) => {
						const inner = group.values.find((candidate) => candidate.name === field);
						return inner
							? problemsOf(inner, fieldValue, `${path}.${key}[${index}].${field}`)
							: [`${path}.${key}[${index}].${field}: no such field`];
					}),
				);
			});
		}
		case 'options': {
			const values = ((property.options ?? []) as INodePropertyOptions[]).map(
				(option) => option.value,
			);
			return values.includes(value as string)
				? []
				: [`${path}: ${JSON.stringify(value)} is not one of ${values.join(', ')}`];
		}
		case 'boolean':
			return typeof value === 'boolean'
				? []
				: [`${path}: ${JSON.stringify(value)} is not a boolean`];
		case 'number': {
			if (typeof value !== 'number') return [`${path}: ${JSON.stringify(value)} is not a number`];
			const { minValue = -Infinity, maxValue = Infinity } = property.typeOptions ?? {};
			return value >= minValue && value <= maxValue
				? []
				: [`${path}: ${value} is outside ${minValue}–${maxValue}`];
		}
		default:
			return typeof value === 'string' ? [] : [`${path}: ${JSON.stringify(value)} is not text`];
	}
}

/** Every parameter of a converted node that the description does not have. */
export function unknownParameters(node: {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}): string[] {
	const { resource, operation, ...rest } = node.parameters as Record<string, unknown> & {
		resource: string;
		operation: string;
	};
	const at = `"${node.name}" (${resource}/${operation})`;
	const resources = properties.find((property) => property.name === 'resource')!;
	if (!(resources.options as INodePropertyOptions[]).some((option) => option.value === resource)) {
		return [`${at}: no resource ${resource}`];
	}
	const operations = properties.find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	)!;
	if (
		!(operations.options as INodePropertyOptions[]).some((option) => option.value === operation)
	) {
		return [`${at}: no operation ${operation}`];
	}
	const shown = shownFor(resource, operation);
	return Object.entries(rest).flatMap(([name, value]) => {
		if (node.type === BROWSER_AGENT_TOOL_TYPE && TOOL_PARAMETERS.includes(name)) return [];
		const candidates = shown.filter((property) => property.name === name);
		if (candidates.length === 0) return [`${at}: no parameter ${name}`];
		// Several fields of one name (shown under other conditions): any that takes the value will do.
		const problems = candidates.map((property) => problemsOf(property, value, name));
		return (
			problems.find((list) => list.length === 0) ??
			problems[0].map((problem) => `${at}: ${problem}`)
		);
	});
}

/** Workflows that exercise every mapping: the fixtures, and single nodes with every option set. */
function workflows(): Array<{ label: string; workflow: unknown }> {
	const everyOption = {
		options: {
			device: 'Galaxy S9+',
			headers: {
				parameter: [
					{ name: 'user-agent', value: 'Bot' },
					{ name: 'X-A', value: '1' },
				],
			},
			proxyServer: 'localhost:8080',
			headless: false,
			pageCaching: false,
			timeout: 0,
			waitUntil: 'domcontentloaded',
			fileName: 'out/file.bin',
		},
	};
	return [
		...allFixtures()
			.filter(({ file }) => file !== 'no-puppeteer.json')
			.map(({ file, workflow }) => ({ label: file, workflow })),
		...(['getPageContent', 'getScreenshot', 'getPDF', 'runCustomScript'] as const).map(
			(operation) => ({
				label: `${operation} with every option`,
				workflow: workflowWith(
					puppeteerNode('Old', {
						operation,
						url: 'https://example.com',
						queryParameters: { parameters: [{ name: 'a', value: 'b' }] },
						imageType: 'webp',
						preferCSSPageSize: false,
						format: 'Tabloid',
						margin: { top: '2cm' },
						displayHeaderFooter: true,
						headerTemplate: '<span class="title"></span>',
						footerTemplate: '<span class="pageNumber"></span>',
						omitBackground: true,
						scale: 1.5,
						pageRanges: '1',
						scriptCode: 'return [{ ok: true }];',
						query: 'q',
						...everyOption,
					}),
				),
			}),
		),
		{
			label: 'a device Playwright lacks',
			workflow: workflowWith(
				puppeteerNode('Old', { url: 'https://example.com', options: { device: 'JioPhone 2' } }),
			),
		},
	];
}

describe('converted nodes against the Browser Agent node description', () => {
	for (const { label, workflow } of workflows()) {
		it(`${label}: only resources, operations, parameters and values the node has`, () => {
			const { workflow: converted } = convertWorkflow(workflow);
			const nodes = converted.nodes.filter((node) =>
				[BROWSER_AGENT_TYPE, BROWSER_AGENT_TOOL_TYPE].includes(node.type),
			);
			assert.ok(nodes.length > 0, 'something was converted');
			assert.deepEqual(nodes.flatMap(unknownParameters), []);
		});
	}

	it('the check itself finds a parameter, an option or a value the node does not have', () => {
		const node = (parameters: Record<string, unknown>) => ({
			name: 'N',
			type: BROWSER_AGENT_TYPE,
			parameters: { resource: 'page', operation: 'navigate', ...parameters },
		});
		assert.deepEqual(unknownParameters(node({ url: 'x' })), []);
		assert.deepEqual(unknownParameters(node({ nope: 1 })), [
			'"N" (page/navigate): no parameter nope',
		]);
		assert.deepEqual(unknownParameters(node({ options: { nope: 1 } })), [
			'"N" (page/navigate): options.nope: no such option',
		]);
		assert.match(unknownParameters(node({ waitUntil: 'soon' }))[0], /"soon" is not one of/);
		assert.deepEqual(unknownParameters(node({ operation: 'fly' })), [
			'"N" (page/fly): no operation fly',
		]);
	});
});
