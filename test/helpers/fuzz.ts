import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

/**
 * Hostile parameter sets for the fuzz test: for each operation of the node (read from its
 * description, so operations added later are covered too), a sensible base set of parameters
 * with one to three of them replaced by something hostile. Deterministic for a seed.
 */

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface Operation {
	resource: string;
	operation: string;
	/** Top-level parameters the editor shows for this operation (first definition of each name). */
	parameters: INodeProperties[];
	/** The Options collection's entries. */
	options: INodeProperties[];
}

/** Every resource/operation pair of a node description, with the parameters each shows. */
export function operationsOf(description: INodeTypeDescription): Operation[] {
	const result: Operation[] = [];
	for (const selector of description.properties.filter(
		(property) => property.name === 'operation',
	)) {
		for (const resource of (selector.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of selector.options ?? []) {
				if (!('value' in option)) continue;
				const operation = String(option.value);
				const shown = description.properties.filter((property) => {
					const show = property.displayOptions?.show;
					return (
						show?.resource?.includes(resource) &&
						show?.operation?.includes(operation) &&
						property.name !== 'operation'
					);
				});
				const parameters: INodeProperties[] = [];
				for (const property of shown)
					if (
						property.name !== 'options' &&
						!parameters.some((known) => known.name === property.name)
					)
						parameters.push(property);
				const options = (shown.find((property) => property.name === 'options')?.options ??
					[]) as INodeProperties[];
				result.push({ resource, operation, parameters, options });
			}
		}
	}
	return result;
}

const MEGABYTE = 'x'.repeat(1_000_000);

/** Strings that break parsers, selectors, URLs, file names and object keys. */
export const HOSTILE_STRINGS: unknown[] = [
	'',
	' ',
	'#',
	'//[',
	'>>>',
	'>> >>',
	'"',
	"'",
	'a"b\'c',
	"[name='x",
	'div:has(',
	'text=',
	'xpath=',
	'role=button[name="',
	'internal:control=enter-frame',
	'\u0000',
	'a\u0000b',
	'\u202eRTL override\u202c',
	'שלום עולם',
	'👍🏽👨‍👩‍👧🏳️‍🌈',
	'𝕏\uD800',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	'javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'file:///etc/passwd',
	'chrome://settings',
	'about:blank',
	'http://',
	'http://[::1',
	'https://%%%/',
	'http://127.0.0.1:1/',
	'ftp://example.com/x',
	'../../../etc/passwd',
	'C:\\Windows\\win.ini',
	'__proto__',
	'constructor',
	'prototype',
	'{"__proto__":{"polluted":1}}',
	'[{"__proto__":{"polluted":1}}]',
	'{"constructor":{"prototype":{"polluted":1}}}',
	'{{ $json }}',
	'={{ 7 * 7 }}',
	'${7*7}',
	'%00%2e%2e%2f',
	'\n\r\t',
	'NaN',
	'-1',
	'1e309',
	'null',
	'[]',
	'{}',
	'[1, 2',
	'a'.repeat(10_001),
	MEGABYTE,
];

/** Values of the wrong type, and numbers no parameter should accept. */
export const HOSTILE_VALUES: unknown[] = [
	null,
	true,
	false,
	0,
	-1,
	-0,
	0.5,
	-123456789,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	Number.NEGATIVE_INFINITY,
	1e12,
	2 ** 53 + 1,
	Number.MAX_VALUE,
	[],
	[1, 'two', null],
	{},
	JSON.parse('{"__proto__":{"polluted":1}}'),
	{ constructor: { prototype: { polluted: 1 } } },
	{ toString: 'not a function', valueOf: 1 },
	nested(200),
];

function nested(depth: number): unknown {
	let value: unknown = 'deep';
	for (let level = 0; level < depth; level++) value = { a: [value] };
	return value;
}

/** Timeouts: invalid ones, and valid but short ones, so waits stay bounded. */
const HOSTILE_TIMEOUTS: unknown[] = [
	-1,
	0,
	-0,
	0.5,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	-Number.MAX_VALUE,
	1e12,
	2 ** 53,
	'500',
	'soon',
	null,
	[],
	{},
	1,
	50,
];

/** JSON for batch mode that is not a list of steps, or a list of hostile steps. */
const HOSTILE_STEPS: unknown[] = [
	'{"action":"navigate"}',
	'"navigate"',
	'42',
	'null',
	'[',
	'[null, 1, "x"]',
	'[{"action":"__proto__"}]',
	'[{"action":"constructor"}]',
	'[{"action":"toString"}]',
	'[{"action":"navigate","url":"javascript:alert(1)","timeoutMs":500}]',
	'[{"action":"navigate","url":"file:///etc/passwd","timeoutMs":500}]',
	'[{"action":"click","selector":"//[","timeoutMs":500}]',
	'[{"action":"fill","selector":"#name","value":"x","__proto__":{"polluted":1}}]',
	'[{"action":"extractText","selector":"#name","timeoutMs":-5}]',
	JSON.stringify(Array.from({ length: 2_000 }, () => ({ action: 'getPageInfo' }))),
	{ action: 'navigate' },
	[{ action: 'click', selector: 12 }],
	MEGABYTE,
];

