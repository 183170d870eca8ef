import type { Page } from 'playwright';
import { storeKey, type ActionContext } from '../action';
import { readTitle } from './pageTitle';
import { pollUntil } from './polling';

const SEEN_TABS = storeKey<WeakSet<Page>>('tabs.seen');

/** What the tab actions say about a tab. `index` is its position among the open tabs, oldest first. */
export interface TabInfo {
	index: number;
	url: string;
	title: string;
	current: boolean;
}

/** The session's open tabs, oldest first: their positions are the indexes builders use. */
export function openTabs(context: ActionContext): Page[] {
	return context.context.pages().filter((page) => !page.isClosed());
}

export async function tabInfo(context: ActionContext, page: Page): Promise<TabInfo> {
	return {
		index: openTabs(context).indexOf(page),
		url: page.isClosed() ? '' : page.url(),
		title: await readTitle(page),
		current: page === context.page,
	};
}

export async function allTabs(context: ActionContext): Promise<TabInfo[]> {
	return Promise.all(openTabs(context).map((page) => tabInfo(context, page)));
}

/** "0: Tabs - Acme (http://…/tabs), 1: …", for error messages that help pick the right tab. */
export async function describeTabs(context: ActionContext): Promise<string> {
	const tabs = await allTabs(context);
	return tabs
		.map(
			(tab) =>
				`${tab.index}: ${tab.title || '(no title)'} (${tab.url})${tab.current ? ' [current]' : ''}`,
		)
		.join(', ');
}

/**
 * Makes `page` the tab this and later actions work on. The action's own context follows too,
 * so the run reports the URL and title of the tab it switched to.
 */
export function makeCurrent(context: ActionContext, page: Page): void {
	context.session.usePage(page);
	context.page = page;
	context.scope = page;
	seenTabs(context).add(page);
}

/**
 * Tabs the flow has already dealt with (been current, opened by Tab → Open, or returned by Wait
 * for Popup). A popup is a tab the page opened that is not among them.
 */
export function seenTabs(context: ActionContext): WeakSet<Page> {
	const seen = context.session.store.obtain(SEEN_TABS, () => new WeakSet<Page>());
	seen.add(context.page);
	return seen;
}

/** The newest popup the flow has not dealt with yet: opened by a page, still open, not current. */
export async function unseenPopup(context: ActionContext): Promise<Page | undefined> {
	const seen = seenTabs(context);
	for (const page of openTabs(context).reverse()) {
		if (page === context.page || seen.has(page)) continue;
		if (await page.opener().catch(() => null)) return page;
	}
	return undefined;
}

/**
 * Collects the tabs that open from now on (popups and new windows), until stopped. Listening
 * starts at once, so a popup opening while the action looks elsewhere is not missed.
 */
export function watchNewTabs(context: ActionContext): {
	next(deadline: number): Promise<Page | undefined>;
	stop(): void;
} {
	const opened: Page[] = [];
	const onPage = (page: Page) => opened.push(page);
	context.context.on('page', onPage);
	return {
		next: (deadline) =>
			pollUntil(() => opened.shift(), { deadline, signal: context.signal, intervalMs: 50 }),
		stop: () => context.context.off('page', onPage),
	};
}
