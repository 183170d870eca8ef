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

/** Reads a name/value fixedCollection and a JSON field into one object (the list wins for the same key). */
export function keyValues(pairs: Array<{ key?: string; name?: string; value?: unknown }>): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	for (const pair of pairs) {
		const key = (pair.key ?? pair.name ?? '').trim();
		if (key) values[key] = pair.value ?? '';
	}
	return values;
}
