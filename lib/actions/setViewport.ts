import { z } from 'zod';
import type { CDPSession, Page } from 'playwright';
import { defineAction, storeKey, type ActionContext } from './action';
import { BrowserAgentError } from '../errors';

/** A device scale factor set on a tab, and the DevTools session that holds it. */
interface ScaleOverride {
	cdp: CDPSession;
	deviceScaleFactor: number;
}

export const VIEWPORT_STORE_KEY = storeKey<WeakMap<Page, ScaleOverride>>('viewport');

export const setViewport = defineAction({
	name: 'setViewport',
	description:
		'Resize the visible area of the current tab (in CSS pixels) and optionally change its device scale factor (2 = a high-resolution “retina” screen).',
	retryable: true,
	input: {
		width: z
			.number()
			.int()
			.min(100)
			.max(10_000)
			.describe('Width of the visible area, in CSS pixels.'),
		height: z
			.number()
			.int()
			.min(100)
			.max(10_000)
			.describe('Height of the visible area, in CSS pixels.'),
		deviceScaleFactor: z
			.number()
			.min(0.25)
			.max(5)
			.optional()
			.describe(
				'Device pixels per CSS pixel (window.devicePixelRatio): 1 = ordinary screen, 2 = retina. Leave empty to keep the current one.',
			),
	},
	async run(context, { width, height, deviceScaleFactor }) {
		const { page } = context;
		await page.setViewportSize({ width, height });
		const overrides = scaleOverrides(context);
		const previous = overrides.get(page);
		const scale = deviceScaleFactor ?? previous?.deviceScaleFactor;
		// Playwright fixes the scale factor when the session's browser context is created; the
		// DevTools protocol can still change it for one tab. Playwright's resize above reset it,
		// so an earlier factor is applied again with the new size.
		if (scale !== undefined)
			await applyScale(context, page, previous, { width, height, deviceScaleFactor: scale });
		const measured = await page.evaluate(() => ({
			width: window.innerWidth,
			height: window.innerHeight,
			devicePixelRatio: window.devicePixelRatio,
		}));
		if (
			deviceScaleFactor !== undefined &&
			Math.abs(measured.devicePixelRatio - deviceScaleFactor) > 0.001
		) {
			throw new BrowserAgentError(
				'ACTION_FAILED',
				`The browser did not take the device scale factor ${deviceScaleFactor} (it reports ${measured.devicePixelRatio}).`,
				{
					field: 'deviceScaleFactor',
					advice: 'Leave the device scale factor empty, or set it in the browser itself.',
				},
			);
		}
		return {
			result: {
				viewport: { width: measured.width, height: measured.height },
				deviceScaleFactor: measured.devicePixelRatio,
			},
		};
	},
});

function scaleOverrides(context: ActionContext): WeakMap<Page, ScaleOverride> {
	return context.session.store.obtain(VIEWPORT_STORE_KEY, () => new WeakMap());
}

async function applyScale(
	context: ActionContext,
	page: Page,
	previous: ScaleOverride | undefined,
	metrics: { width: number; height: number; deviceScaleFactor: number },
): Promise<void> {
	let cdp = previous?.cdp;
	if (!cdp) {
		try {
			cdp = await context.context.newCDPSession(page);
		} catch (error) {
			throw new BrowserAgentError(
				'ACTION_FAILED',
				'Changing the device scale factor needs a Chromium browser.',
				{
					field: 'deviceScaleFactor',
					advice: 'Leave the device scale factor empty, or use a Chromium-based browser.',
					cause: error,
				},
			);
		}
	}
	// The override lasts while this DevTools session stays attached, so it is kept with the tab.
	scaleOverrides(context).set(page, { cdp, deviceScaleFactor: metrics.deviceScaleFactor });
	await sendScale(cdp, metrics);
}

async function sendScale(
	cdp: CDPSession,
	metrics: { width: number; height: number; deviceScaleFactor: number },
): Promise<void> {
	const screen = { mobile: false, screenWidth: metrics.width, screenHeight: metrics.height };
	// Chromium skips a repeat of the session's current override even when Playwright has changed
	// the metrics since (it does while taking screenshots), so nudge the factor first.
	await cdp.send('Emulation.setDeviceMetricsOverride', {
		...metrics,
		...screen,
		deviceScaleFactor: metrics.deviceScaleFactor + 0.001,
	});
	await cdp.send('Emulation.setDeviceMetricsOverride', { ...metrics, ...screen });
}

/**
 * The DevTools session holding the current tab's device scale factor, when Set Viewport set one. A
 * screenshot taken through another session comes out at 1 device pixel per CSS pixel.
 */
export function scaleOverrideSession(context: ActionContext): CDPSession | undefined {
	return context.session.store.get(VIEWPORT_STORE_KEY)?.get(context.page)?.cdp;
}

/**
 * Puts a tab's device scale factor back after Playwright re-applied its own metrics (it does so
 * while taking a screenshot). Does nothing for tabs without one.
 */
export async function restoreScale(context: ActionContext): Promise<void> {
	const override = context.session.store.get(VIEWPORT_STORE_KEY)?.get(context.page);
	const size = context.page.viewportSize();
	if (!override || !size || context.page.isClosed()) return;
	await sendScale(override.cdp, { ...size, deviceScaleFactor: override.deviceScaleFactor }).catch(
		() => undefined,
	);
}
