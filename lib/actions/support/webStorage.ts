import type { ActionContext } from '../action';
import { BrowserAgentError } from '../../errors';

/**
 * Shared by the Storage actions that work on the current origin's localStorage and sessionStorage:
 * the origin of the current page, or of the frame the flow switched into.
 */

export type WebStorageKind = 'local' | 'session';

export interface WebStorageSnapshot {
	origin: string;
	localStorage: Record<string, string>;
	sessionStorage: Record<string, string>;
}

/** Fails clearly when the current document has no origin of its own (about:blank, data: URLs). */
export function assertWebOrigin(origin: string, url: string): void {
	if (origin && origin !== 'null') return;
	throw new BrowserAgentError(
		'ACTION_FAILED',
		`The current page (${url || 'about:blank'}) has no web origin, so it has no localStorage or sessionStorage.`,
		{
			advice:
				'Open a page of the site first (Page → Navigate); storage belongs to the site (origin) of the current page.',
		},
	);
}

export async function readWebStorage(context: ActionContext): Promise<WebStorageSnapshot> {
	const snapshot = await context.scope.evaluate(() => {
		const origin = window.location.origin;
		const local: Record<string, string> = {};
		const session: Record<string, string> = {};
		if (origin === 'null')
			return { origin, url: window.location.href, localStorage: local, sessionStorage: session };
		for (let i = 0; i < window.localStorage.length; i++) {
			const key = window.localStorage.key(i);
			if (key !== null) local[key] = window.localStorage.getItem(key) ?? '';
		}
		for (let i = 0; i < window.sessionStorage.length; i++) {
			const key = window.sessionStorage.key(i);
			if (key !== null) session[key] = window.sessionStorage.getItem(key) ?? '';
		}
		return { origin, url: window.location.href, localStorage: local, sessionStorage: session };
	});
	assertWebOrigin(snapshot.origin, snapshot.url);
	return {
		origin: snapshot.origin,
		localStorage: snapshot.localStorage,
		sessionStorage: snapshot.sessionStorage,
	};
}
