import { domainToUnicode } from 'node:url';
import type { CDPSession, Page } from 'playwright';

/**
 * Reading a tab's title, as every action's result reports it.
 *
 * `page.title()` evaluates `document.title` in the page, so it waits for the page's main thread:
 * right after a load that is busy laying the page out, and the read costs as much as the action
 * (measured 17 ms after a navigation, against 3.5 ms below). Chromium's
 * browser process keeps every tab's title too (the renderer sends each change as it happens), and
 * DevTools' Target.getTargetInfo reads it without entering the page. That title stands in for the
 * URL when the document has none, so a title that could be the URL is read from the page instead;
 * so is any title where DevTools is not at hand (another browser, a session that refused).
 */

/** Each tab's DevTools session for title reads, opened at the first read; undefined where none can be. */
const titleSessions = new WeakMap<Page, Promise<CDPSession | undefined>>();

/** A page's title, or '' when the page is closed or does not answer within `waitMs` (the title is only informative). */
export async function readTitle(page: Page, waitMs = 1_000): Promise<string> {
	if (page.isClosed()) return '';
	let timer: NodeJS.Timeout | undefined;
	const giveUp = new Promise<string>((resolve) => {
		timer = setTimeout(() => resolve(''), waitMs);
		timer.unref();
	});
	try {
		return await Promise.race([titleOf(page).catch(() => ''), giveUp]);
	} finally {
		clearTimeout(timer);
	}
}

async function titleOf(page: Page): Promise<string> {
	const known = await browserTitleOf(page);
	return known ?? page.title();
}

/** The title the browser process holds, unless it may be the URL standing in for no title. */
async function browserTitleOf(page: Page): Promise<string | undefined> {
	const session = await titleSession(page);
	if (!session) return undefined;
	const { targetInfo } = await session.send('Target.getTargetInfo').catch(() => ({
		targetInfo: undefined,
	}));
	if (!targetInfo) return undefined;
	const { title, url } = targetInfo;
	// A blank tab (a fresh session) is "about:blank" for want of a title: no page round trip, which
	// would wait for its renderer to start.
	if (url === 'about:blank' && title === url) return '';
	return mayBeTheUrl(title, url) ? undefined : title;
}

/**
 * Opens the tab's DevTools session for title reads ahead of its first read, e.g. while a spare
 * tab waits for its session.
 */
export async function prepareTitleReads(page: Page): Promise<void> {
	await titleSession(page);
}

function titleSession(page: Page): Promise<CDPSession | undefined> {
	let session = titleSessions.get(page);
	if (!session) {
		session = page
			.context()
			.newCDPSession(page)
			.catch(() => undefined);
		titleSessions.set(page, session);
	}
	return session;
}

/**
 * Chromium shows the URL (without its scheme, with its host in Unicode) as the title of a page
 * with none. Any title found in the URL is read from the page, which tells the two apart.
 */
function mayBeTheUrl(title: string, url: string): boolean {
	if (title === '' || url.includes(title)) return true;
	try {
		const { hostname } = new URL(url);
		return hostname !== '' && title.includes(domainToUnicode(hostname));
	} catch {
		return true;
	}
}
