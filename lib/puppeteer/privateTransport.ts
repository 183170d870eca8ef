import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright';
import type { ConnectionTransport } from 'puppeteer-core';

/** CDP parameters and results as they travel: the protocol checks them, not the compiler. */
type CdpParams = Record<string, unknown>;

/** A CDP message as puppeteer sends it (a command) or expects it (a reply or an event). */
interface CdpMessage {
	id?: number;
	method?: string;
	params?: CdpParams;
	sessionId?: string;
	result?: unknown;
	error?: { code: number; message: string };
}

interface TargetInfo {
	targetId: string;
	type: string;
	browserContextId?: string;
}

/** A Playwright CDP session used as a relay: any method by name, and every event as `event`. */
interface RelaySession {
	send(method: string, params?: CdpParams): Promise<CdpParams>;
	on(event: 'event', listener: (message: { method: string; params?: CdpParams }) => void): unknown;
	on(event: 'close', listener: () => void): unknown;
	detach(): Promise<void>;
}

function relay(session: CDPSession): RelaySession {
	return session as unknown as RelaySession;
}

/** A page puppeteer is attached to: the Playwright CDP session behind the session id it was given. */
interface AttachedPage {
	page: Page;
	targetId: string;
	session: RelaySession;
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
 * What its pages load is held to the session's policy by the session's own guard (routes and the
 * egress proxy act on the context, whoever drives the page).
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
	/** New tabs are announced to puppeteer one at a time, in the order they opened. */
	private attaching: Promise<unknown> = Promise.resolve();
	private detaching: Promise<void> = Promise.resolve();

	private constructor(
		private readonly context: BrowserContext,
		private readonly browserSession: RelaySession,
		private readonly contextId: string,
	) {
		browserSession.on('event', ({ method, params }) => this.onBrowserEvent(method, params ?? {}));
	}

	static async open(context: BrowserContext): Promise<PrivateTransport> {
		const browser: Browser | null = context.browser();
		if (!browser) throw new Error('The session’s browser context has no browser to attach to.');
		const probePage = context.pages()[0] ?? (await context.newPage());
		const probe = await context.newCDPSession(probePage);
		const { targetInfo } = await probe.send('Target.getTargetInfo');
		await probe.detach().catch(() => undefined);
		const browserSession = relay(await browser.newBrowserCDPSession());
		return new PrivateTransport(context, browserSession, targetInfo.browserContextId!);
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
		// Each command is handled at once, never queued behind an earlier one: a navigation answers
		// only after the script continued its intercepted request (Fetch.continueRequest), which
		// comes later. CDP keeps the order of what is sent on one session.
		void this.handle(JSON.parse(text) as CdpMessage);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		if (this.pageListener) this.context.off('page', this.pageListener);
		const sessions = [...this.attached.values()].map(({ session }) => session);
		this.attached.clear();
		// Detaching ends what puppeteer set on its sessions (interception, scripts, bindings).
		this.detaching = Promise.all(
			[...sessions, this.browserSession].map((session) => session.detach().catch(() => undefined)),
		).then(() => undefined);
		this.onclose?.();
	}

	/** Resolves once every CDP session puppeteer used is detached (after close()). */
	detached(): Promise<void> {
		return this.detaching;
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
			case 'Target.getTargets':
				return { targetInfos: (await this.targetInfos()).filter((info) => this.isOurs(info)) };
			case 'Target.getTargetInfo':
				if (!params.targetId)
					return { targetInfo: (await this.targetInfos()).find((info) => info.type === 'browser') };
				this.assertOurs(params.targetId);
				return this.browserSession.send('Target.getTargetInfo', params);
			case 'Target.createTarget': {
				if (params.browserContextId && params.browserContextId !== this.contextId)
					throw new Error('Scripts open pages in the session’s own browser context only.');
				const created = await this.browserSession.send('Target.createTarget', {
					url: 'about:blank',
					...params,
					browserContextId: this.contextId,
				});
				this.ourTargets.add(created.targetId as string);
				return created;
			}
			case 'Target.closeTarget':
				this.assertOurs(params.targetId);
				return this.browserSession.send('Target.closeTarget', params);
			case 'Target.attachToTarget': {
				const targetId = this.assertOurs(params.targetId);
				return { sessionId: await this.attach(await this.pageOf(targetId), targetId) };
			}
			case 'Target.detachFromTarget': {
				const attached = this.attached.get(params.sessionId as string);
				if (attached) {
					this.attached.delete(params.sessionId as string);
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
					return this.browserSession.send(method!, { ...params, browserContextId: this.contextId });
				if (ROOT_COMMANDS_AS_IS.has(method!)) {
					if (params.targetId) this.assertOurs(params.targetId);
					return this.browserSession.send(method!, params);
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
			case 'Target.getTargetInfo':
				if (params?.targetId && params.targetId !== attached.targetId)
					this.assertOurs(params.targetId);
				break;
			default:
				// Chrome takes a context only from the browser's session: these go there, scoped.
				if (ROOT_COMMANDS_IN_CONTEXT.has(method!))
					return this.browserSession.send(method!, { ...params, browserContextId: this.contextId });
				// A page's own session reaches the whole browser through these (every target, new pages in
				// other contexts, Browser.close): they go through the root, where they are scoped.
				if (
					/^(Target|Browser|SystemInfo|Tethering)\./.test(method!) &&
					method !== 'Browser.getVersion'
				)
					throw new Error(
						`${method} is not available on a page's session in a script; use $browser or the page's own methods.`,
					);
		}
		return attached.session.send(method!, params);
	}

	private async startAutoAttach(): Promise<void> {
		this.autoAttach = true;
		this.pageListener = (page) => {
			this.attaching = this.attaching
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
		const session = relay(await this.context.newCDPSession(page));
		const targetInfo = (await session.send('Target.getTargetInfo')).targetInfo as TargetInfo;
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
		session.on('event', ({ method, params }) => this.deliver({ sessionId, method, params }));
		session.on('close', () => {
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

	private onBrowserEvent(method: string, params: CdpParams): void {
		switch (method) {
			case 'Target.targetCreated':
			case 'Target.targetInfoChanged': {
				const info = params.targetInfo as TargetInfo;
				if (this.isOurs(info)) {
					this.ourTargets.add(info.targetId);
					this.deliver({ method, params });
				}
				return;
			}
			case 'Target.targetDestroyed':
			case 'Target.targetCrashed': {
				const targetId = params.targetId as string;
				if (this.ourTargets.has(targetId)) this.deliver({ method, params });
				if (method === 'Target.targetDestroyed') this.ourTargets.delete(targetId);
				return;
			}
		}
	}

	/** Only the pages of the session's context are shown: other executions' pages stay invisible. */
	private isOurs(info: { type: string; browserContextId?: string }): boolean {
		return info.type === 'page' && info.browserContextId === this.contextId;
	}

	private assertOurs(targetId: unknown): string {
		if (typeof targetId !== 'string' || !this.ourTargets.has(targetId))
			throw new Error(`No page with the target id ${String(targetId)} in this session.`);
		return targetId;
	}

	private async targetInfos(): Promise<TargetInfo[]> {
		const { targetInfos } = await this.browserSession.send('Target.getTargets', { filter: [{}] });
		return targetInfos as TargetInfo[];
	}
}
