import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { INodeProperties } from 'n8n-workflow';
import {
	actionJsonSchema,
	getAction,
	OPERATION_ACTIONS,
	policySchema,
	sessionOptionsSchema,
	type OperationAlias,
} from '../../../lib';
import { BrowserAgent } from '../../../nodes/BrowserAgent/BrowserAgent.node.ts';
import { BrowserAgentApi } from '../../../credentials/BrowserAgentApi.credentials';
import { operationsOf } from '../../helpers/fuzz';

/** The parts of a JSON Schema property the editor can show: default, bounds, allowed values. */
interface SchemaField {
	type?: string;
	default?: unknown;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	exclusiveMaximum?: number;
	enum?: unknown[];
	minLength?: number;
	items?: SchemaField;
	anyOf?: SchemaField[];
}

interface ObjectSchema {
	properties: Record<string, SchemaField>;
	required?: string[];
}

/** zod's `.int()` bounds an integer by the safe-integer range: not a limit a person picks. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** A union (e.g. a number or an expression string) counts as its first branch that is not null. */
function flatten(field: SchemaField): SchemaField {
	if (!field.anyOf) return field;
	const branch = field.anyOf.find((member) => member.type !== 'null') ?? {};
	return { ...flatten(branch), ...(field.default !== undefined && { default: field.default }) };
}

function sameValues(left: unknown[], right: unknown[]): boolean {
	return (
		left.length === right.length && [...left].sort().join('\n') === [...right].sort().join('\n')
	);
}

/**
 * What a node field says differently from the schema field of the same name. Only what the
 * editor can state is compared: defaults, number bounds, allowed values and, for fields the
 * node always sends, required-ness.
 */
export function fieldMismatches(
	property: INodeProperties,
	raw: SchemaField,
	schemaRequired: boolean,
	topLevel: boolean,
): string[] {
	const field = flatten(raw);
	const found: string[] = [];
	const show = (value: unknown) => JSON.stringify(value);
	// A node field may hold a value of another kind that the operation converts (a comma list for a list): no default to compare.
	if (field.default !== undefined && sameKind(property.default, field.default)) {
		if (!isDeepStrictEqual(property.default, field.default))
			found.push(`default ${show(property.default)} ≠ schema ${show(field.default)}`);
	}
	if (property.type === 'number' && (field.type === 'number' || field.type === 'integer')) {
		const minValue = property.typeOptions?.minValue as number | undefined;
		const maxValue = property.typeOptions?.maxValue as number | undefined;
		const minimum =
			field.minimum !== undefined && field.minimum > -NO_LIMIT ? field.minimum : undefined;
		const maximum =
			field.maximum !== undefined && field.maximum < NO_LIMIT ? field.maximum : undefined;
		if (minValue !== minimum)
			found.push(`minValue ${show(minValue)} ≠ schema minimum ${show(minimum)}`);
		if (maxValue !== maximum)
			found.push(`maxValue ${show(maxValue)} ≠ schema maximum ${show(maximum)}`);
		if (
			field.exclusiveMinimum !== undefined &&
			!(minValue !== undefined && minValue > field.exclusiveMinimum)
		) {
			found.push(`minValue ${show(minValue)} allows the excluded ${field.exclusiveMinimum}`);
		}
		if (
			field.exclusiveMaximum !== undefined &&
			!(maxValue !== undefined && maxValue < field.exclusiveMaximum)
		) {
			found.push(`maxValue ${show(maxValue)} allows the excluded ${field.exclusiveMaximum}`);
		}
	}
	const allowed =
		property.type === 'options'
			? field.enum
			: property.type === 'multiOptions'
				? flatten(field.items ?? {}).enum
				: undefined;
	if (allowed) {
		const offered = (property.options ?? []).map((option) =>
			'value' in option ? option.value : undefined,
		);
		if (!sameValues(offered, allowed))
			found.push(`options ${show([...offered].sort())} ≠ schema ${show([...allowed].sort())}`);
	}
	// Options collections are never required. A top-level field shown for every use of its operation
	// is required exactly when the runner needs a value, unless its default always gives one.
	// (Fields shown only for one choice, e.g. Wait For's selector, are required only for it: the schema checks that.)
	if (topLevel && !conditional(property)) {
		const alwaysSent =
			property.default !== undefined && (property.default !== '' || (field.minLength ?? 0) === 0);
		if (property.required && !schemaRequired) found.push('required true ≠ schema false');
		if (!property.required && schemaRequired && !alwaysSent)
			found.push('required false ≠ schema true');
	}
	return found;
}

