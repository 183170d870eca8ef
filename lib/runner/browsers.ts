import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page,
} from 'playwright';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { EgressProxy, type EgressTenant } from './policy/egress';
import { prepareTitleReads } from '../actions/support/pageTitle';
import { liveSocketFolders, profileOfProcess, singletonSocketFolder } from './leftovers';
import { withFeatureSwitches } from './chromiumFeatures';

/**
 * The endpoints a remote-browser setting lists: one, or several separated by new lines or commas.
 * A comma separates only where the next endpoint's scheme follows (`ws://`, `wss://`, `http://`,
 * `https://`), so one endpoint whose query holds commas (e.g. a hosted browser's
 * `?launch={"args":["a","b"]}`) stays whole, and a value saved with one endpoint reads as before.
 * Empty entries are dropped, repeated ones kept once.
 */
export function splitEndpoints(value: string): string[] {
	const endpoints = value
		.split(/[\r\n]+|,(?=\s*(?:wss?|https?):\/\/)/i)
		.map((endpoint) => endpoint.trim())
		.filter(Boolean);
	return [...new Set(endpoints)];
}

const endpointListSchema = z
	.string()
	.trim()
	.min(1)
	.refine((value) => splitEndpoints(value).length > 0, 'no endpoint given');

/** How long an endpoint of several that failed to connect is passed over: 30 s. */
export const DEFAULT_ENDPOINT_COOLDOWN_MS = 30_000;
const endpointCooldownMsSchema = z
	.number()
	.int()
	.min(0)
	.max(60 * 60_000)
	.default(DEFAULT_ENDPOINT_COOLDOWN_MS);

/** How to reach a browser: launch one here, or connect to one running elsewhere. */
export const browserConnectionSchema = z.discriminatedUnion('mode', [
	z.strictObject({
		mode: z.literal('launch'),
		executablePath: z.string().trim().min(1).optional(),
		headless: z.boolean().default(true),
		/**
		 * Which headless browser, when headless: `new` is the full Chromium without a window (what a
		 * desktop browser does); `shell` is chrome-headless-shell, the older, lighter headless build
		 * (starts several times faster, but has no PDF viewer, plugins or window.chrome, so sites tell
		 * it apart more easily). A headed session always runs the full Chromium.
		 */
		headlessMode: z
			.enum(['new', 'shell'], { error: 'headless mode must be new or shell' })
			.default('new'),
		args: z.array(z.string()).default([]),
		launchTimeoutMs: z.number().int().min(1_000).max(300_000).default(60_000),
	}),
	z.strictObject({
		/** A Playwright server: `npx playwright run-server` or `browserType.launchServer()`. */
		mode: z.literal('playwright'),
		/** One endpoint, or several (a fleet) separated by commas or new lines: see splitEndpoints. */
		wsEndpoint: endpointListSchema,
		headers: z.record(z.string(), z.string()).default({}),
		connectTimeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
		/** With several endpoints: how long one that failed to connect is passed over (see BrowserManager). */
		endpointCooldownMs: endpointCooldownMsSchema,
	}),
	z.strictObject({
		/** Any Chromium speaking the DevTools protocol (`--remote-debugging-port`, hosted browsers). */
		mode: z.literal('cdp'),
		/** One endpoint, or several (a fleet) separated by commas or new lines: see splitEndpoints. */
		endpointURL: endpointListSchema,
		headers: z.record(z.string(), z.string()).default({}),
		connectTimeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
		/** With several endpoints: how long one that failed to connect is passed over (see BrowserManager). */
		endpointCooldownMs: endpointCooldownMsSchema,
	}),
]);

export type BrowserConnection = z.output<typeof browserConnectionSchema>;
export type BrowserConnectionInput = z.input<typeof browserConnectionSchema>;

/**
 * How long a browser stays up after its last session ended, ready for the next one: 10 minutes, so
 * a workflow that runs every few minutes never waits for a launch (1–2 s, several on a busy machine).
 */
export const DEFAULT_BROWSER_IDLE_MS = 10 * 60_000;
/** How long a browser may be kept up after its last session, at most: a day. */
export const MAX_BROWSER_IDLE_MS = 24 * 60 * 60_000;
export const browserIdleMsSchema = z
	.number({ error: 'the browser idle time must be a number of milliseconds' })
	.int('the browser idle time must be a whole number of milliseconds')
	.min(0, 'the browser idle time cannot be negative')
	.max(MAX_BROWSER_IDLE_MS, 'the browser idle time can be a day at most');

/** How long the browser stays up after the last session, for the whole process (see browserIdleMsFromEnvironment). */
export const BROWSER_IDLE_MS_ENV = 'BROWSER_AGENT_BROWSER_IDLE_MS';

/**
 * $BROWSER_AGENT_BROWSER_IDLE_MS: milliseconds a browser stays up after its last session ended
 * (0 closes it at once). Undefined when unset; a value that is no such number is refused, as a
 * mistyped setting should not silently fall back.
 */
export function browserIdleMsFromEnvironment(
	env: NodeJS.ProcessEnv = process.env,
): number | undefined {
	return wholeNumberFromEnvironment(env, BROWSER_IDLE_MS_ENV, browserIdleMsSchema, {
		rule: `a whole number of milliseconds from 0 to ${MAX_BROWSER_IDLE_MS} (a day)`,
		advice: `Set ${BROWSER_IDLE_MS_ENV}=600000 for 10 minutes, 0 to close the browser with its last session, or unset it (10 minutes).`,
	});
}

