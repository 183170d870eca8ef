import type {
	BrowserContext,
	BrowserContextOptions,
	Frame,
	Page,
	Request,
	Route,
	WebSocketRoute,
} from 'playwright';
import { BrowserAgentError } from '../../errors';
import {
	judgeHost,
	judgeUrl,
	refusal,
	restrictsHosts,
	type SessionPolicy,
	type UrlVerdict,
} from '../../policy/policy';
import type { EgressDecision, EgressRoute, EgressTenant, UpstreamProxy } from './egress';

const MINUTE_MS = 60_000;
/** How long an action waits past its end for the navigations it started (popups, redirects) to be answered or refused. */
const NAVIGATION_SETTLE_MS = 5_000;
/** How long a tab opened during an action may take to ask for its first page (a blank popup never does). */
const POPUP_FIRST_REQUEST_MS = 1_000;
/** A redirect's next hop is asked for right after the redirect is answered: look once more before calling it settled. */
const HOP_GRACE_MS = 30;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Hosts listed one by one in the status; the rest are only counted. */
const HOSTS_REPORTED = 50;

/** What the session refused to load because of its policy (Session → Get Status: `blockedByPolicy`). */
export interface PolicyBlockCount {
	total: number;
	/** Refused requests per host (or per scheme, for non-network addresses). */
	byHost: Record<string, number>;
}

interface BlockedNavigation {
	url: string;
	verdict: Exclude<UrlVerdict, { allowed: true }>;
	/** A tab's own page (not a frame in it): what the next action is failed for, when the current one can no longer be. */
	mainFrame: boolean;
}

/**
 * Enforces one session's policy: checks every request of its browser context (all tabs, popups,
 * frames, redirects, downloads, WebSockets) and its action quotas. One per session.
 *
 * Two lines of defence when the policy restricts hosts: in the browser, a route on every request
 * refuses early and with a clear error; on the network, the egress proxy (when the browser can be
 * made to use it) refuses every connection to a host the policy forbids, including what routes do
 * not see (redirect hops, prefetch and prerender, shared workers). The proxy is what keeps the promise.
 */
export class PolicyGuard {
	private blockedTotal = 0;
	private readonly blockedByHost = new Map<string, number>();
	private actionsRun = 0;
	private readonly recentActions: number[] = [];
	/** The first navigation (any frame, any tab) to a refused host while the current action ran: the reason it fails. */
	private refusedNavigation?: BlockedNavigation;
	/** A tab sent to a refused host while no action ran (a page's timer, a late popup): the next action fails with it. */
	private refusedBetweenActions?: BlockedNavigation;
	private actionRunning = false;
	/** Whether the context's connections go through the egress proxy, which refuses what the browser does not see. */
	private networkEnforced = false;
	/** Navigations (any frame, any tab) asked for and not yet answered or failed. */
	private readonly pendingNavigations = new Set<Request>();
	/** Tabs opened and not yet asking for their first page, with when they opened. */
	private readonly openingTabs = new Map<Page, number>();