export interface ParameterSet {
	/** Top-level parameters (without resource/operation) and the Options collection. */
	parameters: Record<string, unknown>;
	/** What was made hostile, for the failure message. */
	mutated: string[];
}

/** A valid-looking value for a parameter, so the hostile ones are checked past the first field. */
function baseValue(
	property: INodeProperties,
	siteUrl: string,
	pick: <T>(values: T[]) => T,
): unknown {
	if (property.name === 'timeoutMs') return 500;
	if (/selector/i.test(property.name)) return '#name';
	if (/url/i.test(property.name) && property.type === 'string') return `${siteUrl}/form`;
	if (property.type === 'options' && property.options?.length) {
		const values = property.options
			.filter((option) => 'value' in option)
			.map((option) => (option as { value: unknown }).value);
		return values.length ? pick(values) : property.default;
	}
	if (property.type === 'multiOptions' && property.options?.length) return [];
	return property.default;
}

function hostileValue(
	property: INodeProperties,
	pick: <T>(values: T[]) => T,
	random: () => number,
): unknown {
	if (property.name === 'timeoutMs') return pick(HOSTILE_TIMEOUTS);
	if (property.type === 'json') return pick([...HOSTILE_STEPS, ...HOSTILE_STRINGS.slice(0, 20)]);
	if (property.type === 'fixedCollection' || property.type === 'collection') {
		// A collection whose entries are hostile: right shape, wrong contents, or the wrong shape altogether.
		const names = (
			(property.options ?? []) as Array<INodePropertyCollection | INodeProperties>
		).map((option) => option.name);
		if (names.length && random() < 0.6) {
			const inner = Object.fromEntries([
				[
					pick(names),
					pick([
						...HOSTILE_VALUES,
						[pick(HOSTILE_VALUES)],
						[{ name: pick(HOSTILE_STRINGS), value: pick(HOSTILE_STRINGS) }],
					]),
				],
			]);
			return inner;
		}
		return pick(HOSTILE_VALUES);
	}
	return random() < 0.6 ? pick(HOSTILE_STRINGS) : pick(HOSTILE_VALUES);
}

/** `count` parameter sets for one operation. */
export function parameterSets(
	operation: Operation,
	count: number,
	random: () => number,
	siteUrl: string,
): ParameterSet[] {
	const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
	const sets: ParameterSet[] = [];
	for (let index = 0; index < count; index++) {
		const parameters: Record<string, unknown> = {};
		for (const property of operation.parameters)
			parameters[property.name] = baseValue(property, siteUrl, pick);
		const options: Record<string, unknown> = { timeoutMs: 500 };
		for (let extra = Math.floor(random() * 3); extra > 0 && operation.options.length; extra--) {
			const option = pick(operation.options);
			if (option.name !== 'sessionName' && option.name !== 'retries')
				options[option.name] = baseValue(option, siteUrl, pick);
		}
		const mutated: string[] = [];
		const candidates: Array<{ property: INodeProperties; inOptions: boolean }> = [
			...operation.parameters.map((property) => ({ property, inOptions: false })),
			...operation.options.map((property) => ({ property, inOptions: true })),
		];
		for (
			let mutations = 1 + Math.floor(random() * 3);
			mutations > 0 && candidates.length;
			mutations--
		) {
			const { property, inOptions } = pick(candidates);
			// A hostile session name opens one more browser context per item; a few are plenty.
			if (property.name === 'sessionName' && random() < 0.7) continue;
			const value = hostileValue(property, pick, random);
			if (inOptions) options[property.name] = value;
			else parameters[property.name] = value;
			mutated.push(`${inOptions ? 'options.' : ''}${property.name}`);
		}
		// Valid retries stay small: each retry waits for the timeout again.
		if (
			options.retries !== undefined &&
			typeof options.retries === 'number' &&
			options.retries > 1 &&
			options.retries <= 10
		)
			options.retries = 1;
		parameters.options = options;
		sets.push({ parameters, mutated });
	}
	return sets;
}

/** A short, printable form of a parameter set for failure messages. */
export function describeSet(set: ParameterSet): string {
	const text = JSON.stringify(set.parameters, (_key, value: unknown) => {
		if (typeof value === 'string' && value.length > 60)
			return `${value.slice(0, 40)}…(${value.length} chars)`;
		if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
		return value;
	});
	return `${text} (hostile: ${set.mutated.join(', ') || 'none'})`;
}
