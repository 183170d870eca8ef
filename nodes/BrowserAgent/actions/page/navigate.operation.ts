import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	navigationWaitUntilField,
	optionsCollection,
	retriesOption,
	runAction,
	schemaField,
	showFor,
	timeoutOption,
	type OperationContext,
} from '../common';

const input = actions.navigate.input.shape;

export const description: INodeProperties[] = [
	...showFor('page', 'navigate', [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://portal.example.com/login',
			description: 'The address to open, including https://',
		},
		// Named and shaped as n8n-nodes-puppeteer's, so its workflows carry over as they are.
		{
			displayName: 'Query Parameters',
			name: 'queryParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Parameter',
			default: {},
			description:
				'Parameters to add to the URL’s query, encoded as in a form (a space becomes +). The query already in the URL stays as written.',
			options: [
				{
					displayName: 'Parameters',
					name: 'parameters',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. page',
							description: 'Name of the parameter',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. 2',
							description: 'Value of the parameter',
						},
					],
				},
			],
		},
		navigationWaitUntilField,
	]),
	optionsCollection(
		{ resource: 'page', operation: 'navigate' },
		[
			schemaField(input.failOnHttpError, {
				displayName: 'Fail on HTTP Error',
				name: 'failOnHttpError',
				description:
					'Whether a page answering with HTTP status 400 or more fails the node (NAVIGATION_FAILED), as in n8n-nodes-puppeteer. Off: the item says ok: false and the status.',
			}),
			schemaField(input.useCache, {
				displayName: 'Use Cache',
				name: 'useCache',
				description:
					'Whether the tab may use the browser cache. Off: this tab loads everything from the network, for this page and every later one, until a Navigate with Use Cache on.',
			}),
		],
		[timeoutOption, retriesOption],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'page.navigate', {
		url: this.getNodeParameter('url', itemIndex) as string,
		queryParameters: queryParameterRows(this.getNodeParameter('queryParameters', itemIndex, {})),
		waitUntil: this.getNodeParameter('waitUntil', itemIndex, 'load') as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}

/**
 * The rows of the Query Parameters collection as the runner takes them. A row left without a
 * name adds nothing, as an empty header row does elsewhere; a number or true/false from an
 * expression counts as its text. Anything else goes on as it is, for the runner to name.
 */
function queryParameterRows(collection: unknown): IDataObject[string] {
	if (collection === undefined || collection === null || collection === '') return [];
	if (typeof collection !== 'object' || Array.isArray(collection))
		return collection as IDataObject[string];
	const rows = (collection as IDataObject).parameters ?? [];
	if (!Array.isArray(rows)) return rows;
	return rows
		.filter((row) => !isObject(row) || (row.name !== undefined && row.name !== ''))
		.map((row) =>
			isObject(row) ? { ...row, name: asText(row.name), value: asText(row.value ?? '') } : row,
		);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asText(value: IDataObject[string]): IDataObject[string] {
	return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}