/**
 * After how many contexts (about one per session: a session takes the spare made for it) a launched
 * browser is replaced: 500. A browser process that serves sessions for days is not trusted to stay
 * the size it started at (whatever it keeps of contexts long closed: caches, the network service's
 * state); replacing it costs one launch (1–2 s, made ahead, see BrowserManager) per 500 sessions,
 * which nobody notices, and bounds what it can gather: a soak of 1000 sequential executions runs on
 * two browsers in turn, each closed after its 500. Not a measured leak: on the fixture site (a
 * table page, Navigate and Extract Table, one session after another) one browser's own process went
 * from 79 to 90 MB (PSS) over 550 sessions, all of it in the first 100, so the count is high.
 */
export const DEFAULT_RECYCLE_BROWSER_AFTER_CONTEXTS = 500;
export const MAX_RECYCLE_BROWSER_AFTER_CONTEXTS = 1_000_000;
export const recycleBrowserAfterContextsSchema = z
	.number({ error: 'the number of contexts before a browser is replaced must be a number' })
	.int('the number of contexts before a browser is replaced must be a whole number')
	.min(0, 'the number of contexts before a browser is replaced cannot be negative')
	.max(
		MAX_RECYCLE_BROWSER_AFTER_CONTEXTS,
		`the number of contexts before a browser is replaced can be ${MAX_RECYCLE_BROWSER_AFTER_CONTEXTS} at most`,
	);
/** After how many contexts the launched browser is replaced, for the whole process (0: never). */
export const RECYCLE_BROWSER_AFTER_CONTEXTS_ENV = 'BROWSER_AGENT_RECYCLE_BROWSER_AFTER_CONTEXTS';

/**
 * How old a launched browser may get before it is replaced: 60 minutes. The count alone would let
 * a browser that a light load keeps up (a session every few minutes, never idle for the keep-warm
 * time) grow for weeks; an hour bounds that at one launch an hour, which nobody notices.
 */
export const DEFAULT_RECYCLE_BROWSER_AFTER_MS = 60 * 60_000;
/** The oldest a browser may be allowed to get: a week. */
export const MAX_RECYCLE_BROWSER_AFTER_MS = 7 * 24 * 60 * 60_000;
export const recycleBrowserAfterMsSchema = z
	.number({ error: 'the age at which a browser is replaced must be a number of milliseconds' })
	.int('the age at which a browser is replaced must be a whole number of milliseconds')
	.min(0, 'the age at which a browser is replaced cannot be negative')
	.max(
		MAX_RECYCLE_BROWSER_AFTER_MS,
		'the age at which a browser is replaced can be a week at most',
	);
/** After how many milliseconds the launched browser is replaced, for the whole process (0: never). */
export const RECYCLE_BROWSER_AFTER_MS_ENV = 'BROWSER_AGENT_RECYCLE_BROWSER_AFTER_MS';

/**
 * $BROWSER_AGENT_RECYCLE_BROWSER_AFTER_CONTEXTS: after how many contexts a launched browser is
 * replaced (0: never). Undefined when unset; a value that is no such number is refused.
 */
export function recycleBrowserAfterContextsFromEnvironment(
	env: NodeJS.ProcessEnv = process.env,
): number | undefined {
	return wholeNumberFromEnvironment(
		env,
		RECYCLE_BROWSER_AFTER_CONTEXTS_ENV,
		recycleBrowserAfterContextsSchema,
		{
			rule: `a whole number of contexts from 0 to ${MAX_RECYCLE_BROWSER_AFTER_CONTEXTS}`,
			advice: `Set ${RECYCLE_BROWSER_AFTER_CONTEXTS_ENV}=500 to replace the browser after 500 sessions, 0 never to replace it for that, or unset it (500).`,
		},
	);
}

/**
 * $BROWSER_AGENT_RECYCLE_BROWSER_AFTER_MS: after how many milliseconds a launched browser is
 * replaced (0: never). Undefined when unset; a value that is no such number is refused.
 */
export function recycleBrowserAfterMsFromEnvironment(
	env: NodeJS.ProcessEnv = process.env,
): number | undefined {
	return wholeNumberFromEnvironment(
		env,
		RECYCLE_BROWSER_AFTER_MS_ENV,
		recycleBrowserAfterMsSchema,
		{
			rule: `a whole number of milliseconds from 0 to ${MAX_RECYCLE_BROWSER_AFTER_MS} (a week)`,
			advice: `Set ${RECYCLE_BROWSER_AFTER_MS_ENV}=3600000 to replace the browser every hour, 0 never to replace it for its age, or unset it (an hour).`,
		},
	);
}

/** A whole-number setting read from the environment: undefined when unset, INVALID_INPUT naming it when bad. */
function wholeNumberFromEnvironment(
	env: NodeJS.ProcessEnv,
	name: string,
	schema: z.ZodType<number>,
	explain: { rule: string; advice: string },
): number | undefined {
	const raw = env[name]?.trim();
	if (!raw) return undefined;
	const parsed = schema.safeParse(Number(raw));
	if (parsed.success) return parsed.data;
	throw new BrowserAgentError('INVALID_INPUT', `${name} is "${raw}"; it must be ${explain.rule}.`, {
		field: name,
		advice: explain.advice,
	});
}

/**
 * Flags for a headless Chromium in a server process: no sandbox (n8n often runs as root in
 * containers), and nothing that phones home, which on closed networks only produces errors.
 */
const SERVER_FRIENDLY_ARGS = [
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-dev-shm-usage',
];

