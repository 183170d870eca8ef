import { z } from 'zod';
import type { CDPSession } from 'playwright';
import { defineAction, type ActionContext } from './action';
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

/** Paper sizes in inches, as Playwright and puppeteer print them. */
const PAPER_INCHES: Record<(typeof PAPER_FORMATS)[number], { width: number; height: number }> = {
	A0: { width: 33.1, height: 46.8 },
	A1: { width: 23.4, height: 33.1 },
	A2: { width: 16.54, height: 23.4 },
	A3: { width: 11.7, height: 16.54 },
	A4: { width: 8.27, height: 11.7 },
	A5: { width: 5.83, height: 8.27 },
	A6: { width: 4.13, height: 5.83 },
	Letter: { width: 8.5, height: 11 },
	Legal: { width: 8.5, height: 14 },
	Tabloid: { width: 11, height: 17 },
	Ledger: { width: 17, height: 11 },
};

/** One CSS length: a number with px, in, cm or mm (a bare number is pixels). */
const LENGTH = /^\d+(\.\d+)?(px|in|cm|mm)?$/;

/** A paper width or height: one CSS length above zero. */
function paperLength(side: 'width' | 'height') {
	return z
		.string()
		.trim()
		.refine(
			(value) => LENGTH.test(value) && Number.parseFloat(value) > 0,
			`use one length above zero, e.g. 21cm, 8.5in, 297mm or 800px; units px, in, cm or mm`,
		)
		.optional()
		.describe(
			`Paper ${side} as a CSS length, e.g. ${side === 'width' ? '10cm or 800px' : '15cm or 1200px'}; replaces the ${side} of the paper format.`,
		);
}

export const pdf = defineAction({
	name: 'pdf',
	description:
		'Print the current tab to a PDF file, as Chrome’s “Save as PDF” does: paper size, orientation, margins, scale, header and footer. Needs a headless Chromium.',
	retryable: true,
	input: {
		format: z
			.enum(PAPER_FORMATS)
			.default('A4')
			.describe('Paper size; width and height, when given, replace its width and height.'),
		width: paperLength('width'),
		height: paperLength('height'),
		preferCSSPageSize: z
			.boolean()
			.default(false)
			.describe(
				'Use the paper size the page asks for in its CSS (@page { size: … }) over format, width and height.',
			),
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
		omitBackground: z
			.boolean()
			.default(false)
			.describe(
				'Leave out the browser’s default page background (e.g. the dark one of a dark colour scheme), for a PDF with transparency; backgrounds the page sets in CSS still print with printBackground.',
			),
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
	async run(actionContext, input) {
		const { page, context } = actionContext;
		const browserName = context.browser()?.browserType().name();
		if (browserName && browserName !== 'chromium') {
			throw notSupported(`the session runs ${browserName}`);
		}
		const displayHeaderFooter =
			input.displayHeaderFooter ?? Boolean(input.headerTemplate || input.footerTemplate);
		let bytes: Buffer;
		// Playwright's page.pdf has no omitBackground; puppeteer's is this DevTools override.
		const transparent = input.omitBackground
			? await transparentBackground(actionContext)
			: undefined;
		// A print past the deadline cannot be stopped, but its override must not outlive the action
		// (a screenshot taken meanwhile would come out transparent).
		const endOverride = () => void transparent?.detach().catch(() => undefined);
		if (transparent) actionContext.signal.addEventListener('abort', endOverride, { once: true });
		try {
			bytes = await page.pdf({
				...paperSize(input),
				landscape: input.landscape,
				margin: input.margin ? cssMargin(input.margin) : undefined,
				scale: input.scale,
				printBackground: input.printBackground,
				displayHeaderFooter,
				// An empty template hides that part; Chromium's own default prints date and title.
				headerTemplate: displayHeaderFooter ? (input.headerTemplate ?? '<span></span>') : undefined,
				footerTemplate: displayHeaderFooter ? (input.footerTemplate ?? '<span></span>') : undefined,
				pageRanges: input.pageRanges,
				preferCSSPageSize: input.preferCSSPageSize,
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
		} finally {
			if (transparent) actionContext.signal.removeEventListener('abort', endOverride);
			// Detaching the session ends its override: the page's own background is back.
			await transparent?.detach().catch(() => undefined);
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

/**
 * Playwright's paper options: the format, or, with a width or height, both sides as lengths (a side
 * not given comes from the format), since Playwright ignores width and height next to a format.
 */
function paperSize(input: {
	format: (typeof PAPER_FORMATS)[number];
	width?: string;
	height?: string;
}) {
	if (input.width === undefined && input.height === undefined) return { format: input.format };
	const paper = PAPER_INCHES[input.format];
	return {
		width: input.width ? cssLength(input.width) : `${paper.width}in`,
		height: input.height ? cssLength(input.height) : `${paper.height}in`,
	};
}

/** A length with its unit; a bare number is pixels. */
function cssLength(value: string): string {
	return /\d$/.test(value) ? `${value}px` : value;
}

/** Makes the page's default background transparent while the returned DevTools session lives. */
async function transparentBackground(context: ActionContext): Promise<CDPSession> {
	const cdp = await context.context.newCDPSession(context.page);
	await cdp.send('Emulation.setDefaultBackgroundColorOverride', {
		color: { r: 0, g: 0, b: 0, a: 0 },
	});
	return cdp;
}

/** CSS margin shorthand (1 to 4 values) as Playwright's margin object. */
function cssMargin(value: string) {
	const [top, right = top, bottom = top, left = right] = value.split(/\s+/).map(cssLength);
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
