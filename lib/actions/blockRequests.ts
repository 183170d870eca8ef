import { z } from 'zod';
import { defineAction } from './action';
import { patternSchema } from './support/matchPattern';
import { BLOCKABLE_TYPES, ensureRouting, networkState, setBlockRules } from './support/network';

export const blockRequests = defineAction({
	name: 'blockRequests',
	description:
		'Block requests of the whole session (every tab) by type (image, font, media, stylesheet, script…) and/or URL pattern, e.g. to load pages faster. Replaces the previous blocking rules; empty lists stop blocking. Returns how many requests were blocked so far.',
	retryable: true,
	input: {
		resourceTypes: z
			.array(z.enum(BLOCKABLE_TYPES))
			.max(BLOCKABLE_TYPES.length)
			.default([])
			.describe(
				'Request types to block: image, font, media, stylesheet, script, xhr, fetch, eventsource, manifest, texttrack, other.',
			),
		urlPatterns: z
			.array(patternSchema)
			.max(100)
			.default([])
			.describe(
				'Block requests whose URL matches any of these patterns (*, /regex/ or text the URL contains), e.g. *google-analytics*.',
			),
	},
	async run(context, { resourceTypes, urlPatterns }) {
		const state = networkState(context);
		setBlockRules(state, resourceTypes, urlPatterns);
		if (state.block) await ensureRouting(context, state);
		return {
			result: {
				blocking: state.block !== undefined,
				resourceTypes,
				urlPatterns,
				blockedCount: state.blockedCount,
				blockedByType: { ...state.blockedByType },
			},
		};
	},
});
