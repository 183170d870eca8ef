import type { Page } from 'playwright';

/** Where a live view looks: the tab the flow works on now, which may change between actions. */
export interface LiveTarget {
	currentPage(): Promise<Page | undefined>;
	/** Told each time a person acts through an interactive view (what kind, never what was typed). */
	personActed?(kind: string): void;
	/** Resolves when the person's input may reach the page (no step of the flow is running); rejects when that takes too long. */
	untilIdle?(): Promise<void>;
}

type FrameListener = (jpeg: Buffer) => void;

// Enough to follow a page at the pace a person reads it; the viewer shows the newest frame only.
const FRAME_QUALITY = 60;
const FOLLOW_EVERY_MS = 300;

/**
 * The frames of a target's current tab, from Playwright's screencast, for any number of viewers.
 * It records only while someone watches, and moves to another tab when the flow does.
 */
export class LiveFrames {
	private readonly listeners = new Set<FrameListener>();
	private page?: Page;
	private follower?: NodeJS.Timeout;
	private following?: Promise<void>;
	private delivered = 0;
	/** The last frame, for a viewer that arrives while nothing changes. */
	lastFrame?: Buffer;

	constructor(private readonly target: LiveTarget) {}

	/** Calls `listener` with each new frame (the newest one at once, if any) until the returned function is called. */
	watch(listener: FrameListener): () => void {
		this.listeners.add(listener);
		if (this.lastFrame) listener(this.lastFrame);
		if (this.listeners.size === 1) this.start();
		return () => {
			this.listeners.delete(listener);
			if (this.listeners.size === 0) void this.stop();
		};
	}

	async stop(): Promise<void> {
		clearInterval(this.follower);
		this.follower = undefined;
		await this.following;
		const page = this.page;
		this.page = undefined;
		if (page && !page.isClosed()) await page.screencast.stop().catch(() => undefined);
	}

	private start(): void {
		this.follower = setInterval(() => void this.follow(), FOLLOW_EVERY_MS);
		this.follower.unref();
		void this.follow();
	}

	/** Moves the screencast to the target's current tab when it changed (or closed). */
	private follow(): Promise<void> {
		this.following ??= (async () => {
			try {
				const current = await this.target.currentPage().catch(() => undefined);
				if (current === this.page && current && !current.isClosed()) return;
				const previous = this.page;
				this.page = undefined;
				if (previous && !previous.isClosed())
					await previous.screencast.stop().catch(() => undefined);
				if (!current || current.isClosed() || this.listeners.size === 0) return;
				const framesBefore = this.delivered;
				await current.screencast.start({
					quality: FRAME_QUALITY,
					onFrame: ({ data }) => this.deliver(data),
				});
				this.page = current;
				// A page that does not change sends no frame: show it as it is.
				const still = await current
					.screenshot({ type: 'jpeg', quality: FRAME_QUALITY, timeout: 2_000 })
					.catch(() => undefined);
				if (still && this.page === current && this.delivered === framesBefore) this.deliver(still);
			} catch {
				// The tab closed while starting; the next turn finds the new one.
			} finally {
				this.following = undefined;
			}
		})();
		return this.following;
	}

	private deliver(jpeg: Buffer): void {
		this.delivered++;
		this.lastFrame = jpeg;
		for (const listener of this.listeners) listener(jpeg);
	}
}