/**
 * The arguments a local Chromium is launched with (and Playwright's default to leave out), the
 * user's `args` included. Exported so that raw Playwright in a benchmark runs the same browser.
 */
export function localLaunchArguments(args: readonly string[] = []) {
	return withFeatureSwitches([...SERVER_FRIENDLY_ARGS, ...args]);
}

const SYSTEM_BROWSER_NAMES = [
	'chromium',
	'chromium-browser',
	'google-chrome',
	'google-chrome-stable',
	'chrome',
];

export const EXECUTABLE_PATH_ENV = 'BROWSER_AGENT_EXECUTABLE_PATH';
export const HEADLESS_SHELL_PATH_ENV = 'BROWSER_AGENT_HEADLESS_SHELL_PATH';

/** Names of chrome-headless-shell on the PATH: Debian's package, and Chrome for Testing's. */
const HEADLESS_SHELL_NAMES = ['chromium-headless-shell', 'chrome-headless-shell'];

/** The remote browser this n8n uses when the credential names none (see browserConnectionFromEnvironment). */
export const BROWSER_ENDPOINT_ENV = 'BROWSER_AGENT_BROWSER_ENDPOINT';
/** What speaks at BROWSER_AGENT_BROWSER_ENDPOINT: `cdp` (the default) or `playwright`. */
export const BROWSER_CONNECTION_ENV = 'BROWSER_AGENT_BROWSER_CONNECTION';
/** n8n-nodes-puppeteer's variables, honoured (as CDP endpoints, as puppeteer reads them) when ours is unset. */
export const PUPPETEER_ENDPOINT_ENVS = [
	'PUPPETEER_BROWSER_WS_ENDPOINT',
	'PUPPETEER_WS_ENDPOINT',
] as const;

/**
 * The remote browser set for the whole n8n instance by environment variable, used when no
 * credential says how to reach a browser:
 * - $BROWSER_AGENT_BROWSER_ENDPOINT, spoken to as $BROWSER_AGENT_BROWSER_CONNECTION says:
 *   `cdp` (default: any Chromium with remote debugging, hosted browser services) or `playwright`
 *   (a Playwright server: `npx playwright run-server`, launchServer());
 * - else n8n-nodes-puppeteer's $PUPPETEER_BROWSER_WS_ENDPOINT or $PUPPETEER_WS_ENDPOINT, over CDP,
 *   so a migrated instance keeps its browser.
 * Undefined when none is set (the caller launches a local Chromium).
 */
export function browserConnectionFromEnvironment(
	env: NodeJS.ProcessEnv = process.env,
): BrowserConnectionInput | undefined {
	const endpoint = env[BROWSER_ENDPOINT_ENV]?.trim();
	if (endpoint) {
		const kind = env[BROWSER_CONNECTION_ENV]?.trim().toLowerCase() || 'cdp';
		if (kind === 'cdp') return { mode: 'cdp', endpointURL: endpoint };
		if (kind === 'playwright') return { mode: 'playwright', wsEndpoint: endpoint };
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`${BROWSER_CONNECTION_ENV} is "${env[BROWSER_CONNECTION_ENV]}"; it must be cdp or playwright.`,
			{
				field: BROWSER_CONNECTION_ENV,
				advice: `Set ${BROWSER_CONNECTION_ENV}=cdp for a Chromium with remote debugging or a hosted browser, playwright for a Playwright server (npx playwright run-server), or unset it (cdp).`,
			},
		);
	}
	for (const name of PUPPETEER_ENDPOINT_ENVS) {
		const puppeteerEndpoint = env[name]?.trim();
		if (puppeteerEndpoint) return { mode: 'cdp', endpointURL: puppeteerEndpoint };
	}
	return undefined;
}

/**
 * Finds a Chromium to launch: an explicit path, then $BROWSER_AGENT_EXECUTABLE_PATH, then
 * Playwright's own download, then a system Chromium/Chrome on PATH. Returns undefined for
 * "Playwright's own", which Playwright locates itself.
 */
export function findExecutable(
	explicitPath?: string,
	env: NodeJS.ProcessEnv = process.env,
): string | undefined {
	for (const [path, origin] of [
		[explicitPath, 'the executable path setting'],
		[env[EXECUTABLE_PATH_ENV], `the ${EXECUTABLE_PATH_ENV} environment variable`],
	] as const) {
		if (!path) continue;
		if (!isExecutable(path)) {
			throw new BrowserAgentError('BROWSER_NOT_FOUND', `No browser at ${path} (from ${origin}).`, {
				advice:
					'Point it at a Chromium or Chrome executable, or clear it to let Browser Agent find one.',
			});
		}
		return path;
	}
	if (hasPlaywrightChromium()) return undefined;
	for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
		for (const name of SYSTEM_BROWSER_NAMES) {
			const candidate = join(folder, name);
			if (isExecutable(candidate)) return candidate;
		}
	}
	throw new BrowserAgentError(
		'BROWSER_NOT_FOUND',
		'No Chromium browser was found on this machine.',
		{
			advice:
				'Install one: `npx playwright install chromium` (downloads Playwright’s Chromium), or your system’s package ' +
				'(e.g. `apt-get install chromium`), or set BROWSER_AGENT_EXECUTABLE_PATH to a Chrome/Chromium executable. ' +
				'Or connect to a remote browser in the Browser Agent credential.',
		},
	);
}

