/**
 * Issue 16: Extract Table, Extract List and Extract Attributes read text with textContent where
 * that is provably what innerText gives, and return one JSON string. Their output must be exactly
 * what it was. This compares, on every fixture page:
 *   - every element's proven text (the reader's fast path) with innerText, folded and as it is;
 *   - the actions' results with the page functions before issue 16 (kept in the bench);
 * and on the edge-case page (/tables/edge) every BMP character in the positions where the
 * browser's whitespace processing could differ from folding.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import {
	legacyReadElementValues,
	legacyReadListItems,
	legacyReadTableGrid,
} from '../../../bench/extract-table';
import { parseFieldSpec } from '../../../lib/actions/extractList';
import { readTableGrid, type TableGrid } from '../../../lib/actions/extractTable';
import { createRenderedTextReader } from '../../../lib/actions/support/renderedText';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** Pages of the fixture site that render without a login or a click (and do not navigate away). */
const PAGES = [
	'/',
	'/login',
	'/login-2fa',
	'/slider',
	'/tables',
	'/tables/big?rows=300',
	'/tables/wide?rows=300',
	'/tables/edge',
	'/tables/edge-plain',
	'/downloads',
	'/late?ms=0',
	'/form',
	'/echo',
	'/tabs',
	'/popup',
	'/frames',
	'/dialogs',
	'/api-page',
	'/slow-fetch?ms=0',
	'/heavy',
	'/cards',
	'/cards/big?items=300',
	'/cards/1',
	'/escape/landed',
	'/no-such-page',
];

interface Mismatch {
	element: string;
	proven: string;
	innerText: string;
}

/**
 * Runs in the page: every element (open shadow trees too) whose text the reader proves, checked
 * against innerText, folded and unfolded. Returns the mismatches and how many elements were proven.
 */