function sameKind(left: unknown, right: unknown): boolean {
	return typeof left === typeof right && Array.isArray(left) === Array.isArray(right);
}

/** Shown only for some values of other fields, beyond its resource and operation. */
function conditional(property: INodeProperties): boolean {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	return (
		Object.keys(show).some((name) => name !== 'resource' && name !== 'operation') ||
		Object.keys(hide).length > 0
	);
}

function isDeepStrictEqual(left: unknown, right: unknown): boolean {
	try {
		assert.deepStrictEqual(left, right);
		return true;
	} catch {
		return false;
	}
}

/** The input schema each operation's fields must agree with; undefined for operations that run no single action. */
function schemaFor(resource: string, operation: string): ObjectSchema | undefined {
	const alias = `${resource}.${operation}`;
	if (alias === 'session.open')
		return z.toJSONSchema(sessionOptionsSchema, { io: 'input' }) as ObjectSchema;
	if (!Object.hasOwn(OPERATION_ACTIONS, alias)) return undefined;
	return actionJsonSchema(OPERATION_ACTIONS[alias as OperationAlias]) as ObjectSchema;
}

/**
 * Known differences that stay, each with its reason. Key: `resource.operation.field`. Everything
 * else must agree.
 */
const ACCEPTED: Record<string, string> = {
	'page.emulateMedia.media':
		'"Unchanged" is the node’s way to leave a setting alone: the operation then omits the field.',
	'page.emulateMedia.colorScheme':
		'"Unchanged" is the node’s way to leave a setting alone: the operation then omits the field.',
	'page.emulateMedia.reducedMotion':
		'"Unchanged" is the node’s way to leave a setting alone: the operation then omits the field.',
	'mouse.wheel.deltaY':
		'Saved workflows that kept the node’s 300 rely on it (n8n saves no default values); the runner’s 0 lets a step scroll sideways only, with deltaX.',
	'network.blockRequests.resourceTypes':
		'Saved workflows that kept the node’s fonts, images and media rely on it; the runner’s empty list lets a step block by URL pattern alone.',
};

interface ParityReport {
	operations: number;
	fieldsChecked: number;
	mismatches: string[];
}

function nodeParity(accepted: Record<string, string> = ACCEPTED): ParityReport {
	const report: ParityReport = { operations: 0, fieldsChecked: 0, mismatches: [] };
	for (const { resource, operation, parameters, options } of operationsOf(
		new BrowserAgent().description,
	)) {
		const schema = schemaFor(resource, operation);
		if (!schema) continue;
		report.operations++;
		const fields = [
			...parameters.map((property) => ({ property, topLevel: true })),
			...options.map((property) => ({ property, topLevel: false })),
		];
		for (const { property, topLevel } of fields) {
			const schemaField = schema.properties[property.name];
			if (!schemaField) continue;
			report.fieldsChecked++;
			const key = `${resource}.${operation}.${property.name}`;
			if (Object.hasOwn(accepted, key)) continue;
			const required = (schema.required ?? []).includes(property.name);
			for (const mismatch of fieldMismatches(property, schemaField, required, topLevel))
				report.mismatches.push(`${key}: ${mismatch}`);
		}
	}
	return report;
}

