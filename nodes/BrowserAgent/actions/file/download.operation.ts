import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	binaryPropertyNameField,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	timeoutOption,
	textParameter,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('file', 'download', [
		{
			displayName: 'Download By',
			name: 'downloadBy',
			type: 'options',
			default: 'click',
			options: [
				{
					name: 'Clicking an Element',
					value: 'click',
					description: 'Click the link or button that starts the download',
				},
				{
					name: 'URL',
					value: 'url',
					description: 'Fetch the file address directly, with the session’s login cookies',
				},
			],
		},
		selectorField({
			description: 'The link or button that starts the download',
			placeholder: 'e.g. text=Export CSV',
			displayOptions: { show: { downloadBy: ['click'] } },
		}),
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://portal.example.com/export/report.csv',
			description:
				'The file’s address; the session’s cookies are sent, so logged-in downloads work',
			displayOptions: { show: { downloadBy: ['url'] } },
		},
		binaryPropertyNameField('Name of the binary field the downloaded file is stored in'),
	]),
	optionsCollection(
		{ resource: 'file', operation: 'download' },
		[indexOption],
		[
			{
				...timeoutOption,
				description:
					'How long the whole download may take, in milliseconds; raise it for large files. A download still running then is stopped and fails with TIMEOUT',
			},
		],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const binaryPropertyName = textParameter.call(this, 'binaryPropertyName', itemIndex, 'data');
	const byUrl = this.getNodeParameter('downloadBy', itemIndex, 'click') === 'url';
	const run = await runAction(context, 'file.download', {
		...(byUrl
			? { url: this.getNodeParameter('url', itemIndex) as string }
			: { selector: this.getNodeParameter('selector', itemIndex) as string }),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run, binaryPropertyName)];
}
