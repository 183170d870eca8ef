import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import { compilePattern, patternSchema } from './support/matchPattern';
import { responseRecorder, type RecordedResponse } from './support/network';
import { pollUntil, remaining } from './support/polling';

export const getRecordedResponses = defineAction({
	name: 'getRecordedResponses',
	description:
		'Return the responses recorded since recordResponses, oldest first, optionally only those whose URL matches, optionally waiting until at least N are there, and optionally removing them from the record.',
	retryable: true,
	input: {
		urlPattern: patternSchema
			.optional()
			.describe(
				'Return only responses whose URL matches this pattern (*, /regex/ or text the URL contains).',
			),
		minResponses: z
			.number()
			.int()
			.min(0)
			.max(5_000)
			.default(0)
			.describe(
				'Wait (up to the timeout) until at least this many matching responses were recorded; fails with TIMEOUT otherwise.',
			),
		clear: z
			.boolean()
			.default(false)
			.describe(
				'Remove the returned responses from the record, so the next call only sees newer ones.',
			),
	},
	async run(context, { urlPattern, minResponses, clear }) {
		const recorder = responseRecorder(context);
		if (!recorder) {
			throw new BrowserAgentError(
				'ACTION_FAILED',
				'No responses are recorded in this session: recording was never started.',
				{
					advice: 'Add Network → Record Responses before the steps that load the data.',
				},
			);
		}
		const matches = urlPattern === undefined ? () => true : compilePattern(urlPattern);
		const selected = () => recorder.entries.filter((entry) => matches(entry.url));
		const deadline = Date.now() + context.timeoutMs;
		const enough = await pollUntil(() => (selected().length >= minResponses ? true : undefined), {
			deadline,
			signal: context.signal,
		});
		if (!enough) {
			throw new BrowserAgentError(
				'TIMEOUT',
				`Only ${selected().length} of the ${minResponses} responses wanted were recorded within ${context.timeoutMs} ms.`,
				{
					advice:
						'Check that the page makes those requests after Record Responses started and that the URL pattern matches them; raise the timeout for slow APIs.',
				},
			);
		}
		// Bodies are read in the background; give them a little time (a body the page never reads may never finish).
		const responses = selected();
		await waitForBodies(
			responses
				.map((entry) => recorder.pending.get(entry))
				.filter((reading) => reading !== undefined),
			Math.min(remaining(deadline), BODY_WAIT_MS),
		);
		if (clear) {
			const returned = new Set(responses);
			recorder.entries = recorder.entries.filter((entry) => !returned.has(entry));
		}
		return {
			result: {
				count: responses.length,
				responses: responses.map(
					(entry): RecordedResponse =>
						recorder.pending.has(entry)
							? {
									...entry,
									bodyError: 'the body had not finished loading when the responses were read',
								}
							: { ...entry },
				),
				cleared: clear,
				dropped: recorder.dropped,
			},
		};
	},
});

/** How long to wait for bodies still loading before returning without them. */
const BODY_WAIT_MS = 5_000;

async function waitForBodies(pending: Array<Promise<void>>, ms: number): Promise<void> {
	if (pending.length === 0) return;
	let timer: NodeJS.Timeout | undefined;
	const giveUp = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, ms);
		timer.unref();
	});
	try {
		await Promise.race([Promise.allSettled(pending), giveUp]);
	} finally {
		clearTimeout(timer);
	}
}
