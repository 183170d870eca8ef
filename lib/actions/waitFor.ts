import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { errors as playwrightErrors, type Request, type Response } from 'playwright';
import { defineAction, elementTarget, locate, type ActionContext } from './action';
import {
	compilePattern,
	PATTERN_SYNTAX,
	patternSchema,
	type TextMatcher,
} from './support/matchPattern';
import { BrowserAgentError } from '../errors';

export const WAIT_CONDITIONS = [
	'elementAttached',
	'elementDetached',
	'elementVisible',
	'elementHidden',
	'textAppears',
	'textDisappears',
	'urlMatches',
	'titleMatches',
	'networkIdle',
	'response',
	'delay',
] as const;

export type WaitCondition = (typeof WAIT_CONDITIONS)[number];

const ELEMENT_STATES = {
	elementAttached: 'attached',
	elementDetached: 'detached',
	elementVisible: 'visible',
	elementHidden: 'hidden',
} as const;

/** How long the network must stay quiet to count as idle (Playwright's networkidle uses the same). */
const NETWORK_QUIET_MS = 500;
const TITLE_POLL_MS = 100;

export const waitFor = defineAction({
	name: 'waitFor',
	description:
		'Wait until something happens: an element appears, disappears, shows or hides; a text appears or disappears; the URL or title matches; the network is idle; a response arrives (returns its status, headers and body); or a fixed delay passes.',
	retryable: true,
	input: {
		until: z
			.enum(WAIT_CONDITIONS)
			.describe(
				'What to wait for: elementAttached / elementDetached / elementVisible / elementHidden (selector), textAppears / textDisappears (text, optional selector), urlMatches / titleMatches / response (pattern), networkIdle, delay (delayMs).',
			),
		selector: elementTarget.selector
			.optional()
			.describe(
				'The element to watch (element conditions), or the element to look for the text in (text conditions; default: the whole page).',
			),
		index: elementTarget.index,
		text: z
			.string()
			.min(1, 'the text to wait for is empty')
			.max(10_000)
			.optional()
			.describe(
				'The text to wait for (textAppears / textDisappears); case-insensitive, part of an element’s visible text is enough.',
			),
		pattern: patternSchema
			.optional()
			.describe(
				`The address (urlMatches, response) or title (titleMatches) to wait for, e.g. **/dashboard* or /^Invoice \\d+/i. ${PATTERN_SYNTAX}`,
			),
		delayMs: z
			.number()
			.int()
			.min(0)
			.max(3_600_000)
			.optional()
			.describe('How long to wait, in milliseconds (delay).'),
		maxBodyBytes: z
			.number()
			.int()
			.min(0)
			.max(50_000_000)
			.default(1_000_000)
			.describe(
				'Largest response body to return (response); a longer body is cut and returned as text, with truncated: true.',
			),
	},
	async run(context, input) {
		const { until, timeoutMs } = input;
		const started = Date.now();
		const what = describeCondition(input);
		try {
			const details = await waitUntil(context, input);
			return { result: { until, waitedMs: Date.now() - started, ...details } };
		} catch (error) {
			if (!(error instanceof playwrightErrors.TimeoutError)) throw error;
			throw new BrowserAgentError(
				'TIMEOUT',
				`Waited ${timeoutMs} ms for ${what}, but it did not happen${await seenInstead(context, input, error)}.`,
				{
					selector: input.selector,
					advice: adviceFor(until),
					cause: error,
				},
			);
		}
	},
});

type WaitInput = Parameters<(typeof waitFor)['run']>[1];

