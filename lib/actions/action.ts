import { z } from 'zod';
import type { BrowserContext, Frame, Locator, Page } from 'playwright';
import type { SessionPolicy } from '../policy/policy';

/** What a session does when an action runs out of time (seed 001 §3.2); `onTimeout` of every action. */
export const ON_TIMEOUT = ['fail', 'screenshotAndReload', 'closeSession'] as const;
export type OnTimeout = (typeof ON_TIMEOUT)[number];

/** A file an action produced (screenshot, download, PDF): bytes in memory, ready for n8n binary data. */
export interface ActionFile {
	kind: 'screenshot' | 'download' | 'pdf';
	bytes: Buffer;
	fileName: string;
	mimeType: string;
	/** Where the runner keeps a copy while the session lives, when it keeps one. */
	path?: string;
}

/** A typed key of state that a feature keeps in its session between actions (dialogs, network rules…). */
export interface StoreKey<Value> {
	readonly name: string;
	/** Never set: carries the value type. */
	readonly valueType?: Value;
}

export function storeKey<Value>(name: string): StoreKey<Value> {
	return { name };
}

/** State kept between actions, one value per key; a key's type says what its value is. */
export interface SessionStore {
	get<Value>(key: StoreKey<Value>): Value | undefined;
	set<Value>(key: StoreKey<Value>, value: Value): void;
	/** The key's value, made by `create` the first time it is asked for. */
	obtain<Value>(key: StoreKey<Value>, create: () => Value): Value;
}

/**
 * What an action may change about its session beyond the page: which tab and frame later actions
 * use, and state that outlives one action (dialog policy, recorded responses…).
 */
export interface SessionControls {
	/** Makes `page` the tab later actions work on (and leaves any frame). */
	usePage(page: Page): void;
	/** Makes later element actions act inside `frame`; undefined returns to the page itself. */
	useFrame(frame: Frame | undefined): void;
	/** Per-session state kept between actions, by a key each feature owns (e.g. `dialogs`). */
	readonly store: SessionStore;
	/** Where the session keeps files it produces. Removed when the session closes. */
	readonly directory: string;
	/** What the credential allows the session (hosts, schemes, custom script); fixed when it opened. */
	readonly policy: SessionPolicy;
	/** Text with the session's secrets (typed passwords, proxy and header credentials) taken out. */
	scrub(text: string): string;
}

/** What an action sees of its session while it runs. */
export interface ActionContext {
	/** The session's current page (tab). */
	page: Page;
	/** Where element selectors are resolved: the page, or the frame the flow switched into. */
	scope: Page | Frame;
	context: BrowserContext;
	/** Milliseconds this action may take; pass it to every Playwright call that waits. */
	timeoutMs: number;
	/** Aborted when the session is closed or times out while the action runs, or the action passes its deadline. */
	signal: AbortSignal;
	/** A folder that lives as long as the session (downloads land here). */
	sessionDir: string;
	session: SessionControls;
	/** What the caller lent this action beyond its input (ActionCall.host); empty unless given. */
	host: object;
}

export interface ActionOutput<Result> {
	result: Result;
	files?: ActionFile[];
}

/** Fields every action accepts. */
export const commonInput = {
	timeoutMs: z
		.number()
		.int()
		.min(1)
		.max(3_600_000)
		.default(30_000)
		.describe('How long the action may take, in milliseconds, before it fails with TIMEOUT.'),
	retries: z
		.number()
		.int()
		.min(0)
		.max(10)
		.default(0)
		.describe('Extra attempts, with exponential backoff, for actions that are safe to repeat.'),
	onTimeout: z
		.enum(ON_TIMEOUT, { error: `onTimeout must be ${ON_TIMEOUT.join(', ')}` })
		.default('fail')
		.describe(
			'When the action runs out of time (TIMEOUT, ELEMENT_NOT_FOUND): fail (default), screenshotAndReload (reload the page, then fail), or closeSession (end the session, then fail). A screenshot is kept either way.',
		),
};

/** The element an action works on: a Playwright selector, and which match when several do. */
export const elementTarget = {
	selector: z
		.string()
		.trim()
		.min(1, 'a selector is required, e.g. #submit, text=Sign in or //button[1]')
		.max(10_000)
		.describe(
			'Playwright selector: CSS (#id, .class), XPath (//button or xpath=…), text=…, role=button[name="OK"], or a chain with >>.',
		),
	index: z
		.number()
		.int()
		.min(0)
		.optional()
		.describe(
			'Which match to use when the selector matches several elements (0 = first). Leave empty to require exactly one.',
		),
};

export interface ActionDefinition<Shape extends z.ZodRawShape = z.ZodRawShape, Result = unknown> {
	/** Stable identifier: used by batch steps, AI tools and audit lines. */
	name: string;
	/** One sentence for people and AI agents. */
	description: string;
	input: z.ZodObject<Shape & typeof commonInput>;
	/** True when running the action twice does no harm (no clicks, no form submits). */
	retryable: boolean;
	/** Input fields whose values must never be logged or echoed (typed passwords…). */
	sensitiveFields: readonly string[];
	/**
	 * A person drives the page while it runs (a live view): what the policy refuses them is blocked
	 * and counted, but does not fail the action, nor the next one.
	 */
	personDrives: boolean;
	run(
		context: ActionContext,
		input: z.output<z.ZodObject<Shape & typeof commonInput>>,
	): Promise<ActionOutput<Result>>;
}

export function defineAction<Shape extends z.ZodRawShape, Result>(definition: {
	name: string;
	description: string;
	input: Shape;
	retryable?: boolean;
	sensitiveFields?: readonly string[];
	personDrives?: boolean;
	/** The action's own default time limit, where 30 s does not fit what it does (a whole script). */
	defaultTimeoutMs?: number;
	run: ActionDefinition<Shape, Result>['run'];
}): ActionDefinition<Shape, Result> {
	const timeoutMs =
		definition.defaultTimeoutMs === undefined
			? commonInput.timeoutMs
			: commonInput.timeoutMs.removeDefault().default(definition.defaultTimeoutMs);
	return {
		name: definition.name,
		description: definition.description,
		input: z.strictObject({ ...definition.input, ...commonInput, timeoutMs }),
		retryable: definition.retryable ?? false,
		sensitiveFields: definition.sensitiveFields ?? [],
		personDrives: definition.personDrives ?? false,
		run: definition.run,
	};
}

/** Resolves an element target in the action's scope. */
export function locate(
	context: ActionContext,
	target: { selector: string; index?: number },
): Locator {
	const all = context.scope.locator(target.selector);
	return target.index === undefined ? all : all.nth(target.index);
}
