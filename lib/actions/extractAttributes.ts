import { z } from 'zod';
import { defineAction, elementTarget, locate, type ActionOutput } from './action';
import { BrowserAgentError } from '../errors';
import { withPageHelpers } from './support/pageFunction';
import { createRenderedTextReader } from './support/renderedText';

export type JsonValue =
	| string
	| number
	| boolean
	| null
	| JsonValue[]
	| { [key: string]: JsonValue };

export interface ElementValues {
	/** HTML attributes as written in the page (null when missing). */
	attributes: Record<string, string | null>;
	/** DOM properties: live values such as innerText, value, checked, or href resolved to a full URL. */
	properties: Record<string, JsonValue>;
}

export type ExtractAttributesResult = ElementValues | { count: number; matches: ElementValues[] };

const ATTRIBUTE_NAME = /^[^\s"'<>/=\p{Cc}]+$/u;
const PROPERTY_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

export const extractAttributes = defineAction({
	name: 'extractAttributes',
	description:
		'Read named HTML attributes (as written, e.g. href="/cards/1", data-id) and DOM properties (live values, e.g. innerText, value, checked, href as a full URL) of the first or of every element a selector matches.',
	retryable: true,
	input: {
		...elementTarget,
		attributes: z
			.array(
				z
					.string()
					.trim()
					.regex(ATTRIBUTE_NAME, 'not an attribute name (e.g. href, data-id, aria-label)'),
			)
			.max(100)
			.default([])
			.describe(
				'HTML attribute names, e.g. ["href", "data-id"]. A missing attribute reads as null.',
			),
		properties: z
			.array(
				z
					.string()
					.trim()
					.regex(PROPERTY_PATH, 'not a property name (e.g. innerText, value, checked, dataset.id)'),
			)
			.max(100)
			.default([])
			.describe(
				'DOM property names, e.g. ["innerText", "value", "checked", "href"]; dotted paths like dataset.id work too.',
			),
		all: z
			.boolean()
			.default(false)
			.describe('Read every match (one entry each) instead of the first.'),
		allowEmpty: z
			.boolean()
			.default(false)
			.describe(
				'With all: return an empty list at once when nothing matches, instead of waiting for a match and failing.',
			),
	},
	async run(
		context,
		{ selector, index, attributes, properties, all, allowEmpty },
	): Promise<ActionOutput<ExtractAttributesResult>> {
		if (attributes.length === 0 && properties.length === 0) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'Name at least one attribute or property to read.',
				{
					field: 'attributes',
					advice:
						'Set "attributes" (e.g. href, data-id) and/or "properties" (e.g. innerText, value, checked).',
				},
			);
		}
		const names = { attributes, properties };
		// One page function for both cases: the first match is a one-element list.
		const matches = all
			? locate(context, { selector, index })
			: locate(context, { selector, index: index ?? 0 });
		// Usually one JSON string (far faster to bring to Node than many values in Playwright's
		// serialiser); the values themselves when one is -0, which JSON cannot carry.
		const readValues = async () => {
			const read = await matches.evaluateAll(readElementValues, names);
			return typeof read === 'string' ? (JSON.parse(read) as ElementValues[]) : read;
		};
		// Read at once, and wait for a match only when there was none: waiting first would make
		// the page find the matches twice, which on a long list costs as much as reading them.
		let values = await readValues();
		if (values.length === 0 && (!all || !allowEmpty)) {
			await matches.first().waitFor({ state: 'attached', timeout: context.timeoutMs });
			values = await readValues();
		}
		if (all) return { result: { count: values.length, matches: values } };
		if (!values[0])
			throw new BrowserAgentError(
				'ELEMENT_NOT_FOUND',
				`No element matches "${selector}" any more: the page changed while it was read.`,
				{ selector },
			);
		return { result: values[0] };
	},
});

/**
 * Runs in the page (see withPageHelpers; self-contained, no named inner functions). Property
 * values are made JSON-safe: lists (classList, files, labels) become arrays, dataset a plain
 * object, an element its outer HTML (cut at 200 characters), functions null. innerText is read by
 * the rendered-text reader (textContent where that is provably the same).
 */
function readElementValuesIn(
	elements: Element[],
	names: { attributes: string[]; properties: string[] },
	createReader: typeof createRenderedTextReader,
): string | ElementValues[] {
	const reader = names.properties.includes('innerText') ? createReader(document) : null;
	let negativeZero = false;
	const values = elements.map((element) => {
		const attributes: Record<string, string | null> = {};
		for (const name of names.attributes) attributes[name] = element.getAttribute(name);
		const properties: Record<string, JsonValue> = {};
		for (const path of names.properties) {
			const proven = path === 'innerText' && reader ? reader.unfolded(element) : null;
			if (proven !== null) {
				properties[path] = proven;
				continue;
			}
			let value: unknown = element;
			for (const key of path.split('.'))
				value =
					value === null || value === undefined
						? undefined
						: (value as Record<string, unknown>)[key];
			if (
				value === undefined ||
				value === null ||
				typeof value === 'function' ||
				typeof value === 'symbol'
			)
				properties[path] = null;
			else if (typeof value === 'number') {
				properties[path] = Number.isFinite(value) ? value : null;
				if (Object.is(value, -0)) negativeZero = true;
			} else if (typeof value === 'string' || typeof value === 'boolean') properties[path] = value;
			else if (typeof value === 'bigint') properties[path] = String(value);
			else if (value instanceof DOMStringMap) {
				const copy = { ...value } as Record<string, string>;
				// Playwright's serialiser dropped a "__proto__" key (data-__proto__); JSON.parse would keep it.
				delete copy['__proto__'];
				properties[path] = copy;
			} else if (value instanceof Element)
				properties[path] =
					value.outerHTML.length > 200 ? `${value.outerHTML.slice(0, 199)}…` : value.outerHTML;
			else if (
				typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' &&
				typeof (value as ArrayLike<unknown>).length === 'number'
			) {
				// Files by name, fields and options by value, other elements (labels…) by text.
				properties[path] = Array.from(
					value as Iterable<unknown>,
					(entry): JsonValue =>
						entry instanceof File
							? entry.name
							: entry instanceof Element
								? typeof (entry as HTMLInputElement).value === 'string'
									? (entry as HTMLInputElement).value
									: (entry.textContent ?? '').replace(/\s+/g, ' ').trim()
								: entry === null ||
									  typeof entry === 'string' ||
									  typeof entry === 'number' ||
									  typeof entry === 'boolean'
									? entry
									: String(entry),
				);
			} else properties[path] = String(value);
		}
		return { attributes, properties };
	});
	return negativeZero ? values : JSON.stringify(values);
}

const readElementValues = withPageHelpers(readElementValuesIn, createRenderedTextReader);
