/**
 * Extract Table, Extract List and Extract Attributes at scale, against the floor, measured in one
 * process and one run, in interleaved rounds on the same pages of one session:
 *   - floor: one evaluate that returns a JSON string of the cells' (fields') textContent, the
 *     least any extraction of that data can cost;
 *   - action: the action through the runner (SessionPool.run), output as Node objects;
 *   - new raw (table): the action's page function alone, with JSON.parse;
 *   - old raw: the page functions before issue 16 (innerText per cell, values through
 *     Playwright's serialiser), frozen below; the equality test compares with them too.
 * Prints medians, the spread (min–max) and the ratios. Timings are not test assertions.
 * Run: npx tsx bench/extract-table.ts [--rounds 15] [--rows 10000] [--items 10000]
 */
import assert from 'node:assert/strict';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright';
import { SessionPool, findExecutable, type SessionKey } from '../lib';
import type { ElementValues, JsonValue } from '../lib/actions/extractAttributes';
import type { FieldSpec } from '../lib/actions/extractList';
import { readTableGrid } from '../lib/actions/extractTable';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, numberArgument, timed } from './measure';

async function main() {
	const rounds = numberArgument('rounds', 15);
	const rowCount = numberArgument('rows', 10_000);
	const itemCount = numberArgument('items', 10_000);
	const site = await startFixtureSite();
	const pool = new SessionPool({
		browser: { mode: 'launch', executablePath: findExecutable() },
	});
	const startLoad = loadavg()[0];
	try {
		const tableKey: SessionKey = { owner: 'bench-extract', name: 'table' };
		const listKey: SessionKey = { owner: 'bench-extract', name: 'list' };
		await pool.run(tableKey, 'navigate', { url: `${site.url}/tables/wide?rows=${rowCount}` });
		await pool.run(listKey, 'navigate', { url: `${site.url}/cards/big?items=${itemCount}` });
		const pageOf = async (key: SessionKey): Promise<Page> =>
			(await pool.session(key))!.context.pages()[0];
		const tablePage = await pageOf(tableKey);
		const listPage = await pageOf(listKey);
		const table = tablePage.locator('#big').first();
		const cards = listPage.locator('#cards .card');
		const links = listPage.locator('#cards a.more');
		const fields = { title: '.title', price: '.price', link: 'a.more', href: 'a.more@href' };
		const specs: FieldSpec[] = [
			{ name: 'title', selector: '.title', attribute: null },
			{ name: 'price', selector: '.price', attribute: null },
			{ name: 'link', selector: 'a.more', attribute: null },
			{ name: 'href', selector: 'a.more', attribute: 'href' },
		];
		const names = { attributes: ['href', 'class'], properties: ['href', 'innerText'] };
		const attributesInput = { selector: '#cards a.more', ...names, all: true };

		const tableInput = { selector: '#big' };
		const tableFloor = () =>
			table.evaluate((element) => {
				const rows = (element as HTMLTableElement).rows;
				const out: Array<Array<string | null>> = [];
				for (let r = 0; r < rows.length; r++) {
					const cells = rows[r].cells;
					const texts: Array<string | null> = [];
					for (let c = 0; c < cells.length; c++) texts.push(cells[c].textContent);
					out.push(texts);
				}
				return JSON.stringify(out);
			});

		const cases: Record<string, Record<string, () => Promise<unknown>>> = {
			[`Extract Table ${rowCount} × 10`]: {
				floor: tableFloor,
				// The floor with its data in Node, as the action must have it.
				'floor + parse': async () => JSON.parse(await tableFloor()),
				action: () => pool.run(tableKey, 'extractTable', tableInput),
				'new raw': async () =>
					JSON.parse(await table.evaluate(readTableGrid, { headerMode: 'auto' as const })),
				'old raw': () => table.evaluate(legacyReadTableGrid, { headerMode: 'auto' as const }),
			},
			[`Extract List ${itemCount} items × 4 fields`]: {
				floor: () =>
					cards.evaluateAll(
						(items, specs) =>
							JSON.stringify(
								items.map((item) => {
									const values: Record<string, string | null> = {};
									for (const spec of specs) {
										const element = item.querySelector(spec.selector);
										values[spec.name] = spec.attribute
											? (element?.getAttribute(spec.attribute) ?? null)
											: (element?.textContent ?? null);
									}
									return values;
								}),
							),
						specs,
					),
				action: () => pool.run(listKey, 'extractList', { selector: '#cards .card', fields }),
				'old raw': () => cards.evaluateAll(legacyReadListItems, { specs, limit: null }),
			},
			[`Extract Attributes ${itemCount} links (href, class; href, innerText)`]: {
				floor: () =>
					links.evaluateAll((elements) =>
						JSON.stringify(
							elements.map((element) => ({
								attributes: {
									href: element.getAttribute('href'),
									class: element.getAttribute('class'),
								},
								properties: {
									href: (element as HTMLAnchorElement).href,
									innerText: element.textContent,
								},
							})),
						),
					),
				action: () => pool.run(listKey, 'extractAttributes', attributesInput),
				'old raw': () => links.evaluateAll(legacyReadElementValues, names),
			},
		};

		// The measured work is the same work: the actions' output equals the old functions'.
		const grid = await table.evaluate(legacyReadTableGrid, { headerMode: 'auto' as const });
		const tableRun = await pool.run<{ rows: Array<Record<string, string>> }>(
			tableKey,
			'extractTable',
			tableInput,
		);
		assert.deepEqual(
			tableRun.result.rows,
			grid.body
				.filter((row) => row.some((cell) => cell !== ''))
				.map((row) => Object.fromEntries(grid.headers.map((name, column) => [name, row[column]]))),
		);
		const listRun = await pool.run<{ items: unknown }>(listKey, 'extractList', {
			selector: '#cards .card',
			fields,
		});
		assert.deepEqual(
			listRun.result.items,
			((await cards.evaluateAll(legacyReadListItems, { specs, limit: null })) as { items: unknown })
				.items,
		);
		const attributesRun = await pool.run<{ matches: unknown }>(
			listKey,
			'extractAttributes',
			attributesInput,
		);
		assert.deepEqual(
			attributesRun.result.matches,
			await links.evaluateAll(legacyReadElementValues, names),
		);

		// A pause before each measurement lets the page finish what the last one left (idle-time
		// garbage collection); forcing a collection instead would also drop compiled code.
		const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

		const times = new Map<string, Map<string, number[]>>();
		for (let round = 0; round < rounds + 1; round++) {
			for (const [title, ways] of Object.entries(cases)) {
				const entries = Object.entries(ways);
				// A different order each round (rotated, and reversed every other round), so drift
				// and what ran just before hit every way alike.
				const shift = round % entries.length;
				const order = [...entries.slice(shift), ...entries.slice(0, shift)];
				if (round % 2) order.reverse();
				for (const [name, work] of order) {
					await settle();
					const took = await timed(work);
					if (round === 0) continue; // warm-up
					const byWay = times.get(title) ?? times.set(title, new Map()).get(title)!;
					byWay.set(name, [...(byWay.get(name) ?? []), took]);
				}
			}
		}

		console.log(
			`${rounds} interleaved rounds, load average ${startLoad.toFixed(2)} → ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`,
		);
		for (const [title, ways] of Object.entries(cases)) {
			const byWay = times.get(title)!;
			const floor = median(byWay.get('floor')!);
			console.log(`${title}:`);
			for (const name of Object.keys(ways)) {
				const values = byWay.get(name)!;
				const spread = `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
				console.log(
					`  ${name.padEnd(13)} median ${median(values).toFixed(1).padStart(7)} ms  (${spread} ms)  ${(median(values) / floor).toFixed(2)}× floor`,
				);
			}
			const action = median(byWay.get('action')!);
			const old = median(byWay.get('old raw')!);
			const newRaw = byWay.get('new raw');
			console.log(
				`  action / floor ${(action / floor).toFixed(2)}, old raw / action ${(old / action).toFixed(2)}` +
					(newRaw ? `, old raw / new raw ${(old / median(newRaw)).toFixed(2)}` : ''),
			);
		}
	} finally {
		await pool.shutdown();
		await site.close();
	}
}

// ---------------------------------------------------------------------------------------------
// The page functions as they were before issue 16, kept as the baseline (the equality test in
// test/lib/actions/extractEquality.test.ts compares the new ones with them). Do not change.

/** Extract Table's page function before issue 16 (self-contained, no named inner functions). */
export function legacyReadTableGrid(
	table: Element,
	{ headerMode }: { headerMode: 'auto' | 'firstRow' | 'none' },
) {
	if (!(table instanceof HTMLTableElement)) {
		throw new Error(`the selector matched a <${table.tagName.toLowerCase()}>, not a <table>`);
	}
	const rows = Array.from(table.rows).filter((row) => row.closest('table') === table);
	const grid: string[][] = [];
	const cellKinds: boolean[][] = []; // true where the cell is a <th>
	rows.forEach((row, rowIndex) => {
		grid[rowIndex] ??= [];
		cellKinds[rowIndex] ??= [];
		let column = 0;
		for (const cell of Array.from(row.cells)) {
			while (grid[rowIndex][column] !== undefined) column++;
			const text = ((cell as HTMLElement).innerText ?? cell.textContent ?? '')
				.replace(/\s+/g, ' ')
				.trim();
			const colSpan = Math.max(1, cell.colSpan || 1);
			// rowspan=0 means "to the end of the section".
			const sectionRows = cell.parentElement?.parentElement?.children.length ?? rows.length;
			const rowSpan = cell.rowSpan === 0 ? sectionRows : Math.max(1, cell.rowSpan || 1);
			for (let down = 0; down < rowSpan && rowIndex + down < rows.length; down++) {
				const target = (grid[rowIndex + down] ??= []);
				const kinds = (cellKinds[rowIndex + down] ??= []);
				for (let across = 0; across < colSpan; across++) {
					target[column + across] = text;
					kinds[column + across] = cell.tagName === 'TH';
				}
			}
			column += colSpan;
		}
	});
	const width = grid.reduce((max, row) => Math.max(max, row.length), 0);
	const filled = grid.map((row) => Array.from({ length: width }, (_, column) => row[column] ?? ''));

	let headerRowCount = 0;
	if (headerMode === 'firstRow') headerRowCount = Math.min(1, filled.length);
	else if (headerMode === 'auto') {
		const inHead = rows.filter((row) => row.parentElement?.tagName === 'THEAD').length;
		if (inHead > 0) headerRowCount = inHead;
		else
			while (headerRowCount < rows.length && cellKinds[headerRowCount].every(Boolean))
				headerRowCount++;
	}

	// Stacked header rows (a group over sub-columns) join top to bottom: "Status" over "Code" is "Status Code".
	const rawHeaders = Array.from({ length: width }, (_, column) => {
		const parts: string[] = [];
		for (let row = 0; row < headerRowCount; row++) {
			const part = filled[row][column];
			if (part && parts[parts.length - 1] !== part) parts.push(part);
		}
		return parts.join(' ') || `column${column + 1}`;
	});
	const seen = new Map<string, number>();
	const headers = rawHeaders.map((name) => {
		const count = (seen.get(name) ?? 0) + 1;
		seen.set(name, count);
		return count === 1 ? name : `${name}_${count}`;
	});
	return { headers, body: filled.slice(headerRowCount) };
}

/** Extract List's page function before issue 16. */
export function legacyReadListItems(
	elements: Element[],
	{ specs, limit }: { specs: FieldSpec[]; limit: number | null },
): { invalid: FieldSpec } | { total: number; items: Array<Record<string, string | null>> } {
	const probe = document.createDocumentFragment();
	for (const spec of specs) {
		try {
			if (spec.selector) probe.querySelector(spec.selector);
		} catch {
			return { invalid: spec };
		}
	}
	const items = elements.slice(0, limit ?? elements.length).map((item) => {
		const values: Record<string, string | null> = {};
		for (const spec of specs) {
			const element = spec.selector ? item.querySelector(spec.selector) : item;
			if (!element) values[spec.name] = null;
			else if (spec.attribute) values[spec.name] = element.getAttribute(spec.attribute);
			else
				values[spec.name] = ((element as HTMLElement).innerText ?? element.textContent ?? '')
					.replace(/\s+/g, ' ')
					.trim();
		}
		return values;
	});
	return { total: elements.length, items };
}

/** Extract Attributes' page function before issue 16. */
export function legacyReadElementValues(
	elements: Element[],
	names: { attributes: string[]; properties: string[] },
): ElementValues[] {
	return elements.map((element) => {
		const attributes: Record<string, string | null> = {};
		for (const name of names.attributes) attributes[name] = element.getAttribute(name);
		const properties: Record<string, JsonValue> = {};
		for (const path of names.properties) {
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
			else if (typeof value === 'number') properties[path] = Number.isFinite(value) ? value : null;
			else if (typeof value === 'string' || typeof value === 'boolean') properties[path] = value;
			else if (typeof value === 'bigint') properties[path] = String(value);
			else if (value instanceof DOMStringMap)
				properties[path] = { ...value } as Record<string, string>;
			else if (value instanceof Element)
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
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
