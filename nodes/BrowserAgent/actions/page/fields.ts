import type { INodeProperties } from 'n8n-workflow';

/** When a page counts as loaded, as Navigate offers it; for the options of Reload, Go Back and Go Forward. */
export const waitUntilOption: INodeProperties = {
	displayName: 'Wait Until',
	name: 'waitUntil',
	type: 'options',
	default: 'load',
	description: 'When the page counts as loaded and the workflow goes on',
	options: [
		{ name: 'Commit', value: 'commit', description: 'The server started answering; fastest, the page may still be empty' },
		{ name: 'DOM Content Loaded', value: 'domcontentloaded', description: 'The HTML is parsed; images and styles may still load' },
		{ name: 'Load', value: 'load', description: 'The page and all its images, styles and scripts have loaded' },
		{ name: 'Network Idle', value: 'networkidle', description: 'No network traffic for half a second; for pages that keep loading data' },
	],
};
