import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pdf } from '../../../lib/actions/pdf';
import type { ActionContext } from '../../../lib/actions/action';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** Pages of a Chromium-printed PDF, and the size of the first in points (1/72 inch). */
function pdfLayout(bytes: Buffer) {
	const text = bytes.toString('latin1');
	const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
	assert.ok(box, 'the PDF has a MediaBox');
	return {
		pages: text.match(/\/Type\s*\/Page\b/g)?.length ?? 0,
		width: Math.round(Number(box[1])),
		height: Math.round(Number(box[2])),
	};
}

describe('pdf', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('prints the page to an A4 PDF file by default', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const run = await env.pool.run<any>(key, 'pdf', {});
		const [file] = run.files;
		assert.equal(file.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.equal(file.kind, 'pdf');
		assert.equal(file.mimeType, 'application/pdf');
		assert.match(file.fileName, /^page-\d{8}-\d{6}\.pdf$/);
		assert.deepEqual(run.result, {
			fileName: file.fileName,
			mimeType: 'application/pdf',
			size: file.bytes.length,
		});
		const layout = pdfLayout(file.bytes);
		assert.deepEqual([layout.width, layout.height], [596, 843], 'A4 portrait');
	});

	it('follows paper format, orientation, margins, scale, header and footer, page ranges and file name', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables/big?rows=300` });
		const full = pdfLayout((await env.pool.run(key, 'pdf', { format: 'Letter' })).files[0].bytes);
		assert.deepEqual([full.width, full.height], [612, 792], 'Letter portrait');
		assert.ok(full.pages > 2, `a long table spans pages (${full.pages})`);

		const landscape = pdfLayout(
			(await env.pool.run(key, 'pdf', { format: 'A4', landscape: true, pageRanges: '1-2' }))
				.files[0].bytes,
		);
		assert.deepEqual([landscape.width, landscape.height, landscape.pages], [843, 596, 2]);

		const small = pdfLayout(
			(await env.pool.run(key, 'pdf', { format: 'Letter', scale: 0.5 })).files[0].bytes,
		);
		assert.ok(small.pages < full.pages, 'a smaller scale needs fewer pages');

		const run = await env.pool.run<any>(key, 'pdf', {
			margin: '2cm 1cm',
			headerTemplate: '<div style="font-size:9px">Acme report</div>',
			footerTemplate: '<div style="font-size:9px">Page <span class="pageNumber"></span></div>',
			printBackground: false,
			fileName: 'report.pdf',
		});
		assert.equal(run.files[0].fileName, 'report.pdf');
		assert.equal(run.files[0].bytes.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.ok(pdfLayout(run.files[0].bytes).pages > full.pages, 'wide margins need more pages');
	});

	it('rejects bad margins, scales and page ranges', async () => {
		const key = env.key();
		const margin = await failureOf(env.pool.run(key, 'pdf', { margin: 'wide' }));
		assert.equal(margin.code, 'INVALID_INPUT');
		assert.equal(margin.field, 'margin');
		const scale = await failureOf(env.pool.run(key, 'pdf', { scale: 3 }));
		assert.equal(scale.field, 'scale');
		const format = await failureOf(env.pool.run(key, 'pdf', { format: 'B5' }));
		assert.equal(format.field, 'format');
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const ranges = await failureOf(env.pool.run(key, 'pdf', { pageRanges: '40-50' }));
		assert.equal(ranges.code, 'INVALID_INPUT');
		assert.equal(ranges.field, 'pageRanges');
	});

	it('says clearly that PDF needs headless Chromium', async () => {
		const input = pdf.input.parse({});
		const headful = {
			context: { browser: () => ({ browserType: () => ({ name: () => 'chromium' }) }) },
			page: {
				pdf: async () => {
					throw new Error('page.pdf: PDF generation is only supported for Headless Chromium');
				},
			},
		} as unknown as ActionContext;
		const failure = await failureOf(pdf.run(headful, input));
		assert.equal(failure.code, 'ACTION_FAILED');
		assert.match(failure.message, /only works in headless Chromium/);
		assert.match(failure.advice, /Headless/);

		const firefox = {
			...headful,
			context: { browser: () => ({ browserType: () => ({ name: () => 'firefox' }) }) },
		} as unknown as ActionContext;
		assert.match((await failureOf(pdf.run(firefox, input))).message, /the session runs firefox/);
	});
});
