import { z } from 'zod';
import { defineAction, elementTarget, locate, type ActionContext } from './action';
import { restoreScale, scaleOverrideSession } from './setViewport';
import { BrowserAgentError } from '../errors';
import { timestampForFileName } from '../files';
import { devtoolsScreenshot, noFrameYet } from './support/devtoolsScreenshot';

/** Marks the boxes drawn for one screenshot, so they can all be removed afterwards. */
const HIGHLIGHT_ATTRIBUTE = 'data-browser-agent-highlight';
const HIGHLIGHT_COLOURS = ['#e11d48', '#2563eb', '#16a34a', '#ea580c', '#9333ea'];

export const screenshot = defineAction({
	name: 'screenshot',
	description:
		'Take a screenshot of the visible viewport, the whole page, one element or a region, as PNG, JPEG or WebP, optionally with labelled boxes around elements.',
	retryable: true,
	input: {
		fullPage: z
			.boolean()
			.default(false)
			.describe('Capture the whole scrollable page, not only the visible part.'),
		selector: z
			.string()
			.trim()
			.min(1)
			.optional()
			.describe('Capture only this element (Playwright selector). Leave empty for the page.'),
		index: z.number().int().min(0).optional(),
		format: z
			.enum(['png', 'jpeg', 'webp'])
			.default('png')
			.describe(
				'Image format: png (exact), jpeg (smaller), webp (smallest; taken through Chromium’s DevTools protocol).',
			),
		quality: z
			.number()
			.int()
			.min(0)
			.max(100)
			.optional()
			.describe('Image quality, 0-100, for JPEG and WebP (not PNG). Default: 80.'),
		fileName: z.string().trim().min(1).max(200).optional().describe('File name to give the image.'),
		clip: z
			.strictObject({
				x: z.number().min(0),
				y: z.number().min(0),
				width: z.number().min(1),
				height: z.number().min(1),
			})
			.optional()
			.describe(
				'Capture only this region, in CSS pixels from the top left of the page (of the whole page when fullPage is on).',
			),
		label: z
			.string()
			.trim()
			.min(1)
			.max(200)
			.optional()
			.describe(
				'A name for the screenshot, e.g. "after login": returned with the result and used in the file name when none is given.',
			),
		highlights: z
			.array(
				z.strictObject({
					selector: elementTarget.selector,
					label: z.string().trim().max(200).optional().describe('Text shown on the box.'),
				}),
			)
			.max(50)
			.default([])
			.describe(
				'Elements to outline with a coloured box (and label) in this screenshot only; every match of each selector is outlined.',
			),
	},
	async run(
		context,
		{ fullPage, selector, index, format, quality, fileName, clip, label, highlights },
	) {
		if (clip && selector) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'A screenshot can capture an element or a region, not both.',
				{
					field: 'clip',
					advice: 'Leave the element selector empty to capture the region, or remove the region.',
				},
			);
		}
		// PNG has no quality; JPEG and WebP take 80 unless told.
		const imageQuality = quality ?? 80;
		let highlighted: Awaited<ReturnType<typeof drawHighlights>> = [];
		let bytes: Buffer;
		let tookWithPlaywright = false;
		try {
			// Inside the try: a later highlight that fails must not leave the earlier boxes on the page.
			highlighted = await drawHighlights(context, highlights);
			const element = selector ? locate(context, { selector, index }) : undefined;
			// WebP, the page in any format, and anything on a tab whose scale factor Set Viewport
			// changed, through Chromium's DevTools protocol (see devtoolsScreenshot); otherwise an
			// element through Playwright, which waits for it to be stable.
			const viaDevtools =
				format === 'webp' || !element || scaleOverrideSession(context)
					? await devtoolsScreenshot(context, {
							element,
							fullPage,
							clip,
							format,
							quality: imageQuality,
						}).catch((error: unknown) => {
							// Still no frame after waiting for one: Playwright's screenshot, which prepares the page first.
							if (format !== 'webp' && noFrameYet(error)) return undefined;
							throw error;
						})
					: undefined;
			if (viaDevtools) bytes = viaDevtools;
			else if (format === 'webp')
				throw new BrowserAgentError('ACTION_FAILED', 'WebP screenshots need a Chromium browser.', {
					field: 'format',
					advice: 'Choose PNG or JPEG, or use a Chromium-based browser.',
				});
			else {
				tookWithPlaywright = true;
				const options = {
					type: format,
					quality: format === 'jpeg' ? imageQuality : undefined,
					timeout: context.timeoutMs,
				};
				bytes = element
					? await element.screenshot(options)
					: await context.page.screenshot({ ...options, fullPage, clip });
			}
		} finally {
			if (highlights.length > 0) await removeHighlights(context);
			// Playwright's screenshot resets a device scale factor set by Set Viewport; put it back.
			// (A capture through DevTools leaves it as it is: putting it back would relayout the page twice.)
			if (tookWithPlaywright) await restoreScale(context);
		}
		const extension = format === 'jpeg' ? 'jpg' : format;
		const name =
			fileName ?? `${label ? slugify(label) : 'screenshot'}-${timestampForFileName()}.${extension}`;
		return {
			result: {
				fileName: name,
				mimeType: `image/${format}`,
				size: bytes.length,
				...(label !== undefined && { label }),
				...(highlighted.length > 0 && { highlighted }),
			},
			files: [{ kind: 'screenshot', bytes, fileName: name, mimeType: `image/${format}` }],
		};
	},
});

