import type { Page } from 'playwright';
import { defineAction } from './action';
import { waitUntilOption } from './navigate';

export const goBack = defineAction({
	name: 'goBack',
	description:
		'Go back one page in the tab’s history, like the browser’s Back button, and wait until it has loaded. With no earlier page, stays put and says so (moved: false).',
	input: {
		waitUntil: waitUntilOption,
	},
	async run({ page, timeoutMs }, { waitUntil }) {
		return { result: await moveInHistory(page, 'back', { waitUntil, timeout: timeoutMs }) };
	},
});

/** Goes one step back or forward; `moved` tells whether there was a page to go to. */
export async function moveInHistory(
	page: Page,
	direction: 'back' | 'forward',
	options: { waitUntil: 'load' | 'domcontentloaded' | 'networkidle' | 'commit'; timeout: number },
) {
	const before = page.url();
	const response =
		direction === 'back' ? await page.goBack(options) : await page.goForward(options);
	// Playwright answers null both for "no history" and for a move within the same document
	// (#anchors, pushState); only the second changes the URL.
	const moved = response !== null || page.url() !== before;
	return { moved, url: page.url(), title: await page.title(), status: response?.status() ?? null };
}
