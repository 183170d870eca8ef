import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { getTimeline } from '../../../../lib';
import {
	binaryPropertyNameField,
	optionsCollection,
	showFor,
	textParameter,
	type OperationContext,
} from '../common';
import { TRACE_FIELD, traceBinary } from './traceBinary';

export const description: INodeProperties[] = [
	...showFor('session', 'getTimeline', [
		{
			displayName: 'Session ID',
			name: 'sessionId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.sessionId }}',
			description:
				'Empty: the session of this execution (by Session Name). Or the ID of any earlier session (the sessionId field of a Browser Agent output), read from the audit trail.',
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'itemPerAction',
			options: [
				{
					name: 'One Item per Action',
					value: 'itemPerAction',
					description: 'The HTML report is on the first item',
				},
				{
					name: 'Single Item',
					value: 'singleItem',
					description: 'One item with all actions in an "actions" list, and the HTML report',
				},
			],
			description: 'How to return the actions',
		},
		binaryPropertyNameField(
			'Name of the binary field for the HTML report (timeline.html): a time bar per action, errors in red, screenshots inline. When the session records a trace, its trace so far is in the binary field "trace" (trace.zip).',
		),
	]),
	optionsCollection({ resource: 'session', operation: 'getTimeline' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const sessionId = (this.getNodeParameter('sessionId', itemIndex, '') as string).trim();
	const output = this.getNodeParameter('output', itemIndex, 'itemPerAction') as string;
	const binaryPropertyName = textParameter.call(this, 'binaryPropertyName', itemIndex, 'data');
	const { timeline, html } = await getTimeline(context.pool, {
		key: context.key,
		sessionId: sessionId || undefined,
		audit: context.environment.audit,
	});
	const report = await this.helpers.prepareBinaryData(
		Buffer.from(html, 'utf8'),
		'timeline.html',
		'text/html',
	);
	// Only the open session of this execution has a trace to give: an ended one's went with Close.
	const current = await context.pool.session(context.key);
	const trace =
		!sessionId || sessionId === current?.id ? await context.pool.trace(context.key) : undefined;
	const binary = {
		...(trace && { [TRACE_FIELD]: await traceBinary.call(this, trace) }),
		[binaryPropertyName]: report,
	};
	const session: IDataObject = {
		sessionId: timeline.sessionId,
		...(timeline.sessionName && { sessionName: timeline.sessionName }),
		...(timeline.state && { sessionState: timeline.state }),
	};
	const rows = timeline.rows.map((row): IDataObject => ({ ...session, ...row }));
	if (output === 'singleItem' || !rows.length) {
		const { rows: _rows, snapshots: _snapshots, ...about } = timeline;
		return [
			{
				json: {
					...about,
					actionCount: rows.length,
					failedCount: timeline.rows.filter((row) => row.status === 'failed').length,
					actions: rows,
				},
				binary,
			},
		];
	}
	return rows.map((json, index) => ({
		json,
		...(index === 0 && { binary }),
	}));
}
