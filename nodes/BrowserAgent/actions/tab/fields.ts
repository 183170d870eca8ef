import type { INodeProperties } from 'n8n-workflow';

/** Fields shared by the Tab, Frame and Network operations. */

export const PATTERN_HINT =
	'<code>*</code> stands for any text (e.g. <code>*/api/*</code>), <code>/…/</code> is a regular expression; other text matches anywhere. Case is ignored, except in regular expressions.';

export const waitUntilField: INodeProperties = {
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

export function switchToField(displayName: string, description: string): INodeProperties {
	return { displayName, name: 'switchTo', type: 'boolean', default: true, description };
}

/** A tab's position, as Tab → List shows it. */
export const tabIndexField: INodeProperties = {
	displayName: 'Tab Index',
	name: 'index',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'The tab’s position: 0 is the first tab of the session, 1 the next one opened, and so on (Tab → List shows them)',
};
