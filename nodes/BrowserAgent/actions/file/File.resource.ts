import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as download from './download.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = { download };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Download a file (e.g. an exported report) into a binary field',
				action: 'Download a file',
			},
		],
		default: 'download',
	},
	...download.description,
];
