import type { Page, Request, Response } from 'playwright';
import { BrowserAgentError } from '../../errors';
import type { ActionContext } from '../action';
import { pollUntil } from './polling';

/**
 * When a page load counts as done, for the actions that load a page in the current tab (Navigate,
 * Reload, Go Back/Forward): Playwright's four load states, and puppeteer's networkidle0 and
 * networkidle2 so workflows moved from n8n-nodes-puppeteer keep their setting.
 */
export const NAVIGATION_WAIT_UNTIL = [
	'load',
	'domcontentloaded',
	'networkidle',
	'commit',
	'networkidle0',
	'networkidle2',
] as const;
export type NavigationWaitUntil = (typeof NAVIGATION_WAIT_UNTIL)[number];

/** The load states Playwright waits for itself. */
type LoadState = 'load' | 'domcontentloaded' | 'networkidle' | 'commit';

/** networkidle2, as puppeteer (Chromium's networkAlmostIdle) defines it. */
export const ALMOST_IDLE = { maxOpenRequests: 2, quietMs: 500 } as const;

/**
 * Runs `load` (a goto, reload, goBack…) and waits until the page reached `waitUntil`.
 * networkidle0 is Playwright's networkidle (no requests for 500 ms). networkidle2 has no
 * Playwright equivalent: the load waits for DOMContentLoaded (where Chromium starts measuring
 * too), then for at most two requests of the page to stay open for 500 ms, all within the
 * action's time. A load that opens no new document (no response) is not waited for.
 */
export async function loadUntil(
	context: Pick<ActionContext, 'page' | 'timeoutMs' | 'signal'>,
	waitUntil: NavigationWaitUntil,
	load: (options: { waitUntil: LoadState; timeout: number }) => Promise<Response | null>,
): Promise<Response | null> {
	const timeout = context.timeoutMs;
	if (waitUntil === 'networkidle0') return load({ waitUntil: 'networkidle', timeout });
	if (waitUntil !== 'networkidle2') return load({ waitUntil, timeout });
	const deadline = Date.now() + timeout;
	const requests = new OpenRequests(context.page, ALMOST_IDLE.maxOpenRequests);
	try {
		const response = await load({ waitUntil: 'domcontentloaded', timeout });
		if (response === null) return response;
		const settled = await requests.quiet(ALMOST_IDLE.quietMs, deadline, context.signal);
		if (!settled && !context.signal.aborted) throw notAlmostIdle(timeout, requests.stillOpen());
		return response;
	} finally {
		requests.dispose();
	}
}

/**
 * Counts the page's requests in flight (of every frame), from the request events Playwright
 * reports, and notes since when there have been at most `max` of them.
 */
class OpenRequests {
	private readonly open = new Set<Request>();
	private quietSince: number | undefined;

	constructor(
		private readonly page: Page,
		private readonly max: number,
	) {
		page.on('request', this.onStart);
		page.on('requestfinished', this.onEnd);
		page.on('requestfailed', this.onEnd);
	}

	/**
	 * Waits until no more than `max` requests have been open for `quietMs`, counted from now at the
	 * earliest; false when the deadline passes (or the session ends) first.
	 */
	async quiet(quietMs: number, deadline: number, signal: AbortSignal): Promise<boolean> {
		this.quietSince = this.open.size <= this.max ? Date.now() : undefined;
		const quiet = await pollUntil(
			() =>
				this.quietSince !== undefined && Date.now() - this.quietSince >= quietMs ? true : undefined,
			{ deadline, signal, intervalMs: 25 },
		);
		return quiet === true;
	}

	/** What is still open, for the error message: method and URL of the first few. */
	stillOpen(): string[] {
		return [...this.open].map((request) => `${request.method()} ${request.url()}`);
	}

	dispose(): void {
		this.page.off('request', this.onStart);
		this.page.off('requestfinished', this.onEnd);
		this.page.off('requestfailed', this.onEnd);
	}

	private readonly onStart = (request: Request) => {
		this.open.add(request);
		if (this.open.size > this.max) this.quietSince = undefined;
	};

	private readonly onEnd = (request: Request) => {
		this.open.delete(request);
		if (this.open.size <= this.max) this.quietSince ??= Date.now();
	};
}

function notAlmostIdle(timeoutMs: number, open: string[]): BrowserAgentError {
	const shown = open.slice(0, 5).join(', ');
	const more = open.length > 5 ? ` and ${open.length - 5} more` : '';
	return new BrowserAgentError(
		'TIMEOUT',
		`The page did not reach networkidle2 (at most ${ALMOST_IDLE.maxOpenRequests} requests open for ${ALMOST_IDLE.quietMs} ms) within ${timeoutMs} ms; ${open.length} requests were still open: ${shown}${more}.`,
		{
			field: 'waitUntil',
			advice:
				'Pages that keep polling or streaming more than two connections never go idle: choose load or domcontentloaded, or wait for the element you need with Page → Wait For; or raise the timeout.',
		},
	);
}
