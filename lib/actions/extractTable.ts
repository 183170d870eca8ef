import { z } from 'zod';
import { defineAction, locate } from './action';
import { withPageHelpers } from './support/pageFunction';
import { createRenderedTextReader } from './support/renderedText';

export const extractTable = defineAction({
	name: 'extractTable',
	description:
		'Read an HTML table into rows: headers from <thead>/<th> (or the first row, or none), colspan/rowspan expanded so every row has every column, whitespace folded.',
	retryable: true,
	input: {
		selector: z
			.string()
			.trim()
			.min(1)
			.default('table')
			.describe('The table (Playwright selector). Default: the first table.'),
		index: z.number().int().min(0).optional(),
		headers: z
			.enum(['auto', 'firstRow', 'none'])
			.default('auto')
			.describe(
				'auto: rows in <thead> or made only of <th>; firstRow: the first row; none: columns are named column1…N.',
			),
		output: z
			.enum(['objects', 'arrays'])
			.default('objects')
			.describe('objects: one object per row keyed by header; arrays: lists of cell texts.'),
		skipEmptyRows: z.boolean().default(true),
	},
	async run(context, { selector, index, headers, output, skipEmptyRows }) {
		// First match unless an index is given: "the table" is what a builder means by `table`.
		const table = locate(context, { selector, index: index ?? 0 });
		// One round trip: evaluate waits for the table to be attached (no separate wait: finding
		// the element again costs as much as reading a small table), computes the whole grid in
		// the page and returns it as one JSON string, which crosses to Node far faster than
		// 100 000 strings in Playwright's serialiser.
		const grid = JSON.parse(
			await table.evaluate(readTableGrid, { headerMode: headers }, { timeout: context.timeoutMs }),
		) as TableGrid;
		const body = skipEmptyRows
			? grid.body.filter((row) => row.some((cell) => cell !== ''))
			: grid.body;
		const rows = output === 'arrays' ? body : rowObjects(grid.headers, body);
		return { result: { headers: grid.headers, rowCount: rows.length, rows } };
	},
});

/** One object per row keyed by header, as Object.fromEntries makes them. */
function rowObjects(headers: string[], body: string[][]): Array<Record<string, string>> {
	// Assignment would set the prototype for a header named __proto__; fromEntries defines a key.
	if (headers.includes('__proto__'))
		return body.map((row) =>
			Object.fromEntries(headers.map((name, column) => [name, row[column] ?? ''])),
		);
	return body.map((row) => {
		const object: Record<string, string> = {};
		for (let column = 0; column < headers.length; column++)
			object[headers[column]] = row[column] ?? '';
		return object;
	});
}

export interface TableGrid {
	headers: string[];
	/** Body rows, each as wide as the widest row. */
	body: string[][];
}

/**
 * Runs in the page (see withPageHelpers): the table as a JSON string of its TableGrid. Cell text
 * is innerText with whitespace folded, read by the rendered-text reader (textContent where that
 * is provably the same). Self-contained, without inner named functions (TypeScript runners such
 * as tsx wrap those in a helper that does not exist in the page).
 */
function readTableGridIn(
	table: Element,
	{ headerMode }: { headerMode: 'auto' | 'firstRow' | 'none' },
	createReader: typeof createRenderedTextReader,
): string {
	if (!(table instanceof HTMLTableElement)) {
		throw new Error(`the selector matched a <${table.tagName.toLowerCase()}>, not a <table>`);
	}
	const reader = createReader(table.ownerDocument);
	// The rows of this table only (table.rows never holds a nested table's rows), those of
	// <thead> first.
	const rows = table.rows;
	const rowCount = rows.length;
	let inHead = 0;
	while (inHead < rowCount && rows[inHead].parentElement?.tagName === 'THEAD') inHead++;
	// Which cells are <th> matters only to find header rows when there is no <thead>.
	const needKinds = headerMode === 'auto' && inHead === 0;
	const grid: string[][] = [];
	const cellKinds: boolean[][] = []; // true where the cell is a <th>
	for (let rowIndex = 0; rowIndex < rowCount; rowIndex++) {
		const gridRow = (grid[rowIndex] ??= []);
		const kindsRow = (cellKinds[rowIndex] ??= []);
		const cells = rows[rowIndex].cells;
		let column = 0;
		for (let cellIndex = 0; cellIndex < cells.length; cellIndex++) {
			const cell = cells[cellIndex];
			while (gridRow[column] !== undefined) column++;
			const text = reader.folded(cell);
			const isHeader = needKinds && cell.tagName === 'TH';
			// A cell without attributes spans one row and one column.
			const spans = cell.hasAttributes();
			const colSpan = spans ? Math.max(1, cell.colSpan || 1) : 1;
			// rowspan=0 means "to the end of the section".
			const rowSpan = !spans
				? 1
				: cell.rowSpan === 0
					? (cell.parentElement?.parentElement?.children.length ?? rowCount)
					: Math.max(1, cell.rowSpan || 1);
			if (rowSpan === 1 && colSpan === 1) {
				gridRow[column] = text;
				if (needKinds) kindsRow[column] = isHeader;
				column++;
				continue;
			}
			for (let down = 0; down < rowSpan && rowIndex + down < rowCount; down++) {
				const target = (grid[rowIndex + down] ??= []);
				const kinds = (cellKinds[rowIndex + down] ??= []);
				for (let across = 0; across < colSpan; across++) {
					target[column + across] = text;
					kinds[column + across] = isHeader;
				}
			}
			column += colSpan;
		}
	}
	const width = grid.reduce((max, row) => Math.max(max, row.length), 0);
	// Holes (rows shorter than the widest, columns no cell covers) read as ''.
	const filled = grid.map((row) =>
		row.length === width && !row.includes(undefined as unknown as string)
			? row
			: Array.from({ length: width }, (_, column) => row[column] ?? ''),
	);

	let headerRowCount = 0;
	if (headerMode === 'firstRow') headerRowCount = Math.min(1, filled.length);
	else if (headerMode === 'auto') {
		if (inHead > 0) headerRowCount = inHead;
		else
			while (headerRowCount < rowCount && cellKinds[headerRowCount].every(Boolean))
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
	const result: TableGrid = { headers, body: filled.slice(headerRowCount) };
	return JSON.stringify(result);
}

/** The page function of Extract Table: the table's TableGrid as a JSON string. */
export const readTableGrid = withPageHelpers(readTableGridIn, createRenderedTextReader);
