import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Request types, as the browser reports them. */
const TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Event Stream', value: 'eventsource', description: 'Server-sent events' },
	{ name: 'Fetch', value: 'fetch', description: 'Data requests made with fetch()' },
	{ name: 'Font', value: 'font', description: 'Web fonts' },
	{ name: 'Image', value: 'image', description: 'Pictures and icons' },
	{ name: 'Manifest', value: 'manifest', description: 'Web app manifests' },
	{ name: 'Media', value: 'media', description: 'Audio and video' },
	{ name: 'Other', value: 'other', description: 'Anything else' },
	{ name: 'Script', value: 'script', description: 'JavaScript files; blocking them can break the page' },
	{ name: 'Stylesheet', value: 'stylesheet', description: 'CSS files' },
	{ name: 'Text Track', value: 'texttrack', description: 'Subtitles of videos' },
	{ name: 'XHR', value: 'xhr', description: 'Data requests made with XMLHttpRequest' },
];

export const blockTypesField: INodeProperties = {
	displayName: 'Resource Types',
	name: 'resourceTypes',
	type: 'multiOptions',
	default: ['font', 'image', 'media'],
	options: TYPE_OPTIONS,
	description: 'Which kinds of requests to block',
};

export const recordTypesField: INodeProperties = {
	displayName: 'Resource Types',
	name: 'resourceTypes',
	type: 'multiOptions',
	default: [],
	options: [...TYPE_OPTIONS, { name: 'Page', value: 'document', description: 'Pages and frames themselves' }].sort((a, b) => a.name.localeCompare(b.name)),
	description: 'Record only these kinds of requests, e.g. Fetch and XHR for API calls. None selected: every kind.',
};

/** Splits a one-pattern-per-line field into its patterns. */
export function patternLines(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean);
}
