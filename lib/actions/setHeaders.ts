import { z } from 'zod';
import { defineAction } from './action';
import { patternSchema } from './support/matchPattern';
import { ensureRouting, networkState, setHeaderRule } from './support/network';

const headerName = z
	.string()
	.regex(
		/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
		'not a valid header name (letters, digits and - only, e.g. X-Trace-Id)',
	);
const headerValue = z
	.string()
	.max(16_384)
	.refine((value) => !/[\r\n\0]/.test(value), 'a header value cannot contain line breaks');

export const setHeaders = defineAction({
	name: 'setHeaders',
	description:
		'Send extra HTTP headers with every request of the session (every tab), or only with requests whose URL matches a pattern, e.g. a trace ID or an API key. Replaces the headers set before for the same pattern; no headers removes them.',
	retryable: true,
	sensitiveFields: ['headers'],
	input: {
		headers: z
			.record(headerName, headerValue)
			.default({})
			.describe(
				'Header names and values, e.g. {"X-Trace-Id": "run-42"}. Empty: stop adding headers (for this URL pattern).',
			),
		urlPattern: patternSchema
			.optional()
			.describe(
				'Add the headers only to requests whose URL matches this pattern (*, /regex/ or text the URL contains). Default: every request.',
			),
	},
	async run(context, { headers, urlPattern }) {
		const state = networkState(context);
		setHeaderRule(state, urlPattern, headers);
		if (state.headerRules.size) await ensureRouting(context, state);
		// Header values may be secrets (API keys): only their names are echoed.
		return {
			result: {
				headerNames: Object.keys(headers),
				urlPattern: urlPattern ?? null,
				ruleCount: state.headerRules.size,
			},
		};
	},
});
