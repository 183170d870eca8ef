import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { compilePattern, patternSchema } from './support/matchPattern';
import { pollUntil } from './support/polling';
import { readTitle } from './support/pageTitle';
import { describeTabs, makeCurrent, openTabs, tabInfo } from './support/tabs';

export const switchTab = defineAction({
	name: 'switchTab',
	description:
		'Make another open tab the current one: by index (0 = the oldest tab), or the first tab whose URL or title matches a pattern (waits for it up to the timeout).',
	retryable: true,
	input: {
		index: z
			.number()
			.int()
			.min(0)
			.optional()
			.describe('The tab’s position among the open tabs, 0 = the oldest.'),
		url: patternSchema
			.optional()
			.describe(
				'Switch to the first tab whose URL matches this pattern (*, /regex/ or text it contains).',
			),
		title: patternSchema
			.optional()
			.describe(
				'Switch to the first tab whose title matches this pattern (*, /regex/ or text it contains).',
			),
	},
	async run(context, { index, url, title }) {
		const given = [
			index !== undefined && 'index',
			url !== undefined && 'url',
			title !== undefined && 'title',
		].filter(Boolean) as string[];
		if (given.length !== 1) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`Switch Tab needs exactly one of index, url or title (got ${given.length ? given.join(', ') : 'none'}).`,
				{
					field: given[1] ?? 'index',
					advice:
						'Choose one way to find the tab: its index (0 = the oldest), a URL pattern or a title pattern.',
				},
			);
		}
		let target;
		if (index !== undefined) {
			target = openTabs(context)[index];
			if (!target) {
				throw new BrowserAgentError(
					'INVALID_INPUT',
					`There is no tab ${index}: the session has ${openTabs(context).length} open tab(s), numbered from 0.`,
					{
						field: 'index',
						advice: `Open tabs: ${await describeTabs(context)}. A popup that is still opening: use Tab → Wait for Popup.`,
					},
				);
			}
		} else {
			const matches = compilePattern((url ?? title)!);
			target = await pollUntil(
				async () => {
					for (const page of openTabs(context)) {
						if (matches(url !== undefined ? page.url() : await readTitle(page))) return page;
					}
					return undefined;
				},
				{ deadline: Date.now() + context.timeoutMs, signal: context.signal },
			);
			if (!target) {
				throw new BrowserAgentError(
					'TIMEOUT',
					`No tab’s ${url !== undefined ? 'URL' : 'title'} matches "${url ?? title}" (waited ${context.timeoutMs} ms).`,
					{
						advice: `Open tabs: ${await describeTabs(context)}. Check the pattern: * stands for any text, /…/ is a regular expression, other text matches anywhere.`,
					},
				);
			}
		}
		makeCurrent(context, target);
		await target.bringToFront().catch(() => undefined);
		return { result: { tab: await tabInfo(context, target), tabCount: openTabs(context).length } };
	},
});
