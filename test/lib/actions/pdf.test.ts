import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
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

/** The paper size of the first page in points, unrounded. */
function paperPoints(bytes: Buffer) {
	const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(bytes.toString('latin1'));
	assert.ok(box, 'the PDF has a MediaBox');
	return { width: Number(box[1]), height: Number(box[2]) };
}

/** The fill colours (red, green, blue from 0 to 1) that the pages' drawing instructions set. */
function fillColours(bytes: Buffer): number[][] {
	const colours: number[][] = [];
	for (const [, data] of bytes.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
		let text: string;
		try {
			text = inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
		} catch {
			continue;
		}
		// Drawing instructions place things with "cm"; fonts and images do not.
		if (!/ cm\b/.test(text)) continue;
		for (const [, r, g, b] of text.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) rg\b/g))
			colours.push([Number(r), Number(g), Number(b)]);
	}
	return colours;
}

const CM_IN_POINTS = 72 / 2.54;

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

	it('takes the paper width and height as lengths, over the paper format', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const label = paperPoints(
			(await env.pool.run(key, 'pdf', { width: '10cm', height: '15cm' })).files[0].bytes,
		);
		assert.ok(Math.abs(label.width - 10 * CM_IN_POINTS) < 1, `10 cm wide (${label.width} pt)`);
		assert.ok(Math.abs(label.height - 15 * CM_IN_POINTS) < 1, `15 cm high (${label.height} pt)`);

		// One side given: the other is the format's (A5 is 5.83 × 8.27 in).
		const wide = paperPoints(
			(await env.pool.run(key, 'pdf', { format: 'A5', width: '800px' })).files[0].bytes,
		);
		assert.ok(Math.abs(wide.width - 600) < 1, `800 px = 600 pt wide (${wide.width})`);
		assert.ok(Math.abs(wide.height - 8.27 * 72) < 1, `A5 high (${wide.height})`);
		const bare = paperPoints((await env.pool.run(key, 'pdf', { height: '960' })).files[0].bytes);
		assert.ok(Math.abs(bare.height - 720) < 1, `a bare number is pixels (${bare.height} pt)`);
		assert.ok(Math.abs(bare.width - 8.27 * 72) < 1, 'A4 wide');
	});

	it('uses the paper size of the page’s CSS with preferCSSPageSize', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/print/css-size` });
		const css = paperPoints(
			(await env.pool.run(key, 'pdf', { preferCSSPageSize: true, format: 'Letter' })).files[0]
				.bytes,
		);
		assert.ok(Math.abs(css.width - 10 * CM_IN_POINTS) < 1, `@page 10 cm wide (${css.width})`);
		assert.ok(Math.abs(css.height - 15 * CM_IN_POINTS) < 1, `@page 15 cm high (${css.height})`);
		const letter = paperPoints(
			(await env.pool.run(key, 'pdf', { format: 'Letter' })).files[0].bytes,
		);
		assert.deepEqual([Math.round(letter.width), Math.round(letter.height)], [612, 792]);
	});

	it('leaves the page’s default background out with omitBackground, for this PDF only', async () => {
		const key = env.key();
		// A dark colour scheme: the browser paints the page dark unless told not to.
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/print/dark` });
		const dark = (colours: number[][]) =>
			colours.some((rgb) => rgb.every((channel) => channel < 0.2));
		const before = fillColours((await env.pool.run(key, 'pdf', {})).files[0].bytes);
		assert.ok(dark(before), `the default background is dark: ${JSON.stringify(before)}`);
		const omitted = fillColours(
			(await env.pool.run(key, 'pdf', { omitBackground: true })).files[0].bytes,
		);
		assert.ok(omitted.length > 0, 'the text is still drawn');
		assert.ok(!dark(omitted), `no dark background: ${JSON.stringify(omitted)}`);
		const after = fillColours((await env.pool.run(key, 'pdf', {})).files[0].bytes);
		assert.ok(dark(after), 'the next PDF has the background again');
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
		for (const width of ['wide', '0cm', '10 cm', '-5mm']) {
			const bad = await failureOf(env.pool.run(key, 'pdf', { width }));
			assert.equal(bad.code, 'INVALID_INPUT', width);
			assert.equal(bad.field, 'width', width);
		}
		const height = await failureOf(env.pool.run(key, 'pdf', { height: '12pt' }));
		assert.equal(height.field, 'height');
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
