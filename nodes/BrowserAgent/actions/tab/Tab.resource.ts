import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as close from './close.operation';
import * as list from './list.operation';
import * as open from './open.operation';
import * as switchTab from './switch.operation';
import * as waitForPopup from './waitForPopup.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	close,
	list,
	open,
	switch: switchTab,
	waitForPopup,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tab'] } },
		options: [
			{
				name: 'Close',
				value: 'close',
				description:
					'Close the current tab or another one; closing the last tab leaves a fresh empty one',
				action: 'Close a tab',
			},
			{
				name: 'List',
				value: 'list',
				description:
					'One item per open tab, popups included: index, URL, title and whether it is current',
				action: 'List the open tabs',
			},
			{
				name: 'Open',
				value: 'open',
				description: 'Open a new tab, optionally at a URL; it becomes the current tab',
				action: 'Open a new tab',
			},
			{
				name: 'Switch',
				value: 'switch',
				description: 'Work in another open tab, found by index, URL or title',
				action: 'Switch to another tab',
			},
			{
				name: 'Wait for Popup',
				value: 'waitForPopup',
				description: 'Wait for the popup or new tab a click opens, and switch to it',
				action: 'Wait for a popup',
			},
		],
		default: 'open',
	},
	...open.description,
	...list.description,
	...switchTab.description,
	...close.description,
	...waitForPopup.description,
];
