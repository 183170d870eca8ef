import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as clearCookies from './clearCookies.operation';
import * as clearStorage from './clearStorage.operation';
import * as exportState from './exportState.operation';
import * as getCookies from './getCookies.operation';
import * as getLocalStorage from './getLocalStorage.operation';
import * as importState from './importState.operation';
import * as setCookies from './setCookies.operation';
import * as setLocalStorage from './setLocalStorage.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	clearCookies,
	clearStorage,
	exportState,
	getCookies,
	getLocalStorage,
	importState,
	setCookies,
	setLocalStorage,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['storage'] } },
		options: [
			{
				name: 'Clear Cookies',
				value: 'clearCookies',
				description: 'Delete the session’s cookies, all or by name or domain',
				action: 'Clear cookies',
			},
			{
				name: 'Clear Storage',
				value: 'clearStorage',
				description:
					'Empty the current site’s localStorage and sessionStorage, optionally its cookies and the HTTP cache',
				action: 'Clear site storage',
			},
			{
				name: 'Export State',
				value: 'exportState',
				description:
					'Output the login state (cookies and localStorage) as JSON, to restore it later or elsewhere',
				action: 'Export the login state',
			},
			{
				name: 'Get Cookies',
				value: 'getCookies',
				description: 'Read the session’s cookies, optionally for some URLs or one name',
				action: 'Get cookies',
			},
			{
				name: 'Get Local Storage',
				value: 'getLocalStorage',
				description: 'Read the current site’s localStorage and sessionStorage',
				action: 'Get local storage',
			},
			{
				name: 'Import State',
				value: 'importState',
				description: 'Restore a login state from Export State (from the item or a saved profile)',
				action: 'Import a login state',
			},
			{
				name: 'Set Cookies',
				value: 'setCookies',
				description: 'Add cookies to the session',
				action: 'Set cookies',
			},
			{
				name: 'Set Local Storage',
				value: 'setLocalStorage',
				description: 'Write values into the current site’s localStorage or sessionStorage',
				action: 'Set local storage values',
			},
		],
		default: 'getCookies',
	},
	...getCookies.description,
	...setCookies.description,
	...clearCookies.description,
	...getLocalStorage.description,
	...setLocalStorage.description,
	...clearStorage.description,
	...exportState.description,
	...importState.description,
];
