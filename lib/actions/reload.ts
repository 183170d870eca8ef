import { defineAction } from './action';
import { waitUntilOption } from './navigate';

export const reload = defineAction({
	name: 'reload',
	description:
		'Reload the current tab and wait until it has loaded again. Returns the URL, title and HTTP status.',
	retryable: true,
	input: {
		waitUntil: waitUntilOption,
	},
	async run({ page, timeoutMs }, { waitUntil }) {
		const response = await page.reload({ waitUntil, timeout: timeoutMs });
		return {
			result: { url: page.url(), title: await page.title(), status: response?.status() ?? null },
		};
	},
});
