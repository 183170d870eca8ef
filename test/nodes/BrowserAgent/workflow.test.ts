import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import {
	EXPECTED_TABLES,
	REPORT_CSV,
	REPORT_CSV_FILENAME,
} from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, getBinaryBuffer, runWorkflow } from '../../helpers/n8n-engine';
import { engineOptions, loadExample } from '../../helpers/workflows';

describe('example workflow “log in, pass the slider, export the report” in n8n’s engine', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('runs end to end on one shared session and produces rows, files and a screenshot', async () => {
		const result = await runWorkflow(
			loadExample('acme-finance-report.json', site.url),
			engineOptions(),
		);
		assertRunSucceeded(result);

		const sessionIds = new Set(
			['Open Login Page', 'Type Username', 'Sign In', 'Slide to Verify', 'Download Report'].map(
				(node) => result.items(node)[0].json.sessionId,
			),
		);
		assert.equal(
			sessionIds.size,
			1,
			'every node used the same session, with nothing wired between them',
		);

		const signIn = result.items('Sign In')[0].json;
		assert.match(String(signIn.url), /\/dashboard$/);
		assert.equal(signIn.sessionName, 'default');

		assert.equal(result.items('Read Slider Result')[0].json.text, 'Verified: you are human');

		const download = result.items('Download Report')[0];
		assert.equal(download.json.fileName, REPORT_CSV_FILENAME);
		assert.equal(download.binary!.report.mimeType, 'text/csv');
		assert.equal(download.binary!.report.fileName, REPORT_CSV_FILENAME);
		assert.equal((await getBinaryBuffer(download.binary!.report)).toString('utf8'), REPORT_CSV);

		const screenshot = result.items('Screenshot Downloads Page')[0].binary!.screenshot;
		assert.equal(screenshot.mimeType, 'image/png');
		assert.equal(screenshot.fileName, 'downloads-page.png');
		assert.equal(screenshot.fileExtension, 'png');
		assert.deepEqual(
			[...(await getBinaryBuffer(screenshot)).subarray(0, 4)],
			[0x89, 0x50, 0x4e, 0x47],
		);

		assert.deepEqual(
			result.items('Extract Transactions').map((item) => item.json),
			EXPECTED_TABLES.complex,
		);
		assert.deepEqual(
			result.items('Extract Transactions').map((item) => item.pairedItem),
			EXPECTED_TABLES.complex.map(() => ({ item: 0 })),
		);

		const closed = result.items('Close Session');
		assert.equal(closed.length, 1, 'Close Session runs once (executeOnce)');
		assert.equal(closed[0].json.state, 'completed');
		assert.equal(
			await sharedPool()
				.status({ owner: result.executionId })
				.then((status) => status?.state),
			'completed',
		);
	});
});
