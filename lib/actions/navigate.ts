import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { assertUrlAllowed } from '../policy/policy';

export const waitUntilOption = z
	.enum(['load', 'domcontentloaded', 'networkidle', 'commit'])
	.default('load')
	.describe(
		'When the page counts as loaded: load (all resources), domcontentloaded (HTML parsed), networkidle (no requests for 500 ms), commit (first response byte).',
	);

export const navigate = defineAction({
	name: 'navigate',
	description:
		'Open a URL in the current tab and wait until it has loaded. Returns the final URL, title and HTTP status.',
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
		waitUntil: waitUntilOption,
		referer: z.string().optional().describe('Referer header to send with the navigation.'),
	},
	async run({ page, timeoutMs, session }, { url, waitUntil, referer }) {
		// Refused here with a clear error; redirects and later hops are checked in the browser.
		assertUrlAllowed(session.policy, url);
		const response = await page.goto(url, { waitUntil, timeout: timeoutMs, referer });
		const status = response?.status() ?? null;
		if (status !== null && status >= 400) {
			// The page did load, so this is not an exception in Playwright; many flows still want to know.
			return { result: { url: page.url(), title: await page.title(), status, ok: false } };
		}
		if (response === null && page.url() === 'about:blank') {
			throw new BrowserAgentError('NAVIGATION_FAILED', `Navigating to ${url} produced no page.`, {
				advice: 'Check the URL; a download link should use the Download operation instead.',
			});
		}
		return { result: { url: page.url(), title: await page.title(), status, ok: true } };
	},
});
