import { defineAction } from './action';
import {
	describeState,
	profileNameSchema,
	saveProfile,
	storageStateSchema,
	type StorageState,
} from './support/storageState';

export const exportState = defineAction({
	name: 'exportState',
	description:
		'Export the session’s login state (Playwright storage state: cookies and each site’s localStorage) as JSON, to restore later with importState or Session → Open, e.g. after a Wait node, in a sub-workflow or on another worker. Optionally also save it as a named profile on disk.',
	retryable: true,
	input: {
		profile: profileNameSchema
			.optional()
			.describe(
				'Also save the state as this named profile (a file on the n8n machine), to import by name later.',
			),
	},
	async run(context, { profile }) {
		// Parsed through the same schema importState uses, so what is exported always imports.
		const state: StorageState = storageStateSchema.parse(await context.context.storageState());
		const savedTo = profile ? await saveProfile(profile, state) : undefined;
		return {
			result: {
				storageState: state,
				...describeState(state),
				...(profile && { profile, savedTo }),
			},
		};
	},
});
