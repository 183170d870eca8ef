import type { INodeProperties } from 'n8n-workflow';

export const PROFILE_HINT =
	'Letters, digits, - and _ only. Profiles are files on the n8n machine (in $BROWSER_AGENT_DATA_DIR, else ~/.n8n/browser-agent/profiles), so every workflow of this n8n instance can use them.';

export function profileNameField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Profile Name',
		name: 'profileName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. acme-admin',
		hint: PROFILE_HINT,
		description: 'Name of the saved login profile',
		...overrides,
	};
}
