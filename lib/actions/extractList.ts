import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';
import { BrowserAgentError } from '../errors';
import { withPageHelpers } from './support/pageFunction';
import { createRenderedTextReader } from './support/renderedText';

/** One field of a list item: where to read it, relative to the item, and which attribute (text when none). */
export interface FieldSpec {
	name: string;
	/** CSS selector inside the item; '' = the item itself. */
	selector: string;
	/** Read this attribute instead of the text. */
	attribute: string | null;
}

const ATTRIBUTE_NAME = /^[A-Za-z_:][-\w:.]*$/;

/**
 * `name: ".title"` reads the text of the first `.title` in the item; `".more@href"` its href
 * attribute; `"@data-id"` an attribute of the item itself; `""` the item's own text.
 */
export function parseFieldSpec(name: string, spec: string): FieldSpec {
	const text = spec.trim();
	const at = text.lastIndexOf('@');
	if (at >= 0 && ATTRIBUTE_NAME.test(text.slice(at + 1))) {
		return {
			name,
			selector: normalizeSelf(text.slice(0, at).trim()),
			attribute: text.slice(at + 1),
		};
	}
	return { name, selector: normalizeSelf(text), attribute: null };
}

const normalizeSelf = (selector: string) =>
	selector === ':scope' || selector === '.' ? '' : selector;

export const extractList = defineAction({
	name: 'extractList',
	description:
		'Read repeated items (cards, rows, search results) into one object each, in one round trip: for every element the item selector matches, each field reads the text of a CSS selector inside the item, or an attribute with selector@attribute (@attribute alone: the item’s own attribute).',
	retryable: true,
	input: {
		selector: elementTarget.selector.describe(
			'The repeated item, e.g. .card or #results tr (Playwright selector).',
		),
		fields: z
			.record(
				z.string().trim().max(200, 'field names are at most 200 characters'),
				z
					.string()
					.max(2_000)
					.describe(
						'CSS selector inside the item (its text), selector@attribute, @attribute of the item itself, or empty for the item’s own text.',
					),
			)
			.refine(
				(fields) => Object.keys(fields).length > 0,
				'name at least one field, e.g. { "title": ".title", "link": "a@href" }',
			)
			.refine((fields) => !Object.hasOwn(fields, ''), 'every field needs a name')
			.refine((fields) => Object.keys(fields).length <= 100, 'at most 100 fields')
			.describe(
				'Field name → where to read it in each item: ".title" (text), "a.more@href" (attribute), "@data-id" (the item’s attribute).',
			),
		limit: z
			.number()
			.int()
			.min(1)
			.max(100_000)
			.optional()
			.describe('Read at most this many items (the first ones). Empty: all.'),
		allowEmpty: z
			.boolean()
			.default(false)
			.describe(
				'Return an empty list at once when no item matches, instead of waiting for one and failing.',
			),
	},
	async run(context, { selector, fields, limit, allowEmpty }) {
		const specs = Object.entries(fields).map(([name, spec]) => parseFieldSpec(name, spec));
		const items = context.scope.locator(selector);
		// One JSON string: far faster to bring to Node than many strings in Playwright's serialiser.
		const readItems = async () =>
			JSON.parse(
				await items.evaluateAll(readListItems, { specs, limit: limit ?? null }),
			) as ListRead;
		// Read at once, and wait for a first item only when there was none: waiting first would
		// make the page find the items twice, which on a long list costs as much as reading them.
		let read = await readItems();
		if (read.total === 0 && !allowEmpty) {
			await locate(context, { selector, index: 0 }).waitFor({
				state: 'attached',
				timeout: context.timeoutMs,
			});
			read = await readItems();
		}
		if ('invalid' in read) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`The selector of field "${read.invalid.name}" is not valid CSS: ${read.invalid.selector}`,
				{
					field: `fields.${read.invalid.name}`,
					advice: 'Field selectors are CSS inside the item, e.g. .title, a.more@href or @data-id.',
				},
			);
		}
		return { result: { count: read.items.length, total: read.total, items: read.items } };
	},
});

type ListRead =
	| { invalid: FieldSpec; total: number }
	| { total: number; items: Array<Record<string, string | null>> };

/**
 * Runs in the page (see withPageHelpers; self-contained, no named inner functions): the items as a
 * JSON string of a ListRead. Missing elements and attributes read as null; text is innerText with
 * whitespace folded, read by the rendered-text reader (textContent where that is provably the same).
 */
function readListItemsIn(
	elements: Element[],
	{ specs, limit }: { specs: FieldSpec[]; limit: number | null },
	createReader: typeof createRenderedTextReader,
): string {
	const probe = document.createDocumentFragment();
	for (const spec of specs) {
		try {
			if (spec.selector) probe.querySelector(spec.selector);
		} catch {
			const invalid: ListRead = { invalid: spec, total: elements.length };
			return JSON.stringify(invalid);
		}
	}
	const reader = createReader(document);
	const items = elements.slice(0, limit ?? elements.length).map((item) => {
		const values: Record<string, string | null> = {};
		for (const spec of specs) {
			const element = spec.selector ? item.querySelector(spec.selector) : item;
			if (!element) values[spec.name] = null;
			else if (spec.attribute) values[spec.name] = element.getAttribute(spec.attribute);
			else values[spec.name] = reader.folded(element);
		}
		return values;
	});
	const read: ListRead = { total: elements.length, items };
	return JSON.stringify(read);
}

const readListItems = withPageHelpers(readListItemsIn, createRenderedTextReader);
