import { defineAction } from './action';
import { moveInHistory } from './goBack';
import { navigationWaitUntilOption } from './navigate';

export const goForward = defineAction({
	name: 'goForward',
	description:
		'Go forward one page in the tab’s history, like the browser’s Forward button, and wait until it has loaded. With no later page, stays put and says so (moved: false).',
	input: {
		waitUntil: navigationWaitUntilOption,
	},
	async run(context, { waitUntil }) {
		return { result: await moveInHistory(context, 'forward', waitUntil) };
	},
});
