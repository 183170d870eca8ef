import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as emulateMedia from './emulateMedia.operation';
import * as evaluate from './evaluate.operation';
import * as getInfo from './getInfo.operation';
import * as goBack from './goBack.operation';
import * as goForward from './goForward.operation';
import * as handleDialogs from './handleDialogs.operation';
import * as navigate from './navigate.operation';
import * as pdf from './pdf.operation';
import * as reload from './reload.operation';
import * as screenshot from './screenshot.operation';
import * as setViewport from './setViewport.operation';
import * as snapshot from './snapshot.operation';
import * as waitFor from './waitFor.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	emulateMedia,
	evaluate,
	getInfo,
	goBack,
	goForward,
	handleDialogs,
	navigate,
	pdf,
	reload,
	screenshot,
	setViewport,
	snapshot,
	waitFor,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['page'] } },
		// The node creator lists these in this order: the most used first, then alphabetically.
		// eslint-disable-next-line n8n-nodes-base/node-param-options-type-unsorted-items -- most used first (see above)
		options: [
			{
				name: 'Navigate',
				value: 'navigate',
				description: 'Open a URL in the browser and wait until it has loaded',
				action: 'Navigate to a URL',
			},
			{
				name: 'Screenshot',
				value: 'screenshot',
				description: 'Take a picture of the page or of one element',
				action: 'Take a screenshot',
			},
			{
				name: 'Wait For',
				value: 'waitFor',
				description:
					'Wait for an element, a text, an address, a title, a response, a quiet network or a fixed time',
				action: 'Wait for a condition',
			},
			{
				name: 'Emulate Media',
				value: 'emulateMedia',
				description: 'Show the page as printed, in dark or light mode, or with fewer animations',
				action: 'Emulate print media or dark mode',
			},
			{
				name: 'Get Info',
				value: 'getInfo',
				description:
					'Get the address, title, loading state and size of the page, the open tabs and the dialogs seen',
				action: 'Get page info',
			},
			{
				name: 'Go Back',
				value: 'goBack',
				description: 'Go to the previous page, like the browser’s Back button',
				action: 'Go back',
			},
			{
				name: 'Go Forward',
				value: 'goForward',
				description: 'Go to the next page, like the browser’s Forward button',
				action: 'Go forward',
			},
			{
				name: 'Handle Dialogs',
				value: 'handleDialogs',
				description:
					'Answer alert, confirm and prompt boxes automatically from now on, and record them',
				action: 'Handle dialogs',
			},
			{
				name: 'Reload',
				value: 'reload',
				description: 'Load the current page again',
				action: 'Reload the page',
			},
			{
				name: 'Run JavaScript',
				value: 'evaluate',
				description:
					'Run your own script in the page and return its result (only if the credential allows custom JavaScript)',
				action: 'Run javascript in the page',
			},
			{
				name: 'Save as PDF',
				value: 'pdf',
				description: 'Print the page to a PDF file',
				action: 'Save the page as a PDF',
			},
			{
				name: 'Set Viewport',
				value: 'setViewport',
				description: 'Change the size of the visible area of the page, and its pixel density',
				action: 'Set the viewport size',
			},
			{
				name: 'Snapshot',
				value: 'snapshot',
				description:
					'Read the page as a compact accessibility snapshot with refs (e12) that later steps take as selector ref=e12; for people and AI models',
				action: 'Snapshot the page with element refs',
			},
		],
		default: 'navigate',
	},
	...navigate.description,
	...screenshot.description,
	...emulateMedia.description,
	...getInfo.description,
	...goBack.description,
	...goForward.description,
	...handleDialogs.description,
	...pdf.description,
	...reload.description,
	...setViewport.description,
	...snapshot.description,
	...waitFor.description,
	...evaluate.description,
];
