import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright';
import type { ConnectionTransport } from 'puppeteer-core';
import { judgeUrl, type SessionPolicy } from '../policy/policy';

/** A CDP message as puppeteer sends it (a command) or expects it (a reply or an event). */
interface CdpMessage {
	id?: number;
	method?: string;
	params?: Record<string, any>;
	sessionId?: string;
	result?: unknown;
	error?: { code: number; message: string };
}

/** A page puppeteer is attached to: the Playwright CDP session behind the session id it was given. */
interface AttachedPage {
	page: Page;
	targetId: string;
	session: CDPSession;
}

/** Browser-level commands that only read or that this transport scopes to the session's context. */
const ROOT_COMMANDS_IN_CONTEXT = new Set([
	'Storage.getCookies',
	'Storage.setCookies',
	'Storage.clearCookies',
	'Browser.setDownloadBehavior',
	'Browser.grantPermissions',
	'Browser.resetPermissions',
]);
const ROOT_COMMANDS_AS_IS = new Set(['Browser.getVersion', 'Target.activateTarget']);

/**
 * A puppeteer connection to one Browser Agent session without opening a debugging port: every CDP
 * message goes through the Playwright connection the runner already holds, so nothing outside this
 * process can reach the browser. The transport also keeps the script inside its session: it sees,
 * opens, attaches to and closes only the pages of the session's browser context, its cookie calls
 * are scoped to that context, and it cannot close the shared browser or make contexts of its own.
 *
 * Pages are presented to puppeteer as attached at the browser level (no tab targets); frames and
 * workers in other processes (cross-origin iframes, service workers) are not attached.
 */
export class PrivateTransport implements ConnectionTransport {
	onmessage?: (message: string) => void;
	onclose?: () => void;

	private readonly attached = new Map<string, AttachedPage>();
	private readonly ourTargets = new Set<string>();
	private autoAttach = false;
	private closed = false;
	private pageListener?: (page: Page) => void;
	private pending: Promise<unknown> = Promise.resolve();

	private constructor(
		private readonly context: BrowserContext,
		private readonly browserSession: CDPSession,
		private readonly contextId: string,
		private readonly policy: SessionPolicy,
	) {
		browserSession.on('event' as any, ({ method, params }: CdpMessage) =>
			this.onBrowserEvent(method!, params ?? {}),
		);
	}

	static async open(context: BrowserContext, policy: SessionPolicy): Promise<PrivateTransport> {
		const browser: Browser | null = context.browser();
		if (!browser) throw new Error('The session’s browser context has no browser to attach to.');
		const probePage = context.pages()[0] ?? (await context.newPage());
		const probe = await context.newCDPSession(probePage);
		const { targetInfo } = await probe.send('Target.getTargetInfo');
		await probe.detach().catch(() => undefined);
		const browserSession = await browser.newBrowserCDPSession();
		return new PrivateTransport(context, browserSession, targetInfo.browserContextId!, policy);
	}

	/** The target id puppeteer knows a Playwright page by. */
	async targetIdOf(page: Page): Promise<string> {
		for (const attached of this.attached.values())
			if (attached.page === page) return attached.targetId;
		const probe = await this.context.newCDPSession(page);
		try {
			return (await probe.send('Target.getTargetInfo')).targetInfo.targetId;
		} finally {
			await probe.detach().catch(() => undefined);
		}
	}

	send(text: string): void {
		const message = JSON.parse(text) as CdpMessage;
		// One at a time, in order: an attach must be announced before later commands use its session.
		this.pending = this.pending.then(() => this.handle(message)).catch(() => undefined);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		if (this.pageListener) this.context.off('page', this.pageListener);
		for (const { session } of this.attached.values()) void session.detach().catch(() => undefined);
		this.attached.clear();
		void this.browserSession.detach().catch(() => undefined);
		this.onclose?.();
	}