/**
 * Finds chrome-headless-shell: an explicit path, then $BROWSER_AGENT_HEADLESS_SHELL_PATH, then
 * one on the PATH (Debian's `chromium-headless-shell` package, or Chrome for Testing's
 * `chrome-headless-shell`). Returns undefined for "Playwright's own" (`npx playwright install
 * chromium-headless-shell`), which Playwright locates itself when it launches headless.
 */
export function findHeadlessShell(
	explicitPath?: string,
	env: NodeJS.ProcessEnv = process.env,
): string | undefined {
	for (const [path, origin] of [
		[explicitPath, 'the executable path setting'],
		[env[HEADLESS_SHELL_PATH_ENV], `the ${HEADLESS_SHELL_PATH_ENV} environment variable`],
	] as const) {
		if (!path) continue;
		if (!isExecutable(path)) {
			throw new BrowserAgentError(
				'BROWSER_NOT_FOUND',
				`No headless shell at ${path} (from ${origin}).`,
				{
					advice:
						'Point it at a chrome-headless-shell executable, or clear it to let Browser Agent find one.',
				},
			);
		}
		return path;
	}
	for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
		for (const name of HEADLESS_SHELL_NAMES) {
			const candidate = join(folder, name);
			if (isExecutable(candidate)) return candidate;
		}
	}
	return undefined;
}

function hasPlaywrightChromium(): boolean {
	try {
		return existsSync(chromium.executablePath());
	} catch {
		return false;
	}
}

function isExecutable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

interface SharedBrowser {
	key: string;
	connection: BrowserConnection;
	browser: Promise<Browser>;
	users: number;
	closeTimer?: NodeJS.Timeout;
	/** A page in a fresh context, made ahead of time for the options last asked for. */
	spare?: { optionsKey: string; page: Promise<IsolatedPage | undefined> };
	/** The options of the last page asked for: the next spare is made for them. */
	lastAsked?: { options: BrowserContextOptions; contained: boolean };
	/** The egress proxy that contained contexts of this browser connect through; started when first needed. */
	egress?: Promise<EgressProxy>;
	/** When it was launched or connected to (epoch ms), for recycling by age. */
	startedAt: number;
	/** Contexts opened in it so far, spare ones included, for recycling by count. */
	contextsOpened: number;
	/** Set once it is closing: what closeAll waits for. */
	closing?: Promise<void>;
}

/** A page in its own browser context, and the context's place on the egress proxy when it is contained. */
export interface IsolatedPage {
	page: Page;
	/** Present when every connection of the context goes through the egress proxy. */
	egress?: EgressTenant;
}

/** What a session asks of the browser it shares, beyond how to reach it. */
export interface LeaseOptions {
	/** How long the browser stays up once this lease was the last one released. Default: the manager's. */
	keepWarmMs?: number;
}

/** A session's hold on a shared browser; release it exactly once when the session ends. */
export interface BrowserLease {
	browser: Browser;
	/** Whether contexts of this browser can be forced through the runner's egress proxy (see `contained`). */
	canContain: boolean;
	/**
	 * A page in a new, isolated context; ready at once when a spare one was prepared. `contained`:
	 * every connection of the context goes through the egress proxy, which refuses all until the
	 * tenant is admitted with rules (only where `canContain`).
	 */
	newIsolatedPage(options: BrowserContextOptions, contained?: boolean): Promise<IsolatedPage>;
	release(): void;
}

/**
 * Shares one browser process per connection among many sessions (each session is its own
 * isolated context). A browser nobody uses is kept warm for `keepWarmMs` (the last released
 * lease's own, else the manager's), then closed; while it waits, a launched browser does not keep
 * the process alive. For local browsers it also keeps one spare context ready, made as a session
 * ends, because opening a page is most of the cost of a new session (hundreds of milliseconds on a
 * small machine).
 *
 * A launched browser is recycled: once it has opened `recycleAfterContexts` contexts (spare ones
 * included), or is `recycleAfterMs` old, it is retired. The next session gets a new browser;
 * sessions still on the old one run on untouched until they end, and it closes with the last of
 * them (at once when none is left). This is checked as a session begins and as one ends, never by
 * a timer, so an idle process is not kept alive (nor woken) for it. When a session ending retires
 * the browser and a browser would be kept warm for the next one, the replacement is launched right
 * then (as prelaunch does), with a spare page, so the next session does not wait for a launch. A
 * browser found worn out only as a session begins (one that aged while idle, or reached its count
 * while other sessions ran) is replaced by that session's own launch: a 1–2 s wait at most once per
 * browser, not worth a timer. A spare page already made is still handed out: it was counted when
 * made (so sessions opening together may take a browser a few contexts past its count). Remote browsers (Playwright server, CDP) are never recycled here: their server
 * manages them (restarts, limits), and a connection holds no process of ours to replace.
 */
export class BrowserManager {
	private readonly shared = new Map<string, SharedBrowser>();
	/** Recycled browsers that are not closed yet: sessions still run on them, or they are closing. */
	private readonly retired = new Set<SharedBrowser>();
	/** Endpoints of fleets passed over until the given time (epoch ms), by their connection's key. */
	private readonly cooldowns = new Map<string, number>();
	private launches = 0;

	constructor(
		private readonly options: {
			keepWarmMs?: number;
			prepareSpareContext?: boolean;
			/** Contexts after which a launched browser is replaced; 0: never. Default 500. */
			recycleAfterContexts?: number;
			/** Age (ms) after which a launched browser is replaced; 0: never. Default 60 minutes. */
			recycleAfterMs?: number;
		} = {},
	) {}

	/** Browsers this manager launched or connected to so far, closed ones included. */
	get launchCount(): number {
		return this.launches;
	}

