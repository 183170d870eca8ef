import { z } from 'zod';
import { defineAction } from './action';
import { patternSchema } from './support/matchPattern';
import { RESOURCE_TYPES, startRecording } from './support/network';

export const recordResponses = defineAction({
	name: 'recordResponses',
	description:
		'Start recording the responses the session receives (every tab) whose URL matches: status, headers, JSON body (or text, cut at a size limit) and time. Read them with getRecordedResponses. Calling it again changes the filter and keeps what was recorded.',
	retryable: true,
	input: {
		urlPattern: patternSchema
			.optional()
			.describe(
				'Record only responses whose URL matches this pattern (*, /regex/ or text the URL contains), e.g. */api/*. Default: every response.',
			),
		resourceTypes: z
			.array(z.enum(RESOURCE_TYPES))
			.max(RESOURCE_TYPES.length)
			.default([])
			.describe(
				'Record only these request types, e.g. ["fetch", "xhr"] for API calls. Default: every type.',
			),
		maxResponses: z
			.number()
			.int()
			.min(1)
			.max(5_000)
			.default(500)
			.describe('How many responses to keep; when more arrive, the oldest are dropped.'),
		maxBodyBytes: z
			.number()
			.int()
			.min(0)
			.max(10_000_000)
			.default(100_000)
			.describe('Bodies longer than this many bytes are kept as cut text (truncated: true).'),
	},
	async run(context, { urlPattern, resourceTypes, maxResponses, maxBodyBytes }) {
		const recorder = startRecording(context, {
			urlPattern,
			resourceTypes,
			maxResponses,
			maxBodyBytes,
		});
		return {
			result: {
				recording: true,
				urlPattern: urlPattern ?? null,
				resourceTypes,
				maxResponses,
				maxBodyBytes,
				recordedCount: recorder.entries.length,
			},
		};
	},
});
