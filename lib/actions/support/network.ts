import type { Request, Response, Route } from 'playwright';
import { storeKey, type ActionContext } from '../action';
import { compilePattern, type TextMatcher } from './matchPattern';

/** Playwright's request types that can be blocked (WebSockets are not routed, main documents are left alone). */
export const BLOCKABLE_TYPES = [
	'image',
	'font',
	'media',
	'stylesheet',
	'script',
	'xhr',
	'fetch',
	'eventsource',
	'manifest',
	'texttrack',
	'other',
] as const;
/** Every request type Playwright reports. */
export const RESOURCE_TYPES = ['document', ...BLOCKABLE_TYPES, 'websocket'] as const;

interface BlockRules {
	resourceTypes: Set<string>;
	urlPatterns: Array<{ pattern: string; matches: TextMatcher }>;
}

interface HeaderRule {
	matches?: TextMatcher;
	headers: Record<string, string>;
}

/** Per-session network state (session.store key `network`): one route handler serves all rules. */
export interface NetworkState {
	routed: boolean;
	block?: BlockRules;
	blockedCount: number;
	blockedByType: Record<string, number>;
	/** By URL pattern; '' = every request. Applied in the order they were set. */
	headerRules: Map<string, HeaderRule>;
}

const NETWORK = storeKey<NetworkState>('network');

export function networkState(context: ActionContext): NetworkState {
	return context.session.store.obtain(NETWORK, () => ({
		routed: false,
		blockedCount: 0,
		blockedByType: {},
		headerRules: new Map(),
	}));
}

export function setBlockRules(
	state: NetworkState,
	resourceTypes: readonly string[],
	urlPatterns: readonly string[],
): void {
	state.block =
		resourceTypes.length || urlPatterns.length
			? {
					resourceTypes: new Set(resourceTypes),
					urlPatterns: urlPatterns.map((pattern) => ({
						pattern,
						matches: compilePattern(pattern),
					})),
				}
			: undefined;
}

export function setHeaderRule(
	state: NetworkState,
	urlPattern: string | undefined,
	headers: Record<string, string>,
): void {
	const key = urlPattern ?? '';
	state.headerRules.delete(key);
	if (Object.keys(headers).length === 0) return;
	const lowerCased = Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
	state.headerRules.set(key, {
		matches: urlPattern === undefined ? undefined : compilePattern(urlPattern),
		headers: lowerCased,
	});
}

/** Routes the session's requests through the network rules, once per session (all tabs and popups). */
export async function ensureRouting(context: ActionContext, state: NetworkState): Promise<void> {
	if (state.routed) return;
	state.routed = true;
	try {
		await context.context.route(
			() => true,
			(route, request) => handleRequest(state, route, request),
		);
	} catch (error) {
		state.routed = false;
		throw error;
	}
}

async function handleRequest(state: NetworkState, route: Route, request: Request): Promise<void> {
	try {
		const url = request.url();
		const type = request.resourceType();
		const block = state.block;
		if (
			block &&
			(block.resourceTypes.has(type) || block.urlPatterns.some((rule) => rule.matches(url)))
		) {
			state.blockedCount++;
			state.blockedByType[type] = (state.blockedByType[type] ?? 0) + 1;
			await route.abort('blockedbyclient');
			return;
		}
		let extra: Record<string, string> | undefined;
		for (const rule of state.headerRules.values()) {
			if (!rule.matches || rule.matches(url)) extra = { ...extra, ...rule.headers };
		}
		// The Cookie header is always taken from the browser's cookie store, so logins survive.
		await (extra
			? route.fallback({ headers: { ...request.headers(), ...extra } })
			: route.fallback());
	} catch {
		// The page or the request went away meanwhile; nothing to do.
	}
}

// ---------------------------------------------------------------------------
// Response recording (session.store key `network.responses`)

export interface RecordedResponse {
	url: string;
	method: string;
	status: number;
	statusText: string;
	resourceType: string;
	contentType: string;
	headers: Record<string, string>;
	/** Parsed JSON, text (cut at the size limit), or null for binary or bodiless responses. */
	body: unknown;
	bodyType: 'json' | 'text' | 'binary' | 'none';
	/** Body size in bytes, when known. */
	bodySize: number | null;
	truncated: boolean;
	/** When the response arrived (ISO 8601). */
	time: string;
	/** From the request's start to the response's end, in milliseconds, when known. */
	durationMs: number | null;
	bodyError?: string;
}

