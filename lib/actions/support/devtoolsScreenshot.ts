import type { CDPSession, Locator } from 'playwright';
import { BrowserAgentError } from '../../errors';
import type { ActionContext } from '../action';
import { scaleOverrideSession } from '../setViewport';

/** A rectangle in CSS pixels. */
export interface Region {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** What to capture, with the meaning Playwright's screenshot gives it. */
export interface DevtoolsScreenshotTarget {
	/** The element to capture; otherwise the page. */
	element?: Locator;
	/** The whole scrollable page rather than the visible part. */
	fullPage: boolean;
	/** From the top left of the visible part, or of the whole page with fullPage. */
	clip?: Region;
	format: 'png' | 'jpeg' | 'webp';
	/** 0-100, for JPEG and WebP. */
	quality?: number;
}

/**
 * A screenshot taken through Chromium's DevTools protocol (Page.captureScreenshot, as puppeteer
 * does), from a session of its own that is detached afterwards. The picture has device pixels, as
 * Playwright's have. Two uses: WebP, which Playwright cannot encode (PNG and JPEG only), and the
 * page (not an element) in PNG or JPEG, which it takes in about half of Playwright's time on a page
 * just loaded (its screenshot first prepares every frame: caret, fonts, animations).
 * Undefined where the browser speaks no DevTools protocol (not Chromium).
 */
export async function devtoolsScreenshot(
	context: ActionContext,
	target: DevtoolsScreenshotTarget,
): Promise<Buffer | undefined> {
	let cdp: CDPSession;
	// The tab's own session when Set Viewport changed its scale factor: only that one captures at it.
	const borrowed = scaleOverrideSession(context);
	try {
		cdp = borrowed ?? (await context.context.newCDPSession(context.page));
	} catch {
		return undefined;
	}
	try {
		const area = await areaOf(context, cdp, target);
		const capture = () =>
			cdp.send('Page.captureScreenshot', {
				format: target.format,
				...(target.format !== 'png' && { quality: target.quality }),
				...(area && {
					clip: { ...area.region, scale: 1 },
					captureBeyondViewport: area.beyondViewport,
				}),
			});
		let shot;
		try {
			shot = await capture();
		} catch (error) {
			if (!noFrameYet(error)) throw error;
			// Seen about once in 50 screenshots of a page just loaded: Chromium had no frame of it to
			// capture. Once it has drawn one, the capture works (a tab in the background draws none:
			// half a second at most).
			await context.page.evaluate(
				() =>
					new Promise((drawn) => {
						requestAnimationFrame(() => requestAnimationFrame(drawn));
						setTimeout(drawn, 500);
					}),
			);
			shot = await capture();
		}
		return Buffer.from(shot.data, 'base64');
	} finally {
		if (!borrowed) await cdp.detach().catch(() => undefined);
	}
}

/** Chromium's answer when it has no frame of the page to capture yet. */
export function noFrameYet(error: unknown): boolean {
	return error instanceof Error && /Unable to capture screenshot/i.test(error.message);
}

/**
 * The part of the page to capture, in CSS pixels from the top left of the document (the
 * protocol's coordinates); undefined for the visible part as it is.
 */
async function areaOf(
	context: ActionContext,
	cdp: CDPSession,
	{ element, fullPage, clip }: DevtoolsScreenshotTarget,
): Promise<{ region: Region; beyondViewport: boolean } | undefined> {
	if (element) {
		// Playwright's own element screenshot waits for the element to be visible and scrolls to it.
		await element.waitFor({ state: 'visible', timeout: context.timeoutMs });
		await element.scrollIntoViewIfNeeded({ timeout: context.timeoutMs });
		const box = await element.boundingBox({ timeout: context.timeoutMs });
		if (!box) {
			throw new BrowserAgentError('ELEMENT_NOT_FOUND', 'The element to capture is not visible.', {
				advice: 'Wait for the element with Page → Wait For, or capture the page instead.',
			});
		}
		const scroll = await scrollOffset(context);
		return {
			region: { ...box, x: box.x + scroll.x, y: box.y + scroll.y },
			beyondViewport: true,
		};
	}
	if (fullPage) {
		if (clip) return { region: clip, beyondViewport: true };
		const { cssContentSize } = await cdp.send('Page.getLayoutMetrics');
		return {
			region: { x: 0, y: 0, width: cssContentSize.width, height: cssContentSize.height },
			beyondViewport: true,
		};
	}
	if (!clip) return undefined;
	// Within the visible part only, as Playwright cuts a region that reaches beyond it.
	const { width, height, x, y } = await scrollOffset(context);
	const right = Math.min(clip.x + clip.width, width);
	const bottom = Math.min(clip.y + clip.height, height);
	if (right <= clip.x || bottom <= clip.y) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The region lies outside the visible part of the page (${width}×${height}).`,
			{
				field: 'clip',
				advice: 'Give a region within the visible part, or turn on Full Page to capture below it.',
			},
		);
	}
	return {
		region: { x: clip.x + x, y: clip.y + y, width: right - clip.x, height: bottom - clip.y },
		beyondViewport: false,
	};
}

/** How far the page is scrolled, and the size of its visible part, in CSS pixels. */
async function scrollOffset(context: ActionContext) {
	return context.page.evaluate(() => {
		const viewport = window.visualViewport;
		return {
			x: viewport?.pageLeft ?? window.scrollX,
			y: viewport?.pageTop ?? window.scrollY,
			width: viewport?.width ?? window.innerWidth,
			height: viewport?.height ?? window.innerHeight,
		};
	});
}