	/**
	 * A lease on the browser the connection names. A remote setting that lists several endpoints (a
	 * fleet) gives the session to the endpoint with the fewest sessions of this manager open (the
	 * first listed on a tie). One that fails to connect is passed over for the connection's
	 * `endpointCooldownMs` while the others are tried; it is tried again sooner only when every
	 * other one failed too. When none connects: BROWSER_CONNECT_FAILED naming each.
	 */
	async acquire(connection: BrowserConnection, lease: LeaseOptions = {}): Promise<BrowserLease> {
		const members = fleetMembers(connection);
		if (members.length === 1) return this.acquireOne(members[0], lease);
		const now = Date.now();
		const cooling = (member: BrowserConnection) =>
			(this.cooldowns.get(JSON.stringify(member)) ?? 0) > now;
		const sessions = (member: BrowserConnection) =>
			this.shared.get(JSON.stringify(member))?.users ?? 0;
		// Chosen at once, before any wait: the lease counts at once, so sessions opening together
		// spread over the endpoints.
		const order = members
			.map((member, index) => ({ member, index, cooling: cooling(member) }))
			.sort(
				(a, b) =>
					Number(a.cooling) - Number(b.cooling) ||
					(a.cooling && b.cooling
						? this.cooldowns.get(JSON.stringify(a.member))! -
							this.cooldowns.get(JSON.stringify(b.member))!
						: sessions(a.member) - sessions(b.member)) ||
					a.index - b.index,
			);
		const failures: Array<{ endpoint: string; error: unknown }> = [];
		for (const { member } of order) {
			const key = JSON.stringify(member);
			try {
				const held = await this.acquireOne(member, lease);
				this.cooldowns.delete(key);
				return held;
			} catch (error) {
				this.cooldowns.set(key, Date.now() + endpointCooldownOf(connection));
				failures.push({ endpoint: endpointOf(member), error });
			}
		}
		throw fleetConnectError(connection, failures);
	}

	private async acquireOne(
		connection: BrowserConnection,
		lease: LeaseOptions,
	): Promise<BrowserLease> {
		const key = JSON.stringify(connection);
		let entry = this.shared.get(key);
		if (entry && this.isWornOut(entry, true)) {
			this.retire(entry);
			entry = undefined;
		}
		const held = entry ?? this.start(connection);
		held.users++;
		clearTimeout(held.closeTimer);
		held.closeTimer = undefined;
		let browser: Browser;
		try {
			browser = await held.browser;
			if (!browser.isConnected())
				throw new BrowserAgentError('BROWSER_CRASHED', 'The browser closed while starting.');
		} catch (error) {
			held.users--;
			throw error;
		}
		// In use again: a session waiting on the browser must keep the process alive.
		holdProcessOpen(browser, true);
		let released = false;
		const canContain = reachesLoopbackOf(held.connection);
		return {
			browser,
			canContain,
			newIsolatedPage: (options, contained = false) =>
				this.newIsolatedPage(held, browser, options, contained && canContain),
			release: () => {
				if (released) return;
				released = true;
				this.release(held, browser, lease.keepWarmMs ?? this.options.keepWarmMs);
			},
		};
	}

	/** Closes every browser this manager started or connected to, recycled ones still closing included. */
	async closeAll(): Promise<void> {
		await Promise.all(
			[...this.shared.values(), ...this.retired].map((entry) => this.closeEntry(entry)),
		);
	}

	/** Browsers started or connected and not yet closed (recycled ones that sessions still use included). */
	get browserCount(): number {
		return this.shared.size + this.retired.size;
	}

	/** Launches or connects to the connection's browser, as the one sessions of that connection share. */
	private start(connection: BrowserConnection): SharedBrowser {
		this.launches++;
		const created: SharedBrowser = {
			key: JSON.stringify(connection),
			connection,
			browser: this.connect(connection),
			users: 0,
			startedAt: Date.now(),
			contextsOpened: 0,
		};
		this.shared.set(created.key, created);
		created.browser.then(
			(started) => started.once('disconnected', () => void this.forget(created)),
			() => void this.forget(created),
		);
		return created;
	}

	/**
	 * Whether a launched browser is due for replacement: `recycleAfterContexts` contexts opened, or
	 * `recycleAfterMs` old. As a session begins, a spare page ready in it is still used (`beginning`).
	 * One that opened no context yet is never worn out: nothing used it, and a replacement launched
	 * ahead that is older than `recycleAfterMs` by the time it is up must not launch another.
	 */
	private isWornOut(entry: SharedBrowser, beginning: boolean): boolean {
		if (entry.connection.mode !== 'launch' || entry.contextsOpened === 0) return false;
		const afterContexts =
			this.options.recycleAfterContexts ?? DEFAULT_RECYCLE_BROWSER_AFTER_CONTEXTS;
		const afterMs = this.options.recycleAfterMs ?? DEFAULT_RECYCLE_BROWSER_AFTER_MS;
		const used =
			afterContexts > 0 && entry.contextsOpened >= afterContexts && !(beginning && entry.spare);
		return used || (afterMs > 0 && Date.now() - entry.startedAt >= afterMs);
	}

	/**
	 * Takes a browser out of use: the next session gets a new one, sessions on it run on, and it
	 * closes with the last of them (at once when it has none). Its spare page is discarded.
	 */
	private retire(entry: SharedBrowser): void {
		if (this.shared.get(entry.key) === entry) this.shared.delete(entry.key);
		this.retired.add(entry);
		clearTimeout(entry.closeTimer);
		entry.closeTimer = undefined;
		const spare = entry.spare;
		entry.spare = undefined;
		void spare?.page.then((unused) => unused && discard(unused));
		if (entry.users === 0) void this.closeEntry(entry);
	}