/** Outlines every match of each selector (hidden ones excepted) and says how many were outlined. */
async function drawHighlights(
	context: ActionContext,
	highlights: Array<{ selector: string; label?: string }>,
) {
	const drawn: Array<{ selector: string; label?: string; count: number }> = [];
	for (const [position, highlight] of highlights.entries()) {
		const colour = HIGHLIGHT_COLOURS[position % HIGHLIGHT_COLOURS.length];
		const count = await context.scope.locator(highlight.selector).evaluateAll(
			(elements, { attribute, colour, label }) => {
				let outlined = 0;
				for (const element of elements) {
					const rect = element.getBoundingClientRect();
					if (rect.width === 0 && rect.height === 0) continue;
					outlined++;
					const box = document.createElement('div');
					box.setAttribute(attribute, '');
					box.style.cssText = [
						'position:absolute',
						`left:${rect.left + window.scrollX - 3}px`,
						`top:${rect.top + window.scrollY - 3}px`,
						`width:${rect.width + 6}px`,
						`height:${rect.height + 6}px`,
						`border:3px solid ${colour}`,
						'box-sizing:border-box',
						'border-radius:3px',
						'pointer-events:none',
						'z-index:2147483647',
						'margin:0',
					].join(';');
					if (label) {
						const tag = document.createElement('div');
						tag.textContent = label;
						tag.style.cssText = [
							'position:absolute',
							'left:-3px',
							rect.top + window.scrollY >= 22 ? 'bottom:100%' : 'top:100%',
							`background:${colour}`,
							'color:#fff',
							'font:bold 12px/18px system-ui,sans-serif',
							'padding:0 6px',
							'white-space:nowrap',
							'border-radius:3px',
						].join(';');
						box.append(tag);
					}
					document.documentElement.append(box);
				}
				return outlined;
			},
			{ attribute: HIGHLIGHT_ATTRIBUTE, colour, label: highlight.label ?? '' },
		);
		drawn.push({
			selector: highlight.selector,
			...(highlight.label && { label: highlight.label }),
			count,
		});
	}
	return drawn;
}

async function removeHighlights(context: ActionContext): Promise<void> {
	await context.scope
		.evaluate((attribute) => {
			document.querySelectorAll(`[${attribute}]`).forEach((box) => box.remove());
		}, HIGHLIGHT_ATTRIBUTE)
		.catch(() => undefined);
}

/** "After login: Überblick" → "after-login-uberblick". */
export function slugify(text: string): string {
	const slug = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	return slug || 'screenshot';
}