describe('Node fields agree with the runner schemas', () => {
	it('every field of every operation states the default, limits, choices and required-ness of its schema field', (t) => {
		const report = nodeParity();
		t.diagnostic(
			`${report.operations} operations, ${report.fieldsChecked} fields checked, ${report.mismatches.length} mismatches`,
		);
		// Every operation but the four session bookkeeping ones and Run Steps runs one schema.
		assert.equal(report.operations, 62);
		assert.ok(report.fieldsChecked >= 150, `only ${report.fieldsChecked} fields checked`);
		assert.deepEqual(report.mismatches, [], report.mismatches.join('\n'));
	});

	it('accepts a difference only where the check still finds one, so a mended field leaves the list', () => {
		const reported = new Set(
			nodeParity({}).mismatches.map((mismatch) => mismatch.slice(0, mismatch.indexOf(':'))),
		);
		for (const key of Object.keys(ACCEPTED))
			assert.ok(reported.has(key), `${key} agrees with its schema now: remove it from ACCEPTED`);
	});

	it('the API credential’s quota defaults, limits and URL schemes are the policy’s', () => {
		const schema = z.toJSONSchema(policySchema, { io: 'input' }) as ObjectSchema;
		const mismatches: string[] = [];
		let checked = 0;
		for (const property of new BrowserAgentApi().properties) {
			const schemaField = schema.properties[property.name];
			if (!schemaField || !['number', 'multiOptions', 'boolean'].includes(property.type)) continue;
			checked++;
			// A credential field is never required: empty means the policy's default.
			for (const mismatch of fieldMismatches(property, schemaField, false, false))
				mismatches.push(`credential.${property.name}: ${mismatch}`);
		}
		assert.equal(checked, 5, 'allowedSchemes, allowCustomScript and the three quotas');
		assert.deepEqual(mismatches, []);
	});
});

describe('The operation ↔ action alias table', () => {
	it('names exactly the node operations that run one action, each with an action that exists', () => {
		const runOneAction = operationsOf(new BrowserAgent().description)
			.map(({ resource, operation }) => `${resource}.${operation}`)
			// Session bookkeeping, Run Steps and the AI operations (a model's loop) run no single action.
			.filter(
				(alias) =>
					!alias.startsWith('session.') && !alias.startsWith('ai.') && alias !== 'script.runSteps',
			);
		assert.deepEqual(Object.keys(OPERATION_ACTIONS).sort(), runOneAction.sort());
		for (const [alias, action] of Object.entries(OPERATION_ACTIONS))
			assert.equal(getAction(alias), getAction(action), alias);
	});
});

describe('The parity check itself', () => {
	it('reports a different default, missing or different limits, other choices and required-ness', () => {
		const schemaField: SchemaField = { type: 'integer', default: 0, minimum: 0, maximum: 5000 };
		const property: INodeProperties = {
			displayName: 'Count',
			name: 'count',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0 },
		};
		assert.deepEqual(fieldMismatches(property, schemaField, false, false), [
			'default 1 ≠ schema 0',
			'maxValue undefined ≠ schema maximum 5000',
		]);
		const choice: INodeProperties = {
			displayName: 'Policy',
			name: 'policy',
			type: 'options',
			default: 'accept',
			required: true,
			options: [{ name: 'OK', value: 'accept' }],
		};
		assert.deepEqual(
			fieldMismatches(choice, { type: 'string', enum: ['accept', 'dismiss'] }, false, true),
			['options ["accept"] ≠ schema ["accept","dismiss"]', 'required true ≠ schema false'],
		);
		const list: INodeProperties = {
			displayName: 'Types',
			name: 'types',
			type: 'multiOptions',
			default: [],
			options: [{ name: 'Image', value: 'image' }],
		};
		assert.deepEqual(
			fieldMismatches(
				list,
				{ type: 'array', default: [], items: { type: 'string', enum: ['image', 'font'] } },
				false,
				false,
			),
			['options ["image"] ≠ schema ["font","image"]'],
		);
	});

	it('finds nothing to report where node and schema agree, and ignores the safe-integer range of .int()', () => {
		const property: INodeProperties = {
			displayName: 'Index',
			name: 'index',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
		};
		assert.deepEqual(
			fieldMismatches(
				property,
				{ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
				false,
				false,
			),
			[],
		);
	});
});
