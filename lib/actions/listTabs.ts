import { defineAction } from './action';
import { allTabs } from './support/tabs';

export const listTabs = defineAction({
	name: 'listTabs',
	description:
		'List the session’s open tabs, popups included: index (0 = the oldest), URL, title and which one is current.',
	retryable: true,
	input: {},
	async run(context) {
		const tabs = await allTabs(context);
		return {
			result: { tabs, count: tabs.length, currentIndex: tabs.findIndex((tab) => tab.current) },
		};
	},
});