async function waitUntil(
	context: ActionContext,
	input: WaitInput,
): Promise<Record<string, unknown>> {
	const { until, timeoutMs } = input;
	switch (until) {
		case 'elementAttached':
		case 'elementDetached':
		case 'elementVisible':
		case 'elementHidden': {
			const selector = required(input, 'selector', 'the element to watch, e.g. #results');
			await locate(context, { selector, index: input.index }).waitFor({
				state: ELEMENT_STATES[until],
				timeout: timeoutMs,
			});
			return { selector };
		}
		case 'textAppears':
		case 'textDisappears': {
			const text = required(input, 'text', 'the text to wait for, e.g. Payment received');
			const root = input.selector
				? locate(context, { selector: input.selector, index: input.index })
				: context.scope;
			const visibleMatches = root.getByText(text).filter({ visible: true });
			await visibleMatches
				.first()
				.waitFor({ state: until === 'textAppears' ? 'attached' : 'detached', timeout: timeoutMs });
			return { text };
		}
		case 'urlMatches': {
			const pattern = required(input, 'pattern', 'the address to wait for, e.g. **/dashboard*');
			const matches = compilePattern(pattern);
			await context.page.waitForURL((url) => matches(url.href), {
				timeout: timeoutMs,
				waitUntil: 'commit',
			});
			return { matchedUrl: context.page.url() };
		}
		case 'titleMatches': {
			const pattern = required(input, 'pattern', 'the title to wait for, e.g. Dashboard*');
			return { matchedTitle: await waitForTitle(context, compilePattern(pattern)) };
		}
		case 'networkIdle':
			await waitForNetworkIdle(context);
			return {};
		case 'response': {
			const pattern = required(
				input,
				'pattern',
				'the address of the response, e.g. **/api/orders*',
			);
			const matches = compilePattern(pattern);
			const deadline = Date.now() + timeoutMs;
			const response = await context.page.waitForResponse((candidate) => matches(candidate.url()), {
				timeout: timeoutMs,
			});
			return { response: await describeResponse(response, input.maxBodyBytes, deadline) };
		}
		case 'delay': {
			const delayMs = required(input, 'delayMs', 'how long to wait, e.g. 5000');
			if (delayMs > timeoutMs) {
				throw new BrowserAgentError(
					'INVALID_INPUT',
					`A delay of ${delayMs} ms is longer than the timeout of ${timeoutMs} ms.`,
					{
						field: 'delayMs',
						advice: `Raise the timeout to at least ${delayMs} ms, or shorten the delay.`,
					},
				);
			}
			// Closing the session aborts the signal, which ends the pause at once.
			await sleep(delayMs, undefined, { signal: context.signal });
			return { delayMs };
		}
	}
}

function required<Key extends 'selector' | 'text' | 'pattern' | 'delayMs'>(
	input: WaitInput,
	field: Key,
	example: string,
): NonNullable<WaitInput[Key]> {
	const value = input[field];
	if (value === undefined) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`Waiting for ${input.until} needs "${field}": ${example}.`,
			{
				field,
				advice: `Set "${field}" to ${example}.`,
			},
		);
	}
	return value as NonNullable<WaitInput[Key]>;
}

// ---------------------------------------------------------------------------
// Conditions Playwright has no single call for

async function waitForTitle(context: ActionContext, matches: TextMatcher): Promise<string> {
	const deadline = Date.now() + context.timeoutMs;
	// Polled from here rather than in the page, so navigations in between do not break the wait.
	for (;;) {
		const title = await context.page.title().catch(() => '');
		if (matches(title)) return title;
		if (Date.now() >= deadline) throw new playwrightErrors.TimeoutError('the title did not match');
		await sleep(TITLE_POLL_MS, undefined, { signal: context.signal });
	}
}

/**
 * Resolves once no request of the tab has been running for NETWORK_QUIET_MS. Counts requests
 * that were already running when the wait began (e.g. started by a click in the previous step).
 * Playwright's own "networkidle" load state fires once per page load, so it cannot tell.
 */
async function waitForNetworkIdle({ page, timeoutMs, signal }: ActionContext): Promise<void> {
	const pending = new Set<Request>();
	let quietTimer: NodeJS.Timeout | undefined;
	let overallTimer: NodeJS.Timeout | undefined;
	let settle: { resolve(): void; reject(error: unknown): void } | undefined;
	let done = false;
	const finished = new Promise<void>((resolve, reject) => {
		settle = { resolve, reject };
	});
	const checkQuiet = () => {
		clearTimeout(quietTimer);
		if (done) return;
		if (pending.size === 0) quietTimer = setTimeout(() => settle?.resolve(), NETWORK_QUIET_MS);
	};
	const track = (request: Request) => {
		// Server-sent event streams never end; Playwright's networkidle ignores them too.
		if (request.resourceType() === 'eventsource' || request.failure()) return;
		pending.add(request);
		clearTimeout(quietTimer);
		// sizes() answers once the response has fully arrived (or fails with the request); unlike
		// Response.finished() it also works for requests that started before this wait.
		request
			.sizes()
			.catch(() => undefined)
			.finally(() => {
				pending.delete(request);
				checkQuiet();
			});
	};
	const onAbort = () => settle?.reject(signal.reason);
	page.on('request', track);
	signal.addEventListener('abort', onAbort, { once: true });
	try {
		for (const request of await page.requests()) track(request);
		overallTimer = setTimeout(() => {
			const urls = [...pending].slice(0, 3).map((request) => request.url());
			const more = pending.size > urls.length ? ` and ${pending.size - urls.length} more` : '';
			settle?.reject(new playwrightErrors.TimeoutError(`still loading: ${urls.join(', ')}${more}`));
		}, timeoutMs);
		checkQuiet();
		await finished;
	} finally {
		done = true;
		clearTimeout(quietTimer);
		clearTimeout(overallTimer);
		page.off('request', track);
		signal.removeEventListener('abort', onAbort);
	}
}

