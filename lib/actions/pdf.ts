import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { sanitizeFileName, timestampForFileName } from '../files';

export const PAPER_FORMATS = [
	'A0',
	'A1',
	'A2',
	'A3',
	'A4',
	'A5',
	'A6',
	'Letter',
	'Legal',
	'Tabloid',
	'Ledger',
] as const;

/** One CSS length: a number with px, in, cm or mm (a bare number is pixels). */
const LENGTH = /^\d+(\.\d+)?(px|in|cm|mm)?$/;

export const pdf = defineAction({
	name: 'pdf',
	description:
		'Print the current tab to a PDF file, as Chrome’s “Save as PDF” does: paper size, orientation, margins, scale, header and footer. Needs a headless Chromium.',
	retryable: true,
	input: {
		format: z.enum(PAPER_FORMATS).default('A4').describe('Paper size.'),
		landscape: z.boolean().default(false).describe('Print in landscape orientation.'),
		margin: z
			.string()
			.trim()
			.refine((value) => {
				const parts = value.split(/\s+/);
				return parts.length <= 4 && parts.every((part) => LENGTH.test(part));
			}, 'use one to four lengths like CSS margins, e.g. 1cm, or 10mm 15mm (top/bottom, left/right), or 1cm 2cm 1cm 2cm (top, right, bottom, left); units px, in, cm or mm')
			.optional()
			.describe(
				'Page margins, like CSS: 1cm; 10mm 15mm (top/bottom, left/right); or top right bottom left. Default: no margin.',
			),
		scale: z.number().min(0.1).max(2).default(1).describe('Zoom of the page content, 0.1 to 2.'),
		printBackground: z.boolean().default(true).describe('Print background colours and images.'),
		displayHeaderFooter: z
			.boolean()
			.optional()
			.describe(
				'Print a header and footer on every page. Default: on when a header or footer template is given.',
			),
		headerTemplate: z
			.string()
			.max(100_000)
			.optional()
			.describe(
				'HTML for the header. Elements with class date, title, url, pageNumber or totalPages are filled in, e.g. <div style="font-size:9px">Page <span class="pageNumber"></span></div>.',
			),
		footerTemplate: z
			.string()
			.max(100_000)
			.optional()
			.describe('HTML for the footer, with the same classes as the header.'),
		pageRanges: z
			.string()
			.trim()
			.regex(/^\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*$/, 'use page numbers and ranges, e.g. 1-5, 8, 11-13')
			.optional()
			.describe('Which pages to print, e.g. 1-5, 8. Default: all.'),
		fileName: z.string().trim().min(1).max(200).optional().describe('File name to give the PDF.'),
	},
	async run({ page, context }, input) {
		const browserName = context.browser()?.browserType().name();
		if (browserName && browserName !== 'chromium') {
			throw notSupported(`the session runs ${browserName}`);
		}
		const displayHeaderFooter =
			input.displayHeaderFooter ?? Boolean(input.headerTemplate || input.footerTemplate);
		let bytes: Buffer;
		try {
			bytes = await page.pdf({
				format: input.format,
				landscape: input.landscape,
				margin: input.margin ? cssMargin(input.margin) : undefined,
				scale: input.scale,
				printBackground: input.printBackground,
				displayHeaderFooter,
				// An empty template hides that part; Chromium's own default prints date and title.
				headerTemplate: displayHeaderFooter ? (input.headerTemplate ?? '<span></span>') : undefined,
				footerTemplate: displayHeaderFooter ? (input.footerTemplate ?? '<span></span>') : undefined,
				pageRanges: input.pageRanges,
			});
		} catch (error) {
			if (
				error instanceof Error &&
				/only supported for headless|printToPDF is not implemented|PrintToPDF is not available/i.test(
					error.message,
				)
			) {
				throw notSupported('the browser is not a headless Chromium', error);
			}
			if (error instanceof Error && /Page range/i.test(error.message)) {
				throw new BrowserAgentError(
					'INVALID_INPUT',
					`The page ranges "${input.pageRanges}" do not fit this document.`,
					{
						field: 'pageRanges',
						advice: 'Use pages that exist, e.g. 1-2 for a two-page document.',
						cause: error,
					},
				);
			}
			throw error;
		}
		const name = input.fileName
			? sanitizeFileName(input.fileName, 'page.pdf')
			: `page-${timestampForFileName()}.pdf`;
		return {
			result: { fileName: name, mimeType: 'application/pdf', size: bytes.length },
			files: [{ kind: 'pdf', bytes, fileName: name, mimeType: 'application/pdf' }],
		};
	},
});

/** CSS margin shorthand (1 to 4 values) as Playwright's margin object. */
function cssMargin(value: string) {
	const [top, right = top, bottom = top, left = right] = value
		.split(/\s+/)
		.map((part) => (/\d$/.test(part) ? `${part}px` : part));
	return { top, right, bottom, left };
}

function notSupported(reason: string, cause?: unknown): BrowserAgentError {
	return new BrowserAgentError(
		'ACTION_FAILED',
		`Printing to PDF is not possible here: ${reason}. PDF printing only works in headless Chromium.`,
		{
			advice:
				'Use a headless Chromium (the default launch mode, or a credential with “Headless” on), or take a full-page screenshot instead.',
			cause,
		},
	);
}
