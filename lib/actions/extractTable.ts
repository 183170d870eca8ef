import { z } from 'zod';
import { defineAction, locate } from './action';

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
		await table.waitFor({ state: 'attached', timeout: context.timeoutMs });
		// One round trip: the whole grid is computed inside the page.
		const grid = await table.evaluate(
			readTableGrid,
			{ headerMode: headers },
			{ timeout: context.timeoutMs },
		);
		const body = skipEmptyRows
			? grid.body.filter((row) => row.some((cell) => cell !== ''))
			: grid.body;
		const rows =
			output === 'arrays'
				? body
				: body.map((row) =>
						Object.fromEntries(grid.headers.map((name, column) => [name, row[column] ?? ''])),
					);
		return { result: { headers: grid.headers, rowCount: rows.length, rows } };
	},
});

/**
 * Runs in the page: Playwright sends its source text, so it must be self-contained, and it
 * declares no inner named functions (TypeScript runners such as tsx wrap those in a helper
 * that does not exist in the page).
 */
export function readTableGrid(
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