	/**
	 * Launches the browser that replaces a retired one now, as prelaunch does (a lease taken and given
	 * back, so it waits for the next session as after one, with a spare page for the options last
	 * asked for), so that session does not wait for the launch. A launch that fails is left to the
	 * next session to report, when it tries again.
	 */
	private launchAhead(retired: SharedBrowser, keepWarmMs: number | undefined): void {
		if (this.shared.has(retired.key)) return;
		this.start(retired.connection).lastAsked = retired.lastAsked;
		void this.acquireOne(retired.connection, { keepWarmMs }).then(
			(lease) => lease.release(),
			() => undefined,
		);
	}

	private release(entry: SharedBrowser, browser: Browser, keepWarmMs?: number): void {
		entry.users = Math.max(0, entry.users - 1);
		if (this.retired.has(entry)) {
			if (entry.users === 0) void this.closeEntry(entry);
			return;
		}
		if (this.shared.get(entry.key) === entry && this.isWornOut(entry, false)) {
			this.retire(entry);
			// With no browser kept warm for a next session, none is started ahead for one either.
			if (keepWarmMs !== 0) this.launchAhead(entry, keepWarmMs);
			return;
		}
		// The next session's page is made now, as a session ends, not as one begins: made while a
		// flow runs, it takes the machine from that flow (measured on the runner, one fresh session
		// after another: Navigate + full-page Screenshot 690 ms that way, 320 ms this way).
		if (entry.users > 0 || keepWarmMs !== 0) this.prepareSpare(entry, browser);
		if (entry.users > 0 || this.shared.get(entry.key) !== entry) return;
		entry.closeTimer = setTimeout(
			() => void this.closeEntry(entry),
			keepWarmMs ?? DEFAULT_BROWSER_IDLE_MS,
		);
		entry.closeTimer.unref();
		// Waiting for a next session is no reason to keep a process running that has nothing else to
		// do: it may end meanwhile, and Playwright then kills the browser (exit.ts sweeps what is left).
		holdProcessOpen(browser, false);
	}

	private async newIsolatedPage(
		entry: SharedBrowser,
		browser: Browser,
		options: BrowserContextOptions,
		contained: boolean,
	): Promise<IsolatedPage> {
		const optionsKey = JSON.stringify({ options, contained });
		const spare = entry.spare;
		let isolated: IsolatedPage | undefined;
		if (spare?.optionsKey === optionsKey) {
			entry.spare = undefined;
			isolated = await spare.page;
			if (isolated?.page.isClosed()) isolated = undefined;
		} else if (spare) {
			entry.spare = undefined;
			void spare.page.then((unused) => unused && discard(unused));
		}
		isolated ??= await this.openIsolatedPage(entry, browser, options, contained);
		entry.lastAsked = { options, contained };
		return isolated;
	}

	/** Opens a spare page for the options last asked for, unless one is ready or the browser is remote. */
	private prepareSpare(entry: SharedBrowser, browser: Browser): void {
		const asked = entry.lastAsked;
		if (
			!asked ||
			entry.spare ||
			this.retired.has(entry) ||
			entry.connection.mode !== 'launch' ||
			this.options.prepareSpareContext === false ||
			!browser.isConnected()
		)
			return;
		const { options, contained } = asked;
		entry.spare = {
			optionsKey: JSON.stringify({ options, contained }),
			page: (async () => {
				const prepared = await this.openIsolatedPage(entry, browser, options, contained);
				// A new page's renderer is still starting; its first script round trip waits for it.
				await Promise.all([prepared.page.title(), prepareTitleReads(prepared.page)]).catch(
					(error: unknown) => {
						discard(prepared);
						throw error;
					},
				);
				return prepared;
			})().catch(() => undefined),
		};
	}

	private async openIsolatedPage(
		entry: SharedBrowser,
		browser: Browser,
		options: BrowserContextOptions,
		contained: boolean,
	): Promise<IsolatedPage> {
		entry.contextsOpened++;
		if (!contained) return { page: await firstPageOf(await browser.newContext(options)) };
		entry.egress ??= EgressProxy.start();
		const egress = (await entry.egress).newTenant();
		try {
			return {
				page: await firstPageOf(await browser.newContext({ ...options, proxy: egress.proxy })),
				egress,
			};
		} catch (error) {
			egress.leave();
			throw error;
		}
	}

	/** Drops the entry and stops its egress proxy (resolves when stopped). */
	private forget(entry: SharedBrowser): Promise<void> {
		clearTimeout(entry.closeTimer);
		if (this.shared.get(entry.key) === entry) this.shared.delete(entry.key);
		const egress = entry.egress;
		entry.egress = undefined;
		return egress
			? egress.then((proxy) => proxy.close()).catch(() => undefined)
			: Promise.resolve();
	}

	/** Closes the entry's browser once (later calls wait for the same close); a retired one is then let go. */
	private closeEntry(entry: SharedBrowser): Promise<void> {
		entry.closing ??= (async () => {
			const egressStopped = this.forget(entry);
			const browser = await entry.browser.catch(() => undefined);
			await browser?.close().catch(() => undefined);
			await egressStopped;
			this.retired.delete(entry);
		})();
		return entry.closing;
	}

