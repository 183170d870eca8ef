import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	BIG_TABLE_HEADERS,
	EXPECTED_TABLES,
	bigTableRow,
} from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('extractTable', () => {
	let env: RunnerEnvironment;
	const key = { owner: 'extract-table-tests' };
	before(async () => {
		env = await startRunnerEnvironment();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
	});
	after(() => env.close());

	const rowsOf = async (input: Record<string, unknown>) =>
		(await env.pool.run<any>(key, 'extractTable', input)).result;

	it('reads a plain table keyed by its header', async () => {
		assert.deepEqual((await rowsOf({ selector: '#simple' })).rows, EXPECTED_TABLES.simple);
	});

	it('expands colspan and rowspan, joins stacked headers, makes duplicate headers unique, folds whitespace', async () => {
		const result = await rowsOf({ selector: '#complex' });
		assert.deepEqual(result.headers, [
			'Account',
			'Amount',
			'Status Code',
			'Status Note',
			'Amount_2',
		]);
		assert.deepEqual(result.rows, EXPECTED_TABLES.complex);
	});

	it('names columns column1…N when there is no header', async () => {
		assert.deepEqual((await rowsOf({ selector: '#headless' })).rows, EXPECTED_TABLES.headless);
	});

	it('takes the first row as header only when told to', async () => {
		assert.deepEqual(
			(await rowsOf({ selector: '#first-row-header', headers: 'firstRow' })).rows,
			EXPECTED_TABLES.firstRowHeader,
		);
		assert.deepEqual(
			(await rowsOf({ selector: '#first-row-header' })).rows,
			EXPECTED_TABLES.firstRowHeaderAsData,
		);
	});

	it('returns arrays of cells when asked', async () => {
		const result = await rowsOf({ selector: '#simple', output: 'arrays' });
		assert.deepEqual(
			result.rows,
			EXPECTED_TABLES.simple.map((row) => Object.values(row)),
		);
	});

	it('defaults to the first table on the page', async () => {
		assert.deepEqual((await rowsOf({})).rows, EXPECTED_TABLES.simple);
	});

	it('reads 10 000 rows completely and in order', async () => {
		const bigKey = { owner: 'extract-table-tests', name: 'big' };
		await env.pool.run(bigKey, 'navigate', { url: `${env.site.url}/tables/big?rows=10000` });
		const result = (await env.pool.run<any>(bigKey, 'extractTable', { selector: '#big' })).result;
		assert.deepEqual(result.headers, [...BIG_TABLE_HEADERS]);
		assert.equal(result.rowCount, 10_000);
		for (const i of [1, 2, 5_000, 9_999, 10_000])
			assert.deepEqual(result.rows[i - 1], bigTableRow(i));
	});

	it('says so when the selector is not a table, and when nothing matches', async () => {
		const notTable = await failureOf(env.pool.run(key, 'extractTable', { selector: 'h1' }));
		assert.equal(notTable.code, 'ACTION_FAILED');
		assert.match(notTable.message, /not a <table>/);
		const missing = await failureOf(
			env.pool.run(key, 'extractTable', { selector: '#nope', timeoutMs: 400 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
	});
});
