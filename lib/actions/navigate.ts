import { z } from 'zod';
import type { Response } from 'playwright';
import { readTitle } from './support/pageTitle';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { assertUrlAllowed } from '../policy/policy';
import { setCacheEnabled } from './support/cache';
import { loadUntil, NAVIGATION_WAIT_UNTIL } from './support/loadWait';

/** Playwright's load states: Tab → Open and Wait for Popup, which wait for a tab they did not load themselves. */
export const waitUntilOption = z
	.enum(['load', 'domcontentloaded', 'networkidle', 'commit'])
	.default('load')
	.describe(
		'When the page counts as loaded: load (all resources), domcontentloaded (HTML parsed), networkidle (no requests for 500 ms), commit (first response byte).',
	);

/** When a page loaded in the current tab counts as loaded: Navigate, Reload, Go Back and Go Forward. */
export const navigationWaitUntilOption = z
	.enum(NAVIGATION_WAIT_UNTIL)
	.default('load')
	.describe(
		'When the page counts as loaded: load (all resources), domcontentloaded (HTML parsed), networkidle or networkidle0 (no requests for 500 ms), networkidle2 (at most 2 requests open for 500 ms, for pages that keep a connection or two open), commit (first response byte).',
	);

export const navigate = defineAction({
	name: 'navigate',
	description:
		'Open a URL in the current tab and wait until it has loaded. Returns the final URL, title, HTTP status and response headers.',
	retryable: true,
	input: {
		url: z
			.string()
			.trim()
			.min(1, 'a URL is required, e.g. https://example.com/login')
			.refine(
				(value) => URL.canParse(value),
				'not a valid absolute URL; include the scheme, e.g. https://example.com',
			),
		queryParameters: z
			.array(
				z.strictObject({
					name: z.string().min(1, 'a query parameter needs a name').max(2_000),
					value: z.string().max(100_000),
				}),
			)
			.max(200)
			.default([])
			.describe(
				'Query parameters to add to the URL, in order, encoded as in a form (URLSearchParams): [{"name": "q", "value": "a b"}] adds q=a+b. The query already in the URL stays as written.',
			),
		waitUntil: navigationWaitUntilOption,
		referer: z.string().optional().describe('Referer header to send with the navigation.'),
		useCache: z
			.boolean()
			.default(true)
			.describe(
				'Use the browser cache. false makes this tab load everything from the network, for this and every later page load in the tab, until a Navigate with useCache true.',
			),
		failOnHttpError: z
			.boolean()
			.default(false)
			.describe(
				'Fail with NAVIGATION_FAILED when the page answers with an HTTP status of 400 or more. Default: return ok: false and the status.',
			),
	},
	async run(context, { url, queryParameters, waitUntil, referer, useCache, failOnHttpError }) {
		const { page, session } = context;
		const target = withQueryParameters(url, queryParameters);
		// Refused here with a clear error; redirects and later hops are checked in the browser.
		assertUrlAllowed(session.policy, target);
		await setCacheEnabled(context, useCache);
		const response = await loadUntil(context, waitUntil, (options) =>
			page.goto(target, { ...options, referer }),
		);
		const status = response?.status() ?? null;
		const headers = response?.headers() ?? {};
		if (status !== null && status >= 400) {
			if (failOnHttpError) throw httpError(response!);
			// The page did load, so this is not an exception in Playwright; many flows still want to know.
			return {
				result: {
					url: page.url(),
					title: await readTitle(page, context.timeoutMs),
					status,
					ok: false,
					headers,
				},
			};
		}
		if (response === null && page.url() === 'about:blank') {
			throw new BrowserAgentError('NAVIGATION_FAILED', `Navigating to ${url} produced no page.`, {
				advice: 'Check the URL; a download link should use the Download operation instead.',
			});
		}
		return {
			result: {
				url: page.url(),
				title: await readTitle(page, context.timeoutMs),
				status,
				ok: true,
				headers,
			},
		};
	},
});

/**
 * The URL with `parameters` added to its query, each encoded as URLSearchParams.append encodes it
 * (n8n-nodes-puppeteer's way). The query already in the URL is kept byte for byte rather than
 * re-encoded, so signed URLs keep their signature.
 */
export function withQueryParameters(
	url: string,
	parameters: ReadonlyArray<{ name: string; value: string }>,
): string {
	if (parameters.length === 0) return url;
	const target = new URL(url);
	const added = new URLSearchParams(parameters.map(({ name, value }) => [name, value])).toString();
	target.search = target.search.length > 1 ? `${target.search.slice(1)}&${added}` : added;
	return target.href;
}

function httpError(response: Response): BrowserAgentError {
	const status = response.status();
	const statusText = response.statusText();
	const advice =
		status === 401 || status === 403
			? 'The page needs a login or refuses this session: sign in first (Element → Fill, Click), or send the credentials or headers it expects.'
			: status === 404 || status === 410
				? 'Check the URL (and its query parameters); the page may have moved.'
				: status >= 500
					? 'The server failed: try again later, or set Retries to try again automatically.'
					: 'Check the URL and what the server expects.';
	return new BrowserAgentError(
		'NAVIGATION_FAILED',
		`${response.url()} answered with HTTP status ${status}${statusText ? ` ${statusText}` : ''}.`,
		{
			advice: `${advice} To go on with the page anyway, turn off Fail on HTTP Error and check ok and status.`,
		},
	);
}
