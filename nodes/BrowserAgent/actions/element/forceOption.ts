import type { INodeProperties } from 'n8n-workflow';

/** The "Force" option of the mouse operations of this resource, worded like Click's. */
export const forceOption: INodeProperties = {
	displayName: 'Force',
	name: 'force',
	type: 'boolean',
	default: false,
	description:
		'Whether to act even if the element looks hidden, covered or disabled. Use only for stubborn widgets.',
};