function checkEveryElement(
	root: Document,
	createReader: typeof createRenderedTextReader,
): { elements: number; proven: number; unfolded: number; mismatches: Mismatch[] } {
	const reader = createReader(root);
	const elements: Element[] = [];
	const trees: Array<Document | ShadowRoot> = [root];
	while (trees.length > 0) {
		for (const element of Array.from(trees.pop()!.querySelectorAll('*'))) {
			elements.push(element);
			if (element.shadowRoot) trees.push(element.shadowRoot);
		}
	}
	const mismatches: Mismatch[] = [];
	let proven = 0;
	let unfolded = 0;
	for (const element of elements) {
		const innerText = (element as HTMLElement).innerText ?? element.textContent ?? '';
		const folded = innerText.replace(/\s+/g, ' ').trim();
		const name = `${element.localName}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ').join('.')}` : ''}`;
		const text = reader.provenText(element);
		if (text !== null) {
			proven++;
			if (text !== folded) mismatches.push({ element: name, proven: text, innerText: folded });
		}
		const raw = reader.unfolded(element);
		if (raw !== null) {
			unfolded++;
			if (raw !== innerText)
				mismatches.push({ element: `${name} (unfolded)`, proven: raw, innerText });
		}
		if (reader.folded(element) !== folded)
			mismatches.push({
				element: `${name} (folded)`,
				proven: reader.folded(element),
				innerText: folded,
			});
	}
	return { elements: elements.length, proven, unfolded, mismatches };
}

/**
 * The code points the character test puts beside spaces and line breaks: every one of the BMP
 * with EXTRACT_EVERY_CHARACTER=1 (about a minute per white-space mode: the browser has to lay out
 * 65 536 glyphs); else all controls, spaces, format characters, combining marks, East Asian
 * punctuation and forms, specials, some lone surrogates, and every 101st code point.
 */
function characterCodes(): number[] {
	if (process.env.EXTRACT_EVERY_CHARACTER === '1')
		return Array.from({ length: 0x10000 }, (_, code) => code);
	const codes = new Set<number>();
	const range = (from: number, to: number, step = 1) => {
		for (let code = from; code <= to; code += step) codes.add(code);
	};
	range(0x0000, 0x036f); // controls, Latin-1 (nbsp, soft hyphen), combining marks
	range(0x1100, 0x11ff); // Hangul Jamo
	range(0x1680, 0x1680);
	range(0x180e, 0x180e);
	range(0x2000, 0x206f); // spaces, zero-width characters, bidi controls, separators
	range(0x3000, 0x30ff); // ideographic space, CJK punctuation, kana
	range(0xd800, 0xdfff, 64); // lone surrogates
	range(0xfe00, 0xfe0f); // variation selectors
	range(0xfeff, 0xffff); // BOM, full- and half-width forms, specials
	range(0, 0xffff, 101);
	return [...codes];
}

/**
 * Runs in the page: each code point in patterns around spaces and line breaks, as list items in
 * each white-space mode; returns where the reader's proven text is not innerText folded.
 */
function foldCharacters(codes: number[], createReader: typeof createRenderedTextReader): string[] {
	const reader = createReader(document);
	const patterns = [
		'a{c}b',
		'a {c} b',
		'{c}a',
		'a{c}',
		'a\n{c}\nb',
		'x\n{c}',
		'{c}\nx',
		'\n{c} x',
		'中\n{c}',
		'{c}\n中',
	];
	const mismatches: string[] = [];
	for (const mode of ['normal', 'pre', 'pre-line', 'nowrap']) {
		const table = document.createElement('table');
		table.style.whiteSpace = mode;
		const body = table.createTBody();
		for (const code of codes) {
			const row = body.insertRow();
			for (const pattern of patterns)
				row.insertCell().textContent = pattern.replace('{c}', String.fromCharCode(code));
		}
		document.body.append(table);
		for (const cell of Array.from(table.querySelectorAll('td'))) {
			const proven = reader.provenText(cell);
			const folded = cell.innerText.replace(/\s+/g, ' ').trim();
			if (proven !== null && proven !== folded)
				mismatches.push(
					`${mode} ${JSON.stringify(cell.textContent)}: ${JSON.stringify(proven)} vs ${JSON.stringify(folded)}`,
				);
		}
		table.remove();
	}
	return mismatches;
}

describe('extract actions read what innerText reads (issue 16)', () => {
	let env: RunnerEnvironment;
	const key = { owner: 'extract-equality-tests' };
	let page: Page;
	before(async () => {
		env = await startRunnerEnvironment();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/` });
		page = await env.page(key);
	});
	after(() => env.close());

	const open = async (path: string) => {
		await page.goto(`${env.site.url}${path}`, { waitUntil: 'load' });
	};
	const checkPage = () =>
		page.evaluate(`(${checkEveryElement})(document, ${createRenderedTextReader})`) as Promise<
			ReturnType<typeof checkEveryElement>
		>;

	it('proves only text that innerText gives, on every element of every fixture page', async () => {
		let proven = 0;
		for (const path of PAGES) {
			await open(path);
			const check = await checkPage();
			assert.deepEqual(check.mismatches, [], `${path}: proven text differs from innerText`);
			proven += check.proven;
		}
		assert.ok(proven > 4_000, `the fast path was taken ${proven} times`);
	});

	it('proves the plain cells of the big tables (the fast path is not silently off)', async () => {
		await open('/tables/wide?rows=300');
		const cells = await page.evaluate(
			`(() => { const reader = (${createRenderedTextReader})(document);
				const cells = Array.from(document.querySelectorAll('#big td, #big th'));
				return [cells.length, cells.filter((cell) => reader.provenText(cell) !== null).length]; })()`,
		);
		assert.deepEqual(cells, [3010, 3010]);
	});

	it('falls back to innerText where CSS, markup or shadow trees change the text', async () => {
		await open('/tables/edge');
		const fallbacks = (await page.evaluate(
			`(() => { const reader = (${createRenderedTextReader})(document);
				return Array.from(document.querySelectorAll('td, th, li, a, b, dt, dd'))
					.filter((element) => reader.provenText(element) === null)
					.map((element) => element.textContent.replace(/\\s+/g, ' ').trim()); })()`,
		)) as string[];
		for (const text of [
			'first linesecond line', // <br>
			'onetwo', // block children
			'xinz', // an inline element made a block by a class
			'upper cell', // text-transform from a class
			'upper row', // …inherited from the row
			'from the container', // …inherited from outside the table
			'initial', // ::first-letter
			'secret', // -webkit-text-security
			'nested upper', // a nested rule (&)
			'animated', // a running animation of visibility
			'skipped section', // content-visibility: hidden on the tbody
			'collapsed row', // visibility: collapse
			'zero\u200b width', // a line break beside a zero-width space
			'東京 大阪', // a line break between East Asian characters
			'light text', // a span that hosts a closed shadow root
			'through a slot', // a table slotted into a shadow tree that styles it
			'below the fold', // content-visibility: auto, skipped
		])
			assert.ok(fallbacks.includes(text), `"${text}" should be read with innerText`);
	});

	it('folds characters as innerText does, in every white-space mode', async () => {
		await open('/tables/edge');
		const mismatches = await page.evaluate(
			`(${foldCharacters})(${JSON.stringify(characterCodes())}, ${createRenderedTextReader})`,
		);
		assert.deepEqual(mismatches, []);
	});

	it('reads every fixture table as before, in every header mode and through the action', async () => {
		for (const path of PAGES) {
			await open(path);
			const tables = await page.locator('table').count();
			for (let index = 0; index < tables; index++) {
				const table = page.locator('table').nth(index);
				for (const headerMode of ['auto', 'firstRow', 'none'] as const) {
					const before = await table.evaluate(legacyReadTableGrid, { headerMode });
					const now = JSON.parse(await table.evaluate(readTableGrid, { headerMode })) as TableGrid;
					assert.deepEqual(now, before, `${path} table ${index} (${headerMode})`);
				}
			}
		}
		// Through the runner: the Node side (empty rows, objects, arrays) is unchanged too.
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables/edge` });
		const tables = await page.locator('table').count();
		for (let index = 0; index < tables; index++) {
			const before = await page
				.locator('table')
				.nth(index)
				.evaluate(legacyReadTableGrid, { headerMode: 'auto' as const });
			for (const skipEmptyRows of [true, false]) {
				const body = skipEmptyRows
					? before.body.filter((row) => row.some((cell) => cell !== ''))
					: before.body;
				for (const output of ['objects', 'arrays'] as const) {
					const run = await env.pool.run<any>(key, 'extractTable', {
						selector: 'table',
						index,
						output,
						skipEmptyRows,
					});
					assert.deepEqual(run.result, {
						headers: before.headers,
						rowCount: body.length,
						rows:
							output === 'arrays'
								? body
								: body.map((row) =>
										Object.fromEntries(before.headers.map((name, column) => [name, row[column]])),
									),
					});
				}
			}
		}
	});

	it('reads every fixture list and attribute as before', async () => {
		const fields = {
			self: '',
			firstChild: ':scope > *',
			link: 'a',
			href: 'a@href',
			title: '.title',
			id: '@id',
			cell: 'td',
			missing: '.no-such-class',
		};
		const specs = Object.entries(fields).map(([name, spec]) => parseFieldSpec(name, spec));
		const names = {
			attributes: ['id', 'class', 'href', 'data-id', 'missing'],
			properties: [
				'innerText',
				'textContent',
				'value',
				'valueAsNumber',
				'checked',
				'dataset',
				'classList',
				'href',
				'children.length',
				'labels',
			],
		};
		const lists: Array<[string, string]> = [
			['/cards', '#cards .card'],
			['/cards/big?items=300', '#cards .card'],
			['/tables', '#simple tbody tr'],
			['/tables/edge', '#edge-list li.row'],
			['/tables/edge', '#edge-attributes .attr'],
			...PAGES.map((path): [string, string] => [path, 'body *']),
		];
		for (const [path, selector] of lists) {
			await env.pool.run(key, 'navigate', { url: `${env.site.url}${path}` });
			const items = page.locator(selector);
			const listBefore = await items.evaluateAll(legacyReadListItems, { specs, limit: null });
			const list = await env.pool.run<any>(key, 'extractList', {
				selector,
				fields,
				allowEmpty: true,
			});
			assert.ok('items' in listBefore);
			assert.deepEqual(
				list.result,
				{ count: listBefore.items.length, total: listBefore.total, items: listBefore.items },
				`${path} ${selector}: list`,
			);
			const valuesBefore = await items.evaluateAll(legacyReadElementValues, names);
			const values = await env.pool.run<any>(key, 'extractAttributes', {
				selector,
				...names,
				all: true,
				allowEmpty: true,
			});
			assert.deepEqual(
				values.result,
				{ count: valuesBefore.length, matches: valuesBefore },
				`${path} ${selector}: attributes`,
			);
		}
	});
});