	private async connect(connection: BrowserConnection): Promise<Browser> {
		switch (connection.mode) {
			case 'launch':
				return launchLocal(connection);
			case 'playwright':
				try {
					return await chromium.connect(connection.wsEndpoint, {
						headers: connection.headers,
						timeout: connection.connectTimeoutMs,
					});
				} catch (error) {
					throw connectError(connection.wsEndpoint, error);
				}
			case 'cdp':
				try {
					return await chromium.connectOverCDP(connection.endpointURL, {
						headers: connection.headers,
						timeout: connection.connectTimeoutMs,
					});
				} catch (error) {
					throw connectError(connection.endpointURL, error);
				}
		}
	}
}

/** Starts a local Chromium: the full browser (headed or new headless), or chrome-headless-shell. */
async function launchLocal(
	connection: Extract<BrowserConnection, { mode: 'launch' }>,
): Promise<Browser> {
	const shell = connection.headless && connection.headlessMode === 'shell';
	const executablePath = shell
		? findHeadlessShell(connection.executablePath)
		: findExecutable(connection.executablePath);
	const switches = localLaunchArguments(connection.args);
	try {
		const browser = await chromium.launch({
			executablePath,
			// Playwright's own download: its headless default is its headless shell; the `chromium`
			// channel is its full browser in new headless mode.
			...(!executablePath && !shell && connection.headless && { channel: 'chromium' }),
			headless: connection.headless,
			args: switches.args,
			ignoreDefaultArgs: switches.ignoreDefaultArgs,
			timeout: connection.launchTimeoutMs,
			// n8n handles its own signals; the browser is closed through the pool.
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
		});
		removeSocketFolderWhenGone(browser);
		return browser;
	} catch (error) {
		const what = shell ? 'The headless shell' : 'Chromium';
		throw new BrowserAgentError(
			'BROWSER_NOT_FOUND',
			`${what} at ${executablePath ?? 'Playwright’s default location'} could not be started: ${firstLine(error)}`,
			{
				advice: shell
					? `Install it (Debian/Ubuntu: \`apt-get install chromium-headless-shell\`; or \`npx playwright install chromium-headless-shell\`), or set ${HEADLESS_SHELL_PATH_ENV} to a chrome-headless-shell executable. Or choose New Headless.`
					: connection.headless
						? 'Check that the executable is a Chromium/Chrome build compatible with this Playwright version.'
						: 'A visible (headed) browser needs a display; use headless mode on servers.',
				cause: error,
			},
		);
	}
}

/**
 * Whether a launched browser keeps this process alive: its process and the pipes Playwright talks
 * to it through are ordinary handles, so by default they do, even when no session uses it.
 * Playwright has no public handle on a launched browser's process (only BrowserServer.process());
 * its in-process connection maps the Browser to the server-side object that holds it. Where that is
 * not there (a remote browser, another Playwright build), nothing changes.
 */
function holdProcessOpen(browser: Browser, hold: boolean): void {
	for (const handle of launchedProcessHandles(browser)) {
		if (hold) handle.ref?.();
		else handle.unref?.();
	}
}

type Handle = { ref?: () => void; unref?: () => void };

function launchedProcessHandles(browser: Browser): Handle[] {
	const child = launchedProcess(browser);
	if (!child) return [];
	return [child, ...child.stdio].filter((handle): handle is NonNullable<typeof handle> =>
		Boolean(handle),
	) as Handle[];
}

/** A launched browser's process, where Playwright's in-process connection shows it (see holdProcessOpen). */
function launchedProcess(browser: Browser): ChildProcess | undefined {
	try {
		const connection = (
			browser as unknown as { _connection?: { toImpl?: (object: unknown) => unknown } }
		)._connection;
		const server = connection?.toImpl?.(browser) as
			| { options?: { browserProcess?: { process?: ChildProcess } } }
			| undefined;
		return server?.options?.browserProcess?.process;
	} catch {
		return undefined;
	}
}

/**
 * Chromium keeps its process-singleton socket in a folder of its own in the temp folder, which it
 * removes only when it exits normally; Playwright removes the profile that links to it, not the
 * folder. Found now, while the profile is there, it is removed when the browser ends, killed or not.
 */
function removeSocketFolderWhenGone(browser: Browser): void {
	const pid = launchedProcess(browser)?.pid;
	const profile = pid === undefined ? undefined : profileOfProcess(pid);
	const socketFolder = profile && singletonSocketFolder(profile);
	if (!socketFolder) return;
	liveSocketFolders.add(socketFolder);
	browser.once('disconnected', () => {
		rmSync(socketFolder, { recursive: true, force: true, maxRetries: 3 });
		liveSocketFolders.delete(socketFolder);
	});
}

/** The context's first page; the context is closed again when it cannot be made. */
async function firstPageOf(context: BrowserContext): Promise<Page> {
	try {
		return await context.newPage();
	} catch (error) {
		await context.close().catch(() => undefined);
		throw error;
	}
}

function discard(isolated: IsolatedPage): void {
	isolated.egress?.leave();
	void isolated.page
		.context()
		.close()
		.catch(() => undefined);
}

/**
 * Whether the browser can reach the egress proxy, which listens on this machine's loopback only:
 * a browser launched here, or a remote one whose endpoint is on this machine.
 */
function reachesLoopbackOf(connection: BrowserConnection): boolean {
	if (connection.mode === 'launch') return true;
	const endpoint =
		connection.mode === 'playwright' ? connection.wsEndpoint : connection.endpointURL;
	try {
		const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
		return host === 'localhost' || host === '::1' || /^127\./.test(host);
	} catch {
		return false;
	}
}

