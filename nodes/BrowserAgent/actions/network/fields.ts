import type { INodeProperties } from 'n8n-workflow';
import { RESOURCE_TYPES } from '../../../../lib';
import { choicesOf, REQUEST_TYPE_LABELS, REQUEST_TYPE_OPTIONS } from '../common';

export const blockTypesField: INodeProperties = {
	displayName: 'Resource Types',
	name: 'resourceTypes',
	type: 'multiOptions',
	default: ['font', 'image', 'media'],
	options: REQUEST_TYPE_OPTIONS,
	description: 'Which kinds of requests to block',
};

export const recordTypesField: INodeProperties = {
	displayName: 'Resource Types',
	name: 'resourceTypes',
	type: 'multiOptions',
	default: [],
	options: choicesOf(RESOURCE_TYPES, REQUEST_TYPE_LABELS),
	description:
		'Record only these kinds of requests, e.g. Fetch and XHR for API calls. None selected: every kind.',
};

/** Splits a one-pattern-per-line field into its patterns. */
export function patternLines(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean);
}