	constructor(
		readonly policy: SessionPolicy,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * Context options the policy needs. Service workers are blocked when hosts are restricted,
	 * because requests a service worker makes are not routed (so not checked).
	 */
	static contextOptions(policy: SessionPolicy): Partial<BrowserContextOptions> {
		return restrictsHosts(policy) ? { serviceWorkers: 'block' } : {};
	}

	/**
	 * Routes the context's requests through the policy. Call before any other route is added:
	 * Playwright runs the last-added route first, so this one sees every request that the others
	 * pass on with `route.fallback()` (they must never `continue()` a request themselves).
	 * `egress`: the context's place on the egress proxy, when it has one; `upstream` is how allowed
	 * connections leave (the session's own proxy).
	 */
	async install(
		context: BrowserContext,
		egress?: EgressTenant,
		upstream?: UpstreamProxy,
	): Promise<void> {
		if (restrictsHosts(this.policy)) {
			if (egress) {
				egress.admit({ decide: (host) => this.decideConnection(host, upstream) });
				this.networkEnforced = true;
			}
			await context.route(
				() => true,
				(route, request) => this.onRequest(route, request),
			);
			context.on('request', (request) => this.onRequestSeen(request));
			context.on('response', (response) => this.pendingNavigations.delete(response.request()));
			context.on('requestfailed', (request) => this.pendingNavigations.delete(request));
			context.on('page', (tab) => this.onTabOpened(tab));
			// Channels the host rules cannot see into: WebRTC sends UDP (STUN) past any proxy, and a
			// shared worker outlives its pages. A flow with host rules has no use for either. Init scripts
			// run in every document of the context, fresh iframes and popups included.
			await context.addInitScript(() => {
				for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'SharedWorker'])
					delete (globalThis as Record<string, unknown>)[name];
			});
		} else if (egress) {
			egress.admit({ decide: (host) => ({ allowed: true, route: upstreamFor(host, upstream) }) });
		}
		// WebSockets are not seen by route(); ws:/wss: follow the http/https scheme and host rules.
		const schemesNarrowed =
			!this.policy.allowedSchemes.includes('http') || !this.policy.allowedSchemes.includes('https');
		if (restrictsHosts(this.policy) || schemesNarrowed)
			await context.routeWebSocket(
				() => true,
				(socket) => this.onWebSocket(socket),
			);
	}

	/** Checks the action quotas before an action runs; throws QUOTA_EXCEEDED naming the limit. */
	beforeAction(): void {
		const { maxActionsPerSession, maxActionsPerMinute } = this.policy;
		if (this.actionsRun >= maxActionsPerSession) {
			throw new BrowserAgentError(
				'QUOTA_EXCEEDED',
				`This session has run ${maxActionsPerSession} actions, its limit (Max Actions per Session).`,
				{
					advice:
						'Close the session and open a new one, or ask the owner of the Browser Agent credential to raise Max Actions per Session.',
				},
			);
		}
		const now = this.now();
		while (this.recentActions.length && this.recentActions[0] <= now - MINUTE_MS)
			this.recentActions.shift();
		if (this.recentActions.length >= maxActionsPerMinute) {
			throw new BrowserAgentError(
				'QUOTA_EXCEEDED',
				`This session has run ${maxActionsPerMinute} actions in the last minute, its limit (Max Actions per Minute).`,
				{
					advice:
						'Slow the flow down (e.g. a Wait node), or ask the owner of the Browser Agent credential to raise Max Actions per Minute.',
				},
			);
		}
		this.actionsRun++;
		this.recentActions.push(now);
		this.refusedNavigation = undefined;
		const refusedMeanwhile = this.refusedBetweenActions;
		this.refusedBetweenActions = undefined;
		if (refusedMeanwhile) {
			const error = refusal(refusedMeanwhile.verdict, refusedMeanwhile.url);
			throw new BrowserAgentError(
				error.code,
				`After the previous action the page went on to a refused address. ${error.message}`,
				{ advice: error.advice },
			);
		}
		this.actionRunning = true;
	}

	/**
	 * Fails the action during which a page, frame or popup tried to navigate to a refused host. Waits
	 * (briefly, bounded) for the navigations the action started to be answered first, so that a click
	 * whose popup or redirect is refused fails at once with DOMAIN_NOT_ALLOWED.
	 */
	async afterAction(): Promise<void> {
		await this.navigationsSettled();
		const refused = this.refusedNavigation;
		this.refusedNavigation = undefined;
		if (refused) throw refusal(refused.verdict, refused.url);
	}

	/** What a person was refused while they drove the page: blocked and counted, not an action's failure. */
	forgetRefusedNavigation(): void {
		this.refusedNavigation = undefined;
	}

	/**
	 * The action is over (succeeded or failed): from now on a refused tab is kept for the next action.
	 * A tab refused after `afterAction` looked (while the result was being read, e.g. a late popup)
	 * was not reported by this action, so the next one is failed for it, as for one refused between actions.
	 */
	actionEnded(): void {
		this.actionRunning = false;
		const unreported = this.refusedNavigation;
		this.refusedNavigation = undefined;
		if (unreported?.mainFrame) this.refusedBetweenActions ??= unreported;
	}

	private async navigationsSettled(): Promise<void> {
		if (!this.unsettled()) return;
		const deadline = this.now() + NAVIGATION_SETTLE_MS;
		while (!this.refusedNavigation && this.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, HOP_GRACE_MS));
			if (!this.unsettled()) {
				await new Promise((resolve) => setTimeout(resolve, HOP_GRACE_MS));
				if (!this.unsettled()) return;
			}
		}
	}

	private unsettled(): boolean {
		const now = this.now();
		for (const [tab, openedAt] of this.openingTabs)
			if (now - openedAt > POPUP_FIRST_REQUEST_MS || tab.isClosed()) this.openingTabs.delete(tab);
		return this.pendingNavigations.size > 0 || this.openingTabs.size > 0;
	}

	private onTabOpened(tab: Page): void {
		if (tab.url() !== 'about:blank') return;
		this.openingTabs.set(tab, this.now());
		tab.once('request', () => this.openingTabs.delete(tab));
	}

	/** When `error` came from a navigation the policy refused, the DOMAIN_NOT_ALLOWED error that names the host; else `error`. */
	explain(error: unknown): unknown {
		const refused = this.refusedNavigation;
		const message = error instanceof Error ? error.message : String(error);
		// A refused download link never starts its download: the wait for it is what fails. A navigation
		// stopped after an escaping redirect hop fails as interrupted by the guard's own navigation.
		if (
			!refused ||
			!/ERR_BLOCKED_BY_CLIENT|ERR_ABORTED|waiting for event "download"|interrupted by another navigation/.test(
				message,
			)
		)
			return error;
		this.refusedNavigation = undefined;
		return refusal(refused.verdict, refused.url);
	}

	/** What the policy refused so far. */
	get blocked(): PolicyBlockCount {
		return { total: this.blockedTotal, byHost: Object.fromEntries(this.blockedByHost) };
	}

	/** The policy part of the session's status: present once the policy checks requests. */
	status(): {
		blockedByPolicy?: PolicyBlockCount;
		hostRulesEnforcedBy?: 'egressProxy' | 'browser';
	} {
		if (!restrictsHosts(this.policy))
			return this.blockedTotal ? { blockedByPolicy: this.blocked } : {};
		return {
			blockedByPolicy: this.blocked,
			hostRulesEnforcedBy: this.networkEnforced ? 'egressProxy' : 'browser',
		};
	}

	private async onRequest(route: Route, request: Request): Promise<void> {
		try {
			const url = request.url();
			const verdict = judgeUrl(this.policy, url);
			if (!verdict.allowed) return await this.refuse(route, verdict);
			if (this.networkEnforced || !request.isNavigationRequest()) return await route.fallback();
			// Without the egress proxy (a remote browser), Playwright does not route the hops of a
			// redirect, so navigations are fetched here (from the runner's machine) and a redirect's
			// target is checked before the browser may follow it. The hop after an allowed redirect is
			// not routed again (README, Security model: limits).
			// No time limit of its own: slow report exports are normal, and the action's timeout governs.
			const response = await route.fetch({ maxRedirects: 0, timeout: 0 });
			try {
				const location = REDIRECT_STATUSES.has(response.status())
					? response.headers().location
					: undefined;
				const target =
					location && URL.canParse(location, url) ? new URL(location, url).href : undefined;
				const next = target ? judgeUrl(this.policy, target) : undefined;
				if (target && next && !next.allowed) {
					if (request.isNavigationRequest())
						this.recordRefusedNavigation(request, { url: target, verdict: next });
					return await this.refuse(route, next);
				}
				await route.fulfill({ response });
			} finally {
				// Playwright keeps a fetched body until told otherwise (the context's end): every page
				// and file the session opened would stay in memory.
				await response.dispose().catch(() => undefined);
			}
		} catch (error) {
			// The server could not be reached (or the page went away meanwhile): fail as the browser would.
			await route.abort(abortReason(error)).catch(() => undefined);
		}
	}

	/**
	 * Every request of the context, before it is routed, including the hops of a redirect (which are
	 * never routed). A navigation to a refused host, in any frame or tab, fails the running action.
	 * Without the egress proxy a refused redirect hop reaches the network: it is counted here, and its
	 * frame is sent to about:blank so nothing of that host stays in the session.
	 */
	private onRequestSeen(request: Request): void {
		const hop = !!request.redirectedFrom();
		if (!hop && !request.isNavigationRequest()) return;
		if (request.isNavigationRequest()) this.pendingNavigations.add(request);
		const url = request.url();
		const verdict = judgeUrl(this.policy, url);
		if (verdict.allowed) return;
		if (request.isNavigationRequest()) this.recordRefusedNavigation(request, { url, verdict });
		// With the egress proxy the hop is refused (and counted) there, before any byte leaves; the frame
		// shows the proxy's refusal.
		if (!hop || this.networkEnforced) return;
		this.count(verdict);
		if (request.isNavigationRequest())
			frameOf(request)
				?.goto('about:blank')
				.catch(() => undefined);
	}

	private recordRefusedNavigation(
		request: Request,
		refused: Omit<BlockedNavigation, 'mainFrame'>,
	): void {
		const navigation = { ...refused, mainFrame: isMainFrame(request) };
		if (this.actionRunning) this.refusedNavigation ??= navigation;
		else if (navigation.mainFrame) this.refusedBetweenActions ??= navigation;
	}

	/** The egress proxy's question: may this context connect to `host`? Refusals are counted. */
	private decideConnection(host: string, upstream?: UpstreamProxy): EgressDecision {
		const verdict = judgeHost(this.policy, host);
		if (verdict.allowed) return { allowed: true, route: upstreamFor(host, upstream) };
		this.count(verdict);
		return { allowed: false };
	}

	private async refuse(
		route: Route,
		verdict: Exclude<UrlVerdict, { allowed: true }>,
	): Promise<void> {
		this.count(verdict);
		await route.abort('blockedbyclient');
	}

	private async onWebSocket(socket: WebSocketRoute): Promise<void> {
		try {
			const verdict = judgeUrl(this.policy, socket.url());
			if (verdict.allowed) {
				socket.connectToServer();
				return;
			}
			this.count(verdict);
			await socket.close({ code: 1008, reason: 'Blocked by the Browser Agent policy' });
		} catch {
			// The page went away meanwhile.
		}
	}

	private count(verdict: Exclude<UrlVerdict, { allowed: true }>): void {
		const where = verdict.reason === 'host' ? verdict.host : `${verdict.scheme}:`;
		this.blockedTotal++;
		if (this.blockedByHost.has(where) || this.blockedByHost.size < HOSTS_REPORTED)
			this.blockedByHost.set(where, (this.blockedByHost.get(where) ?? 0) + 1);
	}
}

/** The browser's error for a navigation the runner fetched and could not complete. */
function abortReason(
	error: unknown,
): 'namenotresolved' | 'connectionrefused' | 'timedout' | 'failed' {
	const message = error instanceof Error ? error.message : String(error);
	if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'namenotresolved';
	if (/ECONNREFUSED/.test(message)) return 'connectionrefused';
	if (/Timeout|ETIMEDOUT/i.test(message)) return 'timedout';
	return 'failed';
}

function upstreamFor(host: string, upstream?: UpstreamProxy): EgressRoute | undefined {
	return upstream && !upstream.bypasses(host) ? { upstreamProxyUrl: upstream.url } : undefined;
}

function isMainFrame(request: Request): boolean {
	const frame = frameOf(request);
	// A popup's first navigation is asked for before its tab has a frame: it is that tab's own page.
	if (!frame) return request.isNavigationRequest();
	return frame.parentFrame() === null;
}

function frameOf(request: Request): Frame | undefined {
	try {
		return request.frame();
	} catch {
		// Requests of service workers have no frame.
		return undefined;
	}
}