async function describeResponse(response: Response, maxBodyBytes: number, deadline: number) {
	const headers = response.headers();
	const contentType = headers['content-type'] ?? '';
	const described = {
		url: response.url(),
		method: response.request().method(),
		status: response.status(),
		statusText: response.statusText(),
		ok: response.ok(),
		headers,
	};
	let bytes: Buffer | undefined;
	let timer: NodeJS.Timeout | undefined;
	try {
		// The body arrives after the headers; a body the page never reads may never arrive at all.
		bytes = await Promise.race([
			response.body(),
			new Promise<undefined>((resolve) => {
				timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
			}),
		]);
	} catch {
		// Redirects and some cached or cancelled responses have no body to read.
	} finally {
		clearTimeout(timer);
	}
	if (bytes === undefined)
		return { ...described, bodyType: 'none', body: null, size: 0, truncated: false };
	const truncated = bytes.length > maxBodyBytes;
	const kept = truncated ? bytes.subarray(0, maxBodyBytes) : bytes;
	if (/[/+]json\b/i.test(contentType) && !truncated) {
		try {
			return {
				...described,
				bodyType: 'json',
				body: JSON.parse(kept.toString('utf8')) as unknown,
				size: bytes.length,
				truncated,
			};
		} catch {
			// Announced as JSON but is not: return it as text below.
		}
	}
	if (
		!contentType ||
		/^text\/|json|xml|javascript|ecmascript|x-www-form-urlencoded|csv|graphql/i.test(contentType)
	) {
		return {
			...described,
			bodyType: 'text',
			body: kept.toString('utf8'),
			size: bytes.length,
			truncated,
		};
	}
	return { ...described, bodyType: 'binary', body: null, size: bytes.length, truncated: false };
}

// ---------------------------------------------------------------------------
// Messages

function describeCondition(input: WaitInput): string {
	const element = `the element "${input.selector ?? ''}"`;
	const where = input.selector ? ` inside "${input.selector}"` : ' on the page';
	switch (input.until) {
		case 'elementAttached':
			return `${element} to be in the page`;
		case 'elementDetached':
			return `${element} to be removed from the page`;
		case 'elementVisible':
			return `${element} to be visible`;
		case 'elementHidden':
			return `${element} to be hidden or removed`;
		case 'textAppears':
			return `the text "${input.text ?? ''}" to appear${where}`;
		case 'textDisappears':
			return `the text "${input.text ?? ''}" to disappear${where}`;
		case 'urlMatches':
			return `the page address to match ${input.pattern ?? ''}`;
		case 'titleMatches':
			return `the page title to match ${input.pattern ?? ''}`;
		case 'networkIdle':
			return `the network to be idle (no request for ${NETWORK_QUIET_MS} ms)`;
		case 'response':
			return `a response from an address matching ${input.pattern ?? ''}`;
		case 'delay':
			return `a delay of ${input.delayMs ?? 0} ms`;
	}
}

/** What the page showed instead, for the TIMEOUT message. */
async function seenInstead(
	context: ActionContext,
	input: WaitInput,
	timeout: Error,
): Promise<string> {
	try {
		switch (input.until) {
			case 'urlMatches':
				return ` (the address is ${context.page.url()})`;
			case 'titleMatches':
				return ` (the title is "${await context.page.title()}")`;
			case 'networkIdle':
				// waitForNetworkIdle names the requests still running.
				return timeout.message.startsWith('still loading') ? ` (${timeout.message})` : '';
			case 'elementAttached':
			case 'elementVisible':
			case 'textAppears':
				if (input.selector && (await context.scope.locator(input.selector).count()) === 0)
					return ` (nothing matches "${input.selector}")`;
				return '';
			default:
				return '';
		}
	} catch {
		return '';
	}
}

function adviceFor(until: WaitCondition): string {
	switch (until) {
		case 'urlMatches':
		case 'response':
			return 'Check the pattern: with * it must match the whole address (e.g. *://portal.example.com/api/orders*); plain text matches anywhere. Raise the timeout for slow servers.';
		case 'titleMatches':
			return 'Check the pattern: with * it must match the whole title (e.g. Invoice *); plain text matches anywhere in it.';
		case 'networkIdle':
			return 'Pages that poll or stream data are never idle: wait for an element, a text or a response instead.';
		default:
			return 'Check the selector or text against the page (a screenshot helps), or raise the timeout if it takes longer.';
	}
}
