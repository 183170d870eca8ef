import { defineAction } from './action';
import { dialogState } from './handleDialogs';

export const getPageInfo = defineAction({
	name: 'getPageInfo',
	description:
		'Describe the current tab: URL, title, loading state, viewport size and pixel ratio, number of open tabs, and the dialogs seen since Handle Dialogs started recording them.',
	retryable: true,
	input: {},
	async run({ page, context, session }) {
		const measured = await page.evaluate(() => ({
			readyState: document.readyState,
			title: document.title,
			width: window.innerWidth,
			height: window.innerHeight,
			devicePixelRatio: window.devicePixelRatio,
		}));
		const dialogs = dialogState(session);
		return {
			result: {
				url: page.url(),
				title: measured.title,
				readyState: measured.readyState,
				viewport: page.viewportSize() ?? { width: measured.width, height: measured.height },
				deviceScaleFactor: measured.devicePixelRatio,
				tabCount: context.pages().length,
				dialogPolicy: dialogs?.policy ?? null,
				dialogs: dialogs ? [...dialogs.seen] : [],
				dialogCount: dialogs?.total ?? 0,
			},
		};
	},
});
