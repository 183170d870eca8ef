import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { BrowserContext } from 'playwright';
import { REDACTED, type SecretValues } from './secretValues';

/**
 * A Playwright trace of one session (Session option `recordTrace`), for Playwright's trace viewer.
 *
 * What Playwright records, and how secrets are kept out of what leaves the session:
 * - trace.trace: every API call with its parameters (a fill's value, a key press's text, an
 *   evaluate's argument, as the viewer's titles show them: `Fill "…"`), its result and log, console
 *   messages, and a DOM snapshot per call phase in which every <input> and <textarea> carries its
 *   current value (`__playwright_value_`). trace.network: every request and response (headers,
 *   cookies, URLs); resources/: their bodies (form posts included) and the snapshots' blobs;
 *   screencast frames as JPEGs.
 * - Each action runs inside a tracing group named after it. The group of an action with a sensitive
 *   input (a fill's value, cookies, headers…) is marked: on export, its calls' parameters and results
 *   are masked, their logs and the console messages while it ran are left out, and so are the
 *   inputs' values in its snapshots and the requests it started. This is what catches what a value
 *   scrub cannot: typing key by key records one character per call, and snapshots in between
 *   hold the value half typed.
 * - Then every entry is scrubbed with the session's secrets (every spelling of SecretValues): the
 *   NDJSON files line by line as parsed JSON (numbers and structure stay valid), text entries as
 *   text, and a binary entry that holds a secret is left out.
 * Screenshots show what the page showed (a password field as dots): no scrub reads pixels.
 */

/** Ends a tracing group's title when the action's sensitive input is kept out of the trace. */
const SENSITIVE_GROUP_MARK = ' (value kept out of the trace)';
/** The longest the last chunk may take to be written when a session closes. */
const FINISH_TIMEOUT_MS = 5_000;
/** Parameters kept readable in a sensitive action's calls: where, not what. */
const READABLE_PARAMS = new Set(['selector', 'expression', 'strict', 'timeout', 'force', 'state']);
/** Snapshot attributes that hold what an input holds. */
const VALUE_ATTRIBUTES = new Set(['__playwright_value_', 'value']);
/** Events handled between two yields to the event loop: building a big trace must not stall n8n. */
const LINES_PER_TURN = 200;
/** Entries Playwright writes as one JSON event per line: `trace.trace`, `0-trace.network`… */
const EVENT_FILE = /(?:^|-)trace\.(?:trace|network|stacks)$/;

/** What the trace needs to know of an action. */
export interface TracedAction {
	name: string;
	sensitiveFields: readonly string[];
}

/** Whether an action gets a value that must stay out of the trace (any of its sensitive fields set). */
export function hasSensitiveInput(action: TracedAction, input: Record<string, unknown>): boolean {
	return action.sensitiveFields.some((field) => {
		const value = input[field];
		return value !== undefined && value !== null && value !== '';
	});
}

export class SessionTrace {
	/** Chunks recorded so far, as Playwright's zips in the session folder, oldest first. */
	private readonly chunks: string[] = [];

	private constructor(
		private readonly context: BrowserContext,
		private readonly title: string,
	) {}

	/** Starts recording: a screencast, a DOM snapshot per call, no sources (the runner's code is no one's business). */
	static async start(context: BrowserContext, title: string): Promise<SessionTrace> {
		await context.tracing.start({ screenshots: true, snapshots: true, sources: false, title });
		return new SessionTrace(context, title);
	}

	/** Runs one action inside a group named after it, marked when its input is sensitive. */
	async around<Result>(
		action: TracedAction,
		input: Record<string, unknown>,
		work: () => Promise<Result>,
	): Promise<Result> {
		const sensitive = hasSensitiveInput(action, input);
		const target = typeof input.selector === 'string' ? ` ${input.selector}` : '';
		const opened = await this.context.tracing
			.group(
				sensitive ? `${action.name}${target}${SENSITIVE_GROUP_MARK}` : `${action.name}${target}`,
			)
			.then(
				() => true,
				() => false,
			);
		try {
			return await work();
		} finally {
			if (opened) await this.context.tracing.groupEnd().catch(() => undefined);
		}
	}

