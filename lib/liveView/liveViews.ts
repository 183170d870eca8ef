import { BrowserAgentError } from '../errors';
import type { SessionEnvironment, SessionKey, SessionPool } from '../runner/pool';
import type { ActionRun, Session } from '../runner/session';
import type { HumanWaitHost } from '../actions/waitForHuman';
import type { ActionInput } from '../actions';
import { LiveLinks, LiveViewBusy } from './links';
import { LiveViewServer, type LiveViewServerOptions } from './server';
import { ParkedWaits } from './parkedWaits';
import type { Recording } from './recorder';
import { createLogger } from '../runner/logger';

/** How long a person's input on a watched session waits for the flow's running step to end. */
const INPUT_WAIT_MS = 30_000;

/** Resolves once the session runs no step; rejects with LiveViewBusy after `waitMs`. */
async function untilIdle(session: Session, waitMs: number): Promise<void> {
	if (session.state !== 'running') return;
	const deadline = Date.now() + waitMs;
	while (session.state === 'running') {
		if (Date.now() > deadline)
			throw new LiveViewBusy(
				'The workflow is in the middle of a step on this page; try again when it has finished.',
			);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** What Wait for Human returns. */
export interface HumanWaitResult {
	timedOut: boolean;
	durationMs: number;
	/** How many of each kind of input the person gave (click, type, key, wheel…); never what they typed. */
	personActions: Record<string, number>;
	url?: string;
	title?: string;
	/** What the person recorded (Record in the live view), as Run Steps steps; absent when they did not. */
	recorded?: Recording;
}

/**
 * Live views of a pool's sessions for the runner without n8n (and for a queue-mode worker, where
 * the session lives): its own small HTTP server, on loopback unless told otherwise, started on
 * first use.
 */
export class LiveViews {
	readonly links = new LiveLinks();
	/** Waits whose caller parks instead of awaiting them (n8n's waiting executions). */
	readonly parked = new ParkedWaits((error) =>
		createLogger().warn(
			{ err: error },
			'a live view’s time limit passed, and pressing Done at its resume URL failed; the host resumes the flow when its own wait ends',
		),
	);
	private server?: Promise<LiveViewServer>;

	constructor(
		private readonly pool: SessionPool,
		private readonly serverOptions: LiveViewServerOptions = {},
	) {}

	/**
	 * Hands the key's session to a person: `onLink` gets the live-view URL to send them; resolves
	 * when they press Done or the time limit passes (see the waitForHuman action).
	 */
	async waitForHuman(
		key: SessionKey,
		input: ActionInput<'waitForHuman'>,
		onLink: (url: string) => void,
		environment: SessionEnvironment = {},
	): Promise<ActionRun<HumanWaitResult>> {
		const server = await this.started();
		const host: HumanWaitHost = {
			links: this.links,
			onLink: (link) => onLink(server.urlOf(link.token)),
		};
		return this.pool.run<HumanWaitResult>(key, 'waitForHuman', input, environment, { host });
	}

	/**
	 * A link to watch (or, interactive, to use) the key's open session while its flow runs, e.g. a long
	 * scrape. It dies with the session, at `expiresInMs`, or on end().
	 */
	async link(
		key: SessionKey,
		options: { interactive?: boolean; expiresInMs?: number; title?: string } = {},
	): Promise<{ url: string; end(): void }> {
		const session = await this.pool.session(key);
		if (!session?.isOpen)
			throw new BrowserAgentError('SESSION_CLOSED', 'There is no open session to watch.', {
				advice:
					'Open the session first (Session → Open, or pool.open), then ask for its live view.',
			});
		const server = await this.started();
		const link = this.links.create(
			{
				currentPage: async () => session.currentTab(),
				untilIdle: () => untilIdle(session, INPUT_WAIT_MS),
			},
			{
				interactive: options.interactive ?? false,
				...(options.expiresInMs !== undefined && { expiresAt: Date.now() + options.expiresInMs }),
				title: options.title ?? `Live view of ${session.name}`,
			},
		);
		session.once('end', () => this.links.revoke(link.token, 'the session ended'));
		return { url: server.urlOf(link.token), end: () => this.links.revoke(link.token) };
	}

	async close(): Promise<void> {
		const server = await this.server?.catch(() => undefined);
		await server?.close();
	}

	private started(): Promise<LiveViewServer> {
		this.server ??= LiveViewServer.start(this.links, this.serverOptions);
		return this.server;
	}
}