	private deliver(message: CdpMessage): void {
		if (!this.closed) this.onmessage?.(JSON.stringify(message));
	}

	private async handle(message: CdpMessage): Promise<void> {
		const { id, sessionId } = message;
		try {
			const result = sessionId
				? await this.onPageCommand(sessionId, message)
				: await this.onRootCommand(message);
			this.deliver({ id, sessionId, result: result ?? {} });
		} catch (error) {
			const text = error instanceof Error ? error.message : String(error);
			this.deliver({
				id,
				sessionId,
				error: { code: -32000, message: text.replace(/^[\w.]+: Protocol error \([\w.]+\): /, '') },
			});
		}
	}

	private async onRootCommand({ method, params = {} }: CdpMessage): Promise<unknown> {
		switch (method) {
			case 'Target.getBrowserContexts':
				// The session's context is the only one, presented as puppeteer's default context.
				return { browserContextIds: [] };
			case 'Target.setDiscoverTargets':
				return this.browserSession.send('Target.setDiscoverTargets', {
					discover: params.discover,
				});
			case 'Target.setAutoAttach':
				if (params.autoAttach && !this.autoAttach) await this.startAutoAttach();
				return {};
			case 'Target.getTargets': {
				const { targetInfos } = await this.browserSession.send('Target.getTargets');
				return { targetInfos: targetInfos.filter((info) => this.isOurs(info)) };
			}
			case 'Target.getTargetInfo':
				if (!params.targetId) return { targetInfo: await this.browserTargetInfo() };
				this.assertOurs(params.targetId);
				return this.browserSession.send('Target.getTargetInfo', params);
			case 'Target.createTarget': {
				if (params.browserContextId && params.browserContextId !== this.contextId)
					throw new Error('Scripts open pages in the session’s own browser context only.');
				this.assertUrlAllowed(params.url);
				const created = await this.browserSession.send('Target.createTarget', {
					url: 'about:blank',
					...params,
					browserContextId: this.contextId,
				});
				this.ourTargets.add(created.targetId);
				return created;
			}
			case 'Target.closeTarget':
				this.assertOurs(params.targetId);
				return this.browserSession.send('Target.closeTarget', params as any);
			case 'Target.attachToTarget': {
				this.assertOurs(params.targetId);
				const page = await this.pageOf(params.targetId);
				return { sessionId: await this.attach(page, params.targetId) };
			}
			case 'Target.detachFromTarget': {
				const attached = this.attached.get(params.sessionId);
				if (attached) {
					this.attached.delete(params.sessionId);
					await attached.session.detach().catch(() => undefined);
					this.deliver({
						method: 'Target.detachedFromTarget',
						params: { sessionId: params.sessionId, targetId: attached.targetId },
					});
				}
				return {};
			}
			case 'Browser.close':
				// The browser is shared and the session belongs to the workflow: closing means letting go.
				setImmediate(() => this.close());
				return {};
			default:
				if (ROOT_COMMANDS_IN_CONTEXT.has(method!))
					return this.browserSession.send(method as any, {
						...params,
						browserContextId: this.contextId,
					});
				if (ROOT_COMMANDS_AS_IS.has(method!)) {
					if (params.targetId) this.assertOurs(params.targetId);
					return this.browserSession.send(method as any, params);
				}
				throw new Error(
					`${method} is not available to scripts: they work in the session’s own browser context.`,
				);
		}
	}

	private async onPageCommand(sessionId: string, { method, params }: CdpMessage): Promise<unknown> {
		const attached = this.attached.get(sessionId);
		if (!attached) throw new Error(`No session with the given id ${sessionId}.`);
		switch (method) {
			// Children (frames in other processes, workers) would wait for a debugger nobody resumes.
			case 'Target.setAutoAttach':
			case 'Runtime.runIfWaitingForDebugger':
				return {};
			case 'Page.navigate':
				this.assertUrlAllowed(params?.url);
				break;
		}
		return attached.session.send(method as any, params);
	}

