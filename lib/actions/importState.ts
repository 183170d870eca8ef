import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';
import {
	describeState,
	loadProfile,
	profileNameSchema,
	restoreStorageState,
	storageStateSchema,
} from './support/storageState';

export const importState = defineAction({
	name: 'importState',
	description:
		'Restore a login state exported by exportState (from the item’s JSON or a named profile): adds its cookies to the session and writes each site’s saved localStorage. Navigate afterwards to use it.',
	retryable: true,
	sensitiveFields: ['storageState'],
	input: {
		storageState: storageStateSchema
			.optional()
			.describe(
				'The storage state (object or JSON text), e.g. {{ $json.storageState }} from Export State.',
			),
		profile: profileNameSchema
			.optional()
			.describe('Name of a profile saved by exportState, instead of storageState.'),
		replace: z
			.boolean()
			.default(false)
			.describe(
				'Delete the session’s cookies and site data first, so only the imported state remains. Default: add to what the session has.',
			),
	},
	async run(context, { storageState, profile, replace }) {
		if (!storageState === !profile) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'Import State needs either a storage state or a profile name, not both.',
				{
					field: storageState ? 'profile' : 'storageState',
					advice:
						'Set "storageState" to what Export State produced (e.g. {{ $json.storageState }}), or "profile" to a saved profile name.',
				},
			);
		}
		const state = storageState ?? (await loadProfile(profile!));
		if (replace) {
			// Playwright's own reset: clears cookies, storage and cache, then restores the state.
			await context.context.setStorageState(state);
		} else {
			await restoreStorageState(context.context, state, context.timeoutMs);
		}
		return {
			result: {
				imported: true,
				source: profile ? 'profile' : 'item',
				...(profile && { profile }),
				...describeState(state),
				replaced: replace,
			},
		};
	},
});