	/**
	 * The trace so far, as one zip without secrets; recording goes on in a new chunk. `folder` holds
	 * the chunks (the session's folder, removed with it).
	 */
	async export(secrets: SecretValues, folder: string): Promise<Buffer> {
		await this.saveChunk(folder);
		await this.context.tracing.startChunk({ title: this.title });
		return this.build(secrets);
	}

	/**
	 * Stops recording when the session ends (before its context closes) and keeps the chunks, read
	 * before their folder goes: the trace is built only if someone asks (Session → Close), not for
	 * every session that merely ends. Undefined when nothing could be written.
	 */
	async finish(folder: string): Promise<RecordedTrace | undefined> {
		let timer: NodeJS.Timeout | undefined;
		const giveUp = new Promise<false>((resolve) => {
			timer = setTimeout(() => resolve(false), FINISH_TIMEOUT_MS);
			timer.unref();
		});
		try {
			const saved = await Promise.race([
				this.saveChunk(folder).then(
					() => true,
					() => false,
				),
				giveUp,
			]);
			if (!saved && !this.chunks.length) return undefined;
			return new RecordedTrace(await Promise.all(this.chunks.map((file) => readFile(file))));
		} finally {
			clearTimeout(timer);
		}
	}

	private async saveChunk(folder: string): Promise<void> {
		const file = path.join(folder, `trace-chunk-${this.chunks.length}.zip`);
		await this.context.tracing.stopChunk({ path: file });
		this.chunks.push(file);
	}

	private async build(secrets: SecretValues): Promise<Buffer> {
		return buildTrace(await Promise.all(this.chunks.map((file) => readFile(file))), secrets);
	}
}

/** An ended session's trace: its chunks as Playwright wrote them, built into one trace when asked. */
export class RecordedTrace {
	private built?: Buffer;

	constructor(private readonly chunks: Buffer[]) {}

	async build(secrets: SecretValues): Promise<Buffer> {
		this.built ??= await buildTrace(this.chunks, secrets);
		return this.built;
	}
}

/** Merges chunks into one trace, as Playwright's test runner merges its traces, and scrubs it. */
async function buildTrace(chunks: Buffer[], secrets: SecretValues): Promise<Buffer> {
	const unpacked: ZipEntries[] = [];
	for (const chunk of chunks) unpacked.push(await unzipEntries(chunk));
	return scrubTrace(mergeChunks(unpacked), secrets);
}

/** Every entry of a zip, decompressed one at a time with a turn of the event loop between. */
async function unzipEntries(zip: Uint8Array): Promise<ZipEntries> {
	const names: string[] = [];
	// A filter that takes nothing lists the names without inflating anything.
	unzipSync(zip, {
		filter: (file) => {
			names.push(file.name);
			return false;
		},
	});
	const entries: ZipEntries = {};
	for (const name of names) {
		Object.assign(entries, unzipSync(zip, { filter: (file) => file.name === name }));
		await nextTurn();
	}
	return entries;
}

/** A zip of the entries, deflated one at a time (already compressed ones stored). */
async function zipEntries(files: Array<{ name: string; data: Uint8Array; compress: boolean }>) {
	const parts: Uint8Array[] = [];
	const zip = new Zip((error, data) => {
		if (error) throw error;
		parts.push(data);
	});
	for (const { name, data, compress } of files) {
		const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
		zip.add(entry);
		entry.push(data, true);
		await nextTurn();
	}
	zip.end();
	return Buffer.concat(parts);
}

