import { z } from 'zod';
import type { Frame, Page, Request } from 'playwright';
import { BrowserAgentError } from '../../errors';
import type { ActionContext } from '../action';
import { remaining } from './polling';

/** How far a page load that an action started must get before the action returns. */
export const WAIT_UNTIL_AFTER = ['none', 'load', 'networkidle'] as const;
export type WaitUntilAfter = (typeof WAIT_UNTIL_AFTER)[number];

/** The `waitUntilAfter` input of actions that may open a page (click, key press…). */
export const waitUntilAfterOption = z
	.enum(WAIT_UNTIL_AFTER)
	.default('none')
	.describe(
		'If the action opens a page (a link, a form submit): wait until it has reached load (all resources) or networkidle (no requests for 500 ms) before returning. none returns at once, as before. An action that opens no page returns without waiting.',
	);

/** Where a load landed: the frame's address once it reached the state. */
export interface NavigationOutcome {
	navigated: boolean;
	url?: string;
}

/**
 * Runs `act`, then waits for a page load that it started, in the main frame or the scope's frame,
 * to reach `waitUntil`. A load counts as started by the action when its document request (or the
 * frame's navigation) shows up before one task of the page has run after the action: input
 * handlers that navigate do it at once, and measured over many clicks, key presses and double
 * clicks the request always came first. So an action that starts none costs one round trip, not
 * a fixed wait; loads started later by timers or fetches are not waited for.
 */
export async function withLoadAfter<Result>(
	context: ActionContext,
	waitUntil: WaitUntilAfter,
	act: () => Promise<Result>,
): Promise<{ value: Result; navigation?: NavigationOutcome }> {
	if (waitUntil === 'none') return { value: await act() };
	const deadline = Date.now() + context.timeoutMs;
	const scopeFrame = 'mainFrame' in context.scope ? context.scope.mainFrame() : context.scope;
	const watch = new NavigationWatch(context.page, [context.page.mainFrame(), scopeFrame]);
	try {
		const value = await act();
		if (!watch.frame) await oneTaskOf(scopeFrame, deadline);
		const frame = watch.frame;
		if (!frame) return { value, navigation: { navigated: false } };
		const outcome = await watch.outcome(deadline);
		// Its request ended without a new document: a download or an empty (204) answer.
		if (outcome === 'ended') return { value, navigation: { navigated: false } };
		try {
			if (outcome === 'late') throw new Error('no answer to the page request');
			await frame.waitForLoadState(waitUntil, { timeout: remaining(deadline) });
		} catch (error) {
			if (frame.isDetached()) return { value, navigation: { navigated: false } };
			throw new BrowserAgentError(
				'TIMEOUT',
				`The action was done, but the page it opened did not reach "${waitUntil}" within ${context.timeoutMs} ms.`,
				{
					field: 'waitUntilAfter',
					advice:
						waitUntil === 'networkidle'
							? 'Pages that keep polling never go idle: choose load, or wait for an element with Page → Wait For.'
							: 'Raise the timeout, or wait for the element you need with Page → Wait For.',
					cause: error,
				},
			);
		}
		return { value, navigation: { navigated: true, url: frame.url() } };
	} finally {
		watch.dispose();
	}
}

/** Lets the page run one task, so a navigation its handlers started has been requested. */
async function oneTaskOf(frame: Frame, deadline: number): Promise<void> {
	const task = frame
		.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
		.catch(() => undefined); // A navigation that commits meanwhile ends the old document: fine.
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, Math.min(remaining(deadline), ONE_TASK_LIMIT_MS));
	});
	await Promise.race([task, late]).finally(() => clearTimeout(timer));
}

/** A page that cannot run one task this long (an open alert, a busy script) is not navigating. */
const ONE_TASK_LIMIT_MS = 2_000;

/** How long a finished document request may still take to commit before it counts as none. */
const COMMIT_AFTER_FINISH_MS = 500;

/**
 * What became of navigations in the watched frames since the watch began: the first frame that
 * requested or committed one, whether it committed, and whether its request ended without a
 * document. Listens from before the action, since Playwright's click itself waits for the commit
 * (or the failed request of a download) of a navigation it caused.
 */
class NavigationWatch {
	private requested: Frame | undefined;
	private committed: Frame | undefined;
	private ended = false;
	private endTimer: NodeJS.Timeout | undefined;
	private wake: (() => void) | undefined;

	constructor(
		private readonly page: Page,
		frames: Frame[],
	) {
		this.watched = new Set(frames);
		page.on('request', this.onRequest);
		page.on('framenavigated', this.onNavigated);
		page.on('requestfailed', this.onFailed);
		page.on('requestfinished', this.onFinished);
	}

	private readonly watched: Set<Frame>;

	/** The frame a navigation began in, if one did. */
	get frame(): Frame | undefined {
		return this.committed ?? this.requested;
	}

	/** committed once the frame has its new document; ended if the request had none; late at the deadline. */
	async outcome(deadline: number): Promise<'committed' | 'ended' | 'late'> {
		for (;;) {
			if (this.committed) return 'committed';
			if (this.ended) return 'ended';
			const left = deadline - Date.now();
			if (left <= 0) return 'late';
			let timer: NodeJS.Timeout | undefined;
			await new Promise<void>((resolve) => {
				this.wake = resolve;
				timer = setTimeout(resolve, left);
			});
			clearTimeout(timer);
		}
	}

	dispose(): void {
		clearTimeout(this.endTimer);
		this.page.off('request', this.onRequest);
		this.page.off('framenavigated', this.onNavigated);
		this.page.off('requestfailed', this.onFailed);
		this.page.off('requestfinished', this.onFinished);
		this.wake?.();
	}

	private ours(request: Request): boolean {
		return request.isNavigationRequest() && this.watched.has(request.frame());
	}

	private changed(): void {
		const wake = this.wake;
		this.wake = undefined;
		wake?.();
	}

	private readonly onRequest = (request: Request) => {
		if (!this.ours(request)) return;
		this.requested ??= request.frame();
		// A redirect's next hop, or a new navigation: the earlier end no longer counts.
		this.ended = false;
		clearTimeout(this.endTimer);
		this.changed();
	};

	private readonly onNavigated = (frame: Frame) => {
		if (!this.watched.has(frame)) return;
		this.committed ??= frame;
		this.changed();
	};

	private readonly onFailed = (request: Request) => {
		if (!this.ours(request)) return;
		this.ended = true;
		this.changed();
	};

	// A document usually commits before its request finishes; a 204 never does. Redirects go on.
	private readonly onFinished = (request: Request) => {
		if (!this.ours(request)) return;
		void request.response().then((response) => {
			const status = response?.status() ?? 0;
			if (status >= 300 && status < 400) return;
			clearTimeout(this.endTimer);
			this.endTimer = setTimeout(() => {
				this.ended = true;
				this.changed();
			}, COMMIT_AFTER_FINISH_MS);
		});
	};
}
