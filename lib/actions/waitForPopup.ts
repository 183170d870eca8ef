import type { Page } from 'playwright';
import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';
import { BrowserAgentError } from '../errors';
import { waitUntilOption } from './navigate';
import { remaining } from './support/polling';
import {
	makeCurrent,
	openTabs,
	seenTabs,
	tabInfo,
	unseenPopup,
	watchNewTabs,
} from './support/tabs';

export const waitForPopup = defineAction({
	name: 'waitForPopup',
	description:
		'Wait for a tab or window the page opens (a target=_blank link, window.open…), after clicking the given element or after a click in an earlier step, wait until it has loaded, and make it the current tab (unless switchTo is false).',
	input: {
		selector: elementTarget.selector
			.optional()
			.describe(
				'An element to click that opens the popup. Leave empty when an earlier step already clicked.',
			),
		index: elementTarget.index,
		switchTo: z
			.boolean()
			.default(true)
			.describe('Make the popup the current tab, so later actions work in it.'),
		waitUntil: waitUntilOption,
	},
	async run(context, { selector, index, switchTo, waitUntil }) {
		const deadline = Date.now() + context.timeoutMs;
		seenTabs(context);
		const newTabs = watchNewTabs(context);
		let popup: Page | undefined;
		try {
			if (selector)
				await locate(context, { selector, index }).click({ timeout: context.timeoutMs });
			// Without a click here, the click of an earlier step may have opened it already.
			else popup = await unseenPopup(context);
			popup ??= await newTabs.next(deadline);
		} finally {
			newTabs.stop();
		}
		if (!popup) {
			throw new BrowserAgentError(
				'TIMEOUT',
				`No popup or new tab opened within ${context.timeoutMs} ms.`,
				{
					advice:
						'Check that the click opens a new window (a link with target=_blank, or window.open). Put the click directly before this step, or give its selector here; raise the timeout for slow pages.',
				},
			);
		}
		seenTabs(context).add(popup);
		if (waitUntil !== 'commit')
			await popup.waitForLoadState(waitUntil, { timeout: remaining(deadline) });
		if (switchTo) {
			makeCurrent(context, popup);
			await popup.bringToFront().catch(() => undefined);
		}
		return {
			result: {
				tab: await tabInfo(context, popup),
				switched: switchTo,
				tabCount: openTabs(context).length,
			},
		};
	},
});
