import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as close from './close.operation';
import * as getStatus from './getStatus.operation';
import * as getTimeline from './getTimeline.operation';
import * as liveView from './liveView.operation';
import * as open from './open.operation';
import * as waitForHuman from './waitForHuman.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	close,
	getStatus,
	getTimeline,
	liveView,
	open,
	waitForHuman,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Close',
				value: 'close',
				description: 'Close the browser session and free its resources',
				action: 'Close the browser session',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Whether the session is open, its state, URL and title',
				action: 'Get the browser session status',
			},
			{
				name: 'Get Timeline',
				value: 'getTimeline',
				description:
					'What the session did, action by action (times, results, errors), with an HTML report and screenshots',
				action: 'Get the browser session timeline',
			},
			{
				name: 'Live View',
				value: 'liveView',
				description:
					'A link to watch the session’s page live (or, interactive, to click and type in it) while the flow runs',
				action: 'Get a live view link of the session',
			},
			{
				name: 'Open',
				value: 'open',
				description:
					'Open the session with settings (viewport, device, language, time zone, proxy, saved login…). Optional: the first action opens it with defaults.',
				action: 'Open a browser session',
			},
			{
				name: 'Wait for Human',
				value: 'waitForHuman',
				description:
					'Pause the flow while a person does what only a person can (a captcha, an SMS code, an approval) in a live view of the page, until they press Done',
				action: 'Wait for a person in a live view',
			},
		],
		default: 'open',
	},
	...open.description,
	...close.description,
	...getStatus.description,
	...getTimeline.description,
	...liveView.description,
	...waitForHuman.description,
];