export interface ResponseRecorder {
	listening: boolean;
	urlPattern?: string;
	matches?: TextMatcher;
	resourceTypes: Set<string>;
	maxResponses: number;
	maxBodyBytes: number;
	entries: RecordedResponse[];
	/** Bodies still being read, by entry. */
	pending: Map<RecordedResponse, Promise<void>>;
	/** Responses dropped because the record was full (the oldest go first). */
	dropped: number;
}

const RESPONSES = storeKey<ResponseRecorder>('network.responses');

export function responseRecorder(context: ActionContext): ResponseRecorder | undefined {
	return context.session.store.get(RESPONSES);
}

export function startRecording(
	context: ActionContext,
	settings: {
		urlPattern?: string;
		resourceTypes: readonly string[];
		maxResponses: number;
		maxBodyBytes: number;
	},
): ResponseRecorder {
	const recorder = context.session.store.obtain(RESPONSES, () => ({
		listening: false,
		resourceTypes: new Set<string>(),
		maxResponses: 500,
		maxBodyBytes: 100_000,
		entries: [],
		pending: new Map(),
		dropped: 0,
	}));
	recorder.urlPattern = settings.urlPattern;
	recorder.matches =
		settings.urlPattern === undefined ? undefined : compilePattern(settings.urlPattern);
	recorder.resourceTypes = new Set(settings.resourceTypes);
	recorder.maxResponses = settings.maxResponses;
	recorder.maxBodyBytes = settings.maxBodyBytes;
	trim(recorder);
	if (!recorder.listening) {
		recorder.listening = true;
		const listening = recorder;
		context.context.on('response', (response) => record(listening, response));
	}
	return recorder;
}

function record(recorder: ResponseRecorder, response: Response): void {
	const request = response.request();
	if (recorder.resourceTypes.size && !recorder.resourceTypes.has(request.resourceType())) return;
	if (recorder.matches && !recorder.matches(response.url())) return;
	const headers = response.headers();
	const entry: RecordedResponse = {
		url: response.url(),
		method: request.method(),
		status: response.status(),
		statusText: response.statusText(),
		resourceType: request.resourceType(),
		contentType: headers['content-type'] ?? '',
		headers,
		body: null,
		bodyType: 'none',
		bodySize: null,
		truncated: false,
		time: new Date().toISOString(),
		durationMs: null,
	};
	recorder.entries.push(entry);
	trim(recorder);
	recorder.pending.set(
		entry,
		readBody(entry, response, recorder.maxBodyBytes).finally(() => recorder.pending.delete(entry)),
	);
}

function trim(recorder: ResponseRecorder): void {
	const excess = recorder.entries.length - recorder.maxResponses;
	if (excess > 0) {
		recorder.entries.splice(0, excess);
		recorder.dropped += excess;
	}
}

const TEXT_TYPES = /^text\/|json|javascript|ecmascript|xml|x-www-form-urlencoded|csv|graphql/i;

async function readBody(
	entry: RecordedResponse,
	response: Response,
	maxBodyBytes: number,
): Promise<void> {
	try {
		await response.finished();
		const timing = response.request().timing();
		if (timing.responseEnd >= 0) entry.durationMs = Math.round(timing.responseEnd);
		if (
			(entry.status >= 300 && entry.status < 400) ||
			entry.status === 204 ||
			entry.method === 'HEAD'
		)
			return;
		if (!TEXT_TYPES.test(entry.contentType)) {
			const length = Number(entry.headers['content-length']);
			entry.bodyType = 'binary';
			entry.bodySize =
				Number.isFinite(length) && entry.headers['content-length'] !== undefined ? length : null;
			return;
		}
		const bytes = await response.body();
		entry.bodySize = bytes.length;
		if (bytes.length > maxBodyBytes) {
			entry.body = bytes.subarray(0, maxBodyBytes).toString('utf8');
			entry.bodyType = 'text';
			entry.truncated = true;
			return;
		}
		const text = bytes.toString('utf8');
		if (/json/i.test(entry.contentType)) {
			try {
				entry.body = JSON.parse(text);
				entry.bodyType = 'json';
				return;
			} catch {
				// Announced as JSON but is not: keep the text.
			}
		}
		entry.body = text;
		entry.bodyType = 'text';
	} catch (error) {
		entry.bodyError = (error instanceof Error ? error.message : String(error)).split('\n')[0];
	}
}
