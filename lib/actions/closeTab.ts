import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { describeTabs, makeCurrent, openTabs, tabInfo } from './support/tabs';

export const closeTab = defineAction({
	name: 'closeTab',
	description:
		'Close the current tab, or the tab at an index. When the current tab closes, the tab that opened it (or the one before it) becomes current; closing the last tab opens a fresh empty one, so the session stays usable.',
	input: {
		index: z
			.number()
			.int()
			.min(0)
			.optional()
			.describe('Which tab to close (0 = the oldest). Default: the current tab.'),
	},
	async run(context, { index }) {
		const tabs = openTabs(context);
		const target = index === undefined ? context.page : tabs[index];
		if (!target) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`There is no tab ${index}: the session has ${tabs.length} open tab(s), numbered from 0.`,
				{
					field: 'index',
					advice: `Open tabs: ${await describeTabs(context)}.`,
				},
			);
		}
		const closed = await tabInfo(context, target);
		const wasCurrent = target === context.page;
		const opener = wasCurrent ? await target.opener().catch(() => null) : null;
		const position = tabs.indexOf(target);
		await target.close({ runBeforeUnload: false });
		let openedNewTab = false;
		if (wasCurrent) {
			const left = openTabs(context);
			let next =
				opener && !opener.isClosed() ? opener : (left[Math.max(0, position - 1)] ?? left[0]);
			if (!next) {
				next = await context.context.newPage();
				openedNewTab = true;
			}
			makeCurrent(context, next);
			await next.bringToFront().catch(() => undefined);
		}
		return {
			result: {
				closed: { ...closed, current: false },
				tab: await tabInfo(context, context.page),
				openedNewTab,
				tabCount: openTabs(context).length,
			},
		};
	},
});
