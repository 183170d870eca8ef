import { z } from 'zod';
import { defineAction } from './action';
import { waitUntilOption } from './navigate';
import { assertUrlAllowed } from '../policy/policy';
import { makeCurrent, openTabs, seenTabs, tabInfo } from './support/tabs';

export const openTab = defineAction({
	name: 'openTab',
	description:
		'Open a new tab, optionally at a URL, and make it the current tab (unless switchTo is false). Returns the tab’s index, URL and title.',
	input: {
		url: z
			.string()
			.trim()
			.min(1)
			.refine(
				(value) => URL.canParse(value),
				'not a valid absolute URL; include the scheme, e.g. https://example.com',
			)
			.optional()
			.describe('The address to open in the new tab. Default: an empty tab (about:blank).'),
		waitUntil: waitUntilOption,
		switchTo: z
			.boolean()
			.default(true)
			.describe('Make the new tab the current one, so later actions work in it.'),
	},
	async run(context, { url, waitUntil, switchTo }) {
		if (url) assertUrlAllowed(context.session.policy, url);
		const page = await context.context.newPage();
		seenTabs(context).add(page);
		let status: number | null = null;
		try {
			if (url)
				status =
					(await page.goto(url, { waitUntil, timeout: context.timeoutMs }))?.status() ?? null;
		} catch (error) {
			// A failed open leaves the session as it was.
			await page.close({ runBeforeUnload: false }).catch(() => undefined);
			throw error;
		}
		if (switchTo) {
			makeCurrent(context, page);
			await page.bringToFront().catch(() => undefined);
		}
		return {
			result: {
				tab: await tabInfo(context, page),
				status,
				ok: status === null || status < 400,
				tabCount: openTabs(context).length,
			},
		};
	},
});