function nextTurn(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

type ZipEntries = Record<string, Uint8Array>;

/**
 * One zip from several chunks: each chunk's event files under a prefix of its own (`0-trace.trace`,
 * the viewer loads every `*.trace`), resources once (their names are content hashes). Every chunk's
 * network file holds the requests of the chunks before it too: those lines are kept once.
 */
export function mergeChunks(chunks: ZipEntries[]): ZipEntries {
	if (chunks.length === 1) return chunks[0];
	const merged: ZipEntries = {};
	const seenRequests = new Set<string>();
	chunks.forEach((chunk, index) => {
		for (const [name, data] of Object.entries(chunk)) {
			if (!EVENT_FILE.test(name)) {
				merged[name] ??= data;
				continue;
			}
			if (!name.endsWith('.network')) {
				merged[`${index}-${name}`] = data;
				continue;
			}
			const fresh = linesOf(data).filter((line) => !seenRequests.has(line));
			for (const line of fresh) seenRequests.add(line);
			merged[`${index}-${name}`] = Buffer.from(fresh.map((line) => `${line}\n`).join(''));
		}
	});
	return merged;
}

/** What a trace's sensitive groups cover: their calls, and when they ran (monotonic ms). */
interface SensitiveParts {
	calls: Set<string>;
	windows: Array<{ start: number; end: number }>;
}

/**
 * The trace zip with sensitive actions masked and every secret removed from every entry.
 * Exported for the tests; the session calls it through SessionTrace.
 */
export async function scrubTrace(entries: ZipEntries, secrets: SecretValues): Promise<Buffer> {
	const sensitive = await sensitivePartsOf(entries);
	const files: Array<{ name: string; data: Uint8Array; compress: boolean }> = [];
	for (const [name, data] of Object.entries(entries)) {
		await nextTurn();
		if (EVENT_FILE.test(name)) {
			const text = await scrubEventFile(name, data, sensitive, secrets);
			files.push({ name, data: Buffer.from(text, 'utf8'), compress: true });
			continue;
		}
		const text = textOf(data);
		if (text !== undefined) {
			files.push({ name, data: Buffer.from(secrets.scrub(text), 'utf8'), compress: true });
			continue;
		}
		// An image or other binary: changed it would be broken, so one that holds a secret is left out.
		if (secrets.scrub(Buffer.from(data).toString('latin1')).includes(REDACTED)) continue;
		files.push({ name, data, compress: false });
	}
	return zipEntries(files);
}

async function sensitivePartsOf(entries: ZipEntries): Promise<SensitiveParts> {
	const parts: SensitiveParts = { calls: new Set(), windows: [] };
	const groups = new Map<string, number>();
	for (const [name, data] of Object.entries(entries)) {
		if (!name.endsWith('.trace')) continue;
		for (const [index, line] of linesOf(data).entries()) {
			if (index % LINES_PER_TURN === 0) await nextTurn();
			const event = parse(line);
			if (event?.type === 'before') {
				const marked =
					event.method === 'tracingGroup' &&
					String(event.title ?? '').endsWith(SENSITIVE_GROUP_MARK);
				// Calls start after their group, so one pass finds nested calls too.
				if (marked || parts.calls.has(String(event.parentId)))
					parts.calls.add(String(event.callId));
				if (marked) groups.set(String(event.callId), Number(event.startTime));
			} else if (event?.type === 'after' && groups.has(String(event.callId))) {
				parts.windows.push({
					start: groups.get(String(event.callId))!,
					end: Number(event.endTime),
				});
			}
		}
	}
	return parts;
}

async function scrubEventFile(
	name: string,
	data: Uint8Array,
	sensitive: SensitiveParts,
	secrets: SecretValues,
): Promise<string> {
	const during = (time: unknown) =>
		typeof time === 'number' &&
		sensitive.windows.some((window) => time >= window.start && time <= window.end);
	const kept: string[] = [];
	for (const [index, line] of linesOf(data).entries()) {
		if (index % LINES_PER_TURN === 0) await nextTurn();
		const event = parse(line);
		if (!event) {
			// Not JSON (never seen): a text scrub is all that can be done.
			kept.push(secrets.scrub(line));
			continue;
		}
		const masked = maskSensitive(event, sensitive, during, name.endsWith('.network'));
		if (masked) kept.push(JSON.stringify(scrubStrings(masked, secrets)));
	}
	return kept.map((line) => `${line}\n`).join('');
}

/** The parts of a trace event the masking reads (see Playwright's trace format, version 10). */
interface TraceEvent {
	type?: string;
	callId?: unknown;
	parentId?: unknown;
	method?: string;
	title?: unknown;
	startTime?: unknown;
	endTime?: unknown;
	time?: unknown;
	params?: unknown;
	result?: unknown;
	snapshot?: { callId?: unknown; html?: unknown; _monotonicTime?: unknown };
}

/** The event with a sensitive action's values masked; undefined to leave it out. */
function maskSensitive(
	event: TraceEvent,
	sensitive: SensitiveParts,
	during: (time: unknown) => boolean,
	network: boolean,
): TraceEvent | undefined {
	if (network) {
		// Requests a page sends while a value is typed into it (suggestions per key) carry it half typed.
		const started = event.snapshot?._monotonicTime;
		return during(started) ? undefined : event;
	}
	const callId = String(event.callId ?? event.snapshot?.callId ?? '');
	const ofSensitiveCall = sensitive.calls.has(callId) && event.method !== 'tracingGroup';
	switch (event.type) {
		case 'before':
			return ofSensitiveCall ? { ...event, params: maskValues(event.params) } : event;
		case 'after':
			return ofSensitiveCall ? { ...event, result: maskValues(event.result) } : event;
		case 'log':
			return ofSensitiveCall ? undefined : event;
		case 'frame-snapshot':
			return ofSensitiveCall
				? { ...event, snapshot: { ...event.snapshot, html: maskInputValues(event.snapshot?.html) } }
				: event;
		case 'console':
			return during(event.time) ? undefined : event;
		default:
			return event;
	}
}

/** Every string of a sensitive call's parameters or result, but where it acted. */
function maskValues(value: unknown, key?: string): unknown {
	if (typeof value === 'string') return key && READABLE_PARAMS.has(key) ? value : REDACTED;
	if (Array.isArray(value)) return value.map((entry) => maskValues(entry));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([name, entry]) => [name, maskValues(entry, name)]),
		);
	return value;
}