/**
 * The connections of a fleet, one per endpoint it lists, each with the setting's headers (token
 * included), timeouts and cool-down; a single one for a launch or a remote setting with one endpoint.
 */
export function fleetMembers(connection: BrowserConnection): BrowserConnection[] {
	if (connection.mode === 'launch') return [connection];
	const endpoints = splitEndpoints(endpointOf(connection));
	// One endpoint written as it always was: the connection itself, so it keeps its shared browser.
	if (endpoints.length === 1 && endpoints[0] === endpointOf(connection)) return [connection];
	return endpoints.map((endpoint) =>
		connection.mode === 'playwright'
			? { ...connection, wsEndpoint: endpoint }
			: { ...connection, endpointURL: endpoint },
	);
}

/** The endpoint setting of a remote connection ('' for a launch). */
function endpointOf(connection: BrowserConnection): string {
	if (connection.mode === 'playwright') return connection.wsEndpoint;
	if (connection.mode === 'cdp') return connection.endpointURL;
	return '';
}

function endpointCooldownOf(connection: BrowserConnection): number {
	return connection.mode === 'launch' ? 0 : connection.endpointCooldownMs;
}

/** What a browser check found: its version, and with several endpoints each one's. */
export interface BrowserCheck {
	/** The browser's version (with several endpoints, the first's). */
	version: string;
	/** With several endpoints: each one (redacted) and its browser's version, in the listed order. */
	endpoints?: Array<{ endpoint: string; version: string }>;
}

/**
 * Starts or reaches a browser once, to check a connection setting; closes what it opened.
 * Returns the browser's version. A setting that lists several endpoints has each one checked:
 * any that cannot be reached fails the check (BROWSER_CONNECT_FAILED naming those, and the ones
 * that answered), so a fleet is not reported fine with a member down.
 */
export async function checkBrowserConnection(raw: BrowserConnectionInput): Promise<BrowserCheck> {
	const connection = browserConnectionSchema.parse(raw);
	const manager = new BrowserManager({ keepWarmMs: 0 });
	try {
		const members = fleetMembers(connection);
		const answered: Array<{ endpoint: string; version: string }> = [];
		const failures: Array<{ endpoint: string; error: unknown }> = [];
		for (const member of members) {
			try {
				const lease = await manager.acquire(member);
				answered.push({
					endpoint: redactUrl(endpointOf(member)),
					version: lease.browser.version(),
				});
				lease.release();
			} catch (error) {
				if (members.length === 1) throw error;
				failures.push({ endpoint: endpointOf(member), error });
			}
		}
		if (failures.length) throw fleetConnectError(connection, failures, answered);
		return members.length === 1
			? { version: answered[0].version }
			: { version: answered[0].version, endpoints: answered };
	} finally {
		await manager.closeAll();
	}
}

const CONNECT_ADVICE =
	'Check that the remote browser is running and reachable from n8n, and that the token or headers are right.';

function connectError(endpoint: string, error: unknown): BrowserAgentError {
	return new BrowserAgentError(
		'BROWSER_CONNECT_FAILED',
		`Could not connect to the browser at ${redactUrl(endpoint)}: ${reasonOf(endpoint, error)}`,
		{ advice: CONNECT_ADVICE, cause: error },
	);
}

/** The first line of a connection failure, with the endpoint in it redacted (its token may be in the query). */
function reasonOf(endpoint: string, error: unknown): string {
	const cause =
		error instanceof BrowserAgentError && error.cause !== undefined ? error.cause : error;
	return redactUrlsIn(firstLine(cause).split(endpoint).join(redactUrl(endpoint)));
}

/** Every URL in a text redacted: Playwright's messages quote the address it asked, query included. */
function redactUrlsIn(text: string): string {
	return text.replace(/\b(?:wss?|https?):\/\/[^\s'"<>]+/gi, (url) => redactUrl(url));
}

/** None of a fleet's endpoints (or, for a check, not all of them) connected: each named, with its reason. */
function fleetConnectError(
	connection: BrowserConnection,
	failures: Array<{ endpoint: string; error: unknown }>,
	answered: Array<{ endpoint: string; version: string }> = [],
): BrowserAgentError {
	const total = fleetMembers(connection).length;
	const each = failures
		.map(({ endpoint, error }) => `${redactUrl(endpoint)} (${reasonOf(endpoint, error)})`)
		.join('; ');
	const fine = answered.length
		? ` Connected to ${answered.map((reached) => reached.endpoint).join(', ')}.`
		: '';
	const cooldown = Math.round(endpointCooldownOf(connection) / 1000);
	return new BrowserAgentError(
		'BROWSER_CONNECT_FAILED',
		`Could not connect to ${failures.length === total ? `any of the ${total} browsers` : `${failures.length} of the ${total} browsers`}: ${each}.${fine}`,
		{
			advice: `${CONNECT_ADVICE.replace('the remote browser is', 'each remote browser is')} Sessions go to the endpoints that connect; one that fails is passed over for ${cooldown} s.`,
			cause: failures[0]?.error,
		},
	);
}

/** Endpoints often carry tokens in the query string; keep them out of messages. */
export function redactUrl(endpoint: string): string {
	try {
		const url = new URL(endpoint);
		if (url.password) url.password = '***';
		for (const key of url.searchParams.keys()) url.searchParams.set(key, '***');
		return url.toString();
	} catch {
		return endpoint.replace(/[?#].*$/, '');
	}
}

export function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0].replace(/^\w+\.\w+: /, '');
}
