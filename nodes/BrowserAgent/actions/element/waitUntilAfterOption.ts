import type { INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';
import { schemaField } from '../common';

/**
 * "Wait Until After" of the operations that may open a page (Click, Double Click, Press Key,
 * Click At), from the action's own schema field so its default and choices stay the runner's.
 */
export function waitUntilAfterOption(field: z.ZodType): INodeProperties {
	return schemaField(field, {
		displayName: 'Wait Until After',
		name: 'waitUntilAfter',
		description:
			'If this opens a page (a link, a form submit), wait until the new page has loaded before the next node runs, so a screenshot or extract sees it. Returns at once when no page opens.',
		labels: {
			none: { name: 'Do Not Wait', description: 'Go on as soon as the action is done' },
			load: {
				name: 'Load',
				description: 'Wait until the page and its images, styles and scripts have loaded',
			},
			networkidle: {
				name: 'Network Idle',
				description:
					'Also wait until no request has run for 500 ms (pages that fetch their data after loading)',
			},
		},
	});
}
