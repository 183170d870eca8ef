import { readTitle } from './support/pageTitle';
import { defineAction } from './action';
import { navigationWaitUntilOption } from './navigate';
import { loadUntil } from './support/loadWait';

export const reload = defineAction({
	name: 'reload',
	description:
		'Reload the current tab and wait until it has loaded again. Returns the URL, title, HTTP status and response headers.',
	retryable: true,
	input: {
		waitUntil: navigationWaitUntilOption,
	},
	async run(context, { waitUntil }) {
		const { page } = context;
		const response = await loadUntil(context, waitUntil, (options) => page.reload(options));
		return {
			result: {
				url: page.url(),
				title: await readTitle(page, context.timeoutMs),
				status: response?.status() ?? null,
				headers: response?.headers() ?? {},
			},
		};
	},
});
