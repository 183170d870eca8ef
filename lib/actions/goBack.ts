import { readTitle } from './support/pageTitle';
import { defineAction, type ActionContext } from './action';
import { navigationWaitUntilOption } from './navigate';
import { loadUntil, type NavigationWaitUntil } from './support/loadWait';

export const goBack = defineAction({
	name: 'goBack',
	description:
		'Go back one page in the tab’s history, like the browser’s Back button, and wait until it has loaded. With no earlier page, stays put and says so (moved: false).',
	input: {
		waitUntil: navigationWaitUntilOption,
	},
	async run(context, { waitUntil }) {
		return { result: await moveInHistory(context, 'back', waitUntil) };
	},
});

/** Goes one step back or forward; `moved` tells whether there was a page to go to. */
export async function moveInHistory(
	context: ActionContext,
	direction: 'back' | 'forward',
	waitUntil: NavigationWaitUntil,
) {
	const { page } = context;
	const before = page.url();
	const response = await loadUntil(context, waitUntil, (options) =>
		direction === 'back' ? page.goBack(options) : page.goForward(options),
	);
	// Playwright answers null both for "no history" and for a move within the same document
	// (#anchors, pushState); only the second changes the URL.
	const moved = response !== null || page.url() !== before;
	return {
		moved,
		url: page.url(),
		title: await readTitle(page, context.timeoutMs),
		status: response?.status() ?? null,
		headers: response?.headers() ?? {},
	};
}
