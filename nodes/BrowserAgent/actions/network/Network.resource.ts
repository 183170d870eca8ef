import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as blockRequests from './blockRequests.operation';
import * as getRecordedResponses from './getRecordedResponses.operation';
import * as recordResponses from './recordResponses.operation';
import * as setHeaders from './setHeaders.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	blockRequests,
	getRecordedResponses,
	recordResponses,
	setHeaders,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['network'] } },
		options: [
			{
				name: 'Block Requests',
				value: 'blockRequests',
				description:
					'Stop images, fonts, videos or chosen addresses from loading, in every tab of the session',
				action: 'Block requests',
			},
			{
				name: 'Get Recorded Responses',
				value: 'getRecordedResponses',
				description: 'One item per recorded response: status, headers and body',
				action: 'Get recorded responses',
			},
			{
				name: 'Record Responses',
				value: 'recordResponses',
				description:
					'Start recording the responses of matching addresses, e.g. the JSON of an API the page calls',
				action: 'Record responses',
			},
			{
				name: 'Set Headers',
				value: 'setHeaders',
				description: 'Send extra HTTP headers with every request, or with matching ones',
				action: 'Set request headers',
			},
		],
		default: 'blockRequests',
	},
	...blockRequests.description,
	...setHeaders.description,
	...recordResponses.description,
	...getRecordedResponses.description,
];