/** A DOM snapshot with what every input holds masked (attributes are the objects of its node lists). */
function maskInputValues(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(maskInputValues);
	if (node && typeof node === 'object')
		return Object.fromEntries(
			Object.entries(node).map(([name, value]) => [
				name,
				VALUE_ATTRIBUTES.has(name) && typeof value === 'string' ? REDACTED : value,
			]),
		);
	return node;
}

/** Plain data with every secret removed from its strings and keys; numbers and structure as they were. */
function scrubStrings(value: unknown, secrets: SecretValues): unknown {
	if (typeof value === 'string') return secrets.scrub(value);
	if (Array.isArray(value)) return value.map((entry) => scrubStrings(entry, secrets));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([name, entry]) => [
				secrets.scrub(name),
				scrubStrings(entry, secrets),
			]),
		);
	return value;
}

function linesOf(data: Uint8Array): string[] {
	return Buffer.from(data)
		.toString('utf8')
		.split('\n')
		.filter((line) => line.trim());
}

function parse(line: string): TraceEvent | undefined {
	try {
		const event: unknown = JSON.parse(line);
		return event && typeof event === 'object' ? (event as TraceEvent) : undefined;
	} catch {
		return undefined;
	}
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The entry as text when it is text (valid UTF-8, no NUL byte); undefined for images and other binaries. */
function textOf(data: Uint8Array): string | undefined {
	if (data.includes(0)) return undefined;
	try {
		return UTF8.decode(data);
	} catch {
		return undefined;
	}
}