	private async startAutoAttach(): Promise<void> {
		this.autoAttach = true;
		this.pageListener = (page) => {
			this.pending = this.pending
				.then(async () => {
					if (!this.closed && !page.isClosed()) await this.attach(page);
				})
				.catch(() => undefined);
		};
		this.context.on('page', this.pageListener);
		for (const page of this.context.pages()) await this.attach(page).catch(() => undefined);
	}

	/** Opens a Playwright CDP session on `page` and announces it to puppeteer under a new id. */
	private async attach(page: Page, knownTargetId?: string): Promise<string> {
		const session = await this.context.newCDPSession(page);
		const { targetInfo } = await session.send('Target.getTargetInfo');
		if (knownTargetId && targetInfo.targetId !== knownTargetId)
			throw new Error(`No page with the target id ${knownTargetId}.`);
		for (const [existingId, existing] of this.attached) {
			if (existing.targetId === targetInfo.targetId && !knownTargetId) {
				await session.detach().catch(() => undefined);
				return existingId;
			}
		}
		const sessionId = randomBytes(16).toString('hex').toUpperCase();
		this.ourTargets.add(targetInfo.targetId);
		this.attached.set(sessionId, { page, targetId: targetInfo.targetId, session });
		session.on('event' as any, ({ method, params }: CdpMessage) =>
			this.deliver({ sessionId, method, params }),
		);
		session.on('close' as any, () => {
			if (!this.attached.delete(sessionId)) return;
			this.deliver({
				method: 'Target.detachedFromTarget',
				params: { sessionId, targetId: targetInfo.targetId },
			});
		});
		this.deliver({
			method: 'Target.attachedToTarget',
			params: {
				sessionId,
				targetInfo: { ...targetInfo, attached: true },
				waitingForDebugger: false,
			},
		});
		return sessionId;
	}

	private async pageOf(targetId: string): Promise<Page> {
		for (const page of this.context.pages()) {
			if ((await this.targetIdOf(page)) === targetId) return page;
		}
		throw new Error(`No page with the target id ${targetId} in this session.`);
	}

	private onBrowserEvent(method: string, params: Record<string, any>): void {
		switch (method) {
			case 'Target.targetCreated':
			case 'Target.targetInfoChanged':
				if (this.isOurs(params.targetInfo)) {
					this.ourTargets.add(params.targetInfo.targetId);
					this.deliver({ method, params });
				}
				return;
			case 'Target.targetDestroyed':
			case 'Target.targetCrashed':
				if (this.ourTargets.has(params.targetId)) this.deliver({ method, params });
				if (method === 'Target.targetDestroyed') this.ourTargets.delete(params.targetId);
				return;
		}
	}

	/** Only the pages of the session's context are shown: other executions' pages stay invisible. */
	private isOurs(info: { type: string; browserContextId?: string }): boolean {
		return info.type === 'page' && info.browserContextId === this.contextId;
	}

	private assertOurs(targetId: string | undefined): void {
		if (!targetId || !this.ourTargets.has(targetId))
			throw new Error(`No page with the target id ${targetId} in this session.`);
	}

	private assertUrlAllowed(url: string | undefined): void {
		if (!url) return;
		const verdict = judgeUrl(this.policy, url);
		if (!verdict.allowed)
			throw new Error(
				verdict.reason === 'host'
					? `net::ERR_BLOCKED_BY_CLIENT (the host ${verdict.host} is not allowed by this session’s policy)`
					: `net::ERR_BLOCKED_BY_CLIENT (${verdict.scheme}: URLs are not allowed by this session’s policy)`,
			);
	}

	private async browserTargetInfo() {
		const { targetInfos } = await this.browserSession.send('Target.getTargets', {
			filter: [{ type: 'browser' }],
		} as any);
		return targetInfos.find((info) => info.type === 'browser');
	}
}
