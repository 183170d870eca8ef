import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import {
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('extract', 'table', [
		selectorField({
			default: 'table',
			required: false,
			placeholder: 'e.g. #results or table.report',
			description: 'The table to read. Default: the first table on the page.',
		}),
	]),
	optionsCollection({ resource: 'extract', operation: 'table' }, [
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'Automatic',
					value: 'auto',
					description: 'Rows in the table head, or rows made only of header cells',
				},
				{
					name: 'First Row',
					value: 'firstRow',
					description: 'The first row holds the column names',
				},
				{
					name: 'None',
					value: 'none',
					description: 'No header: columns are named column1, column2…',
				},
			],
			description: 'Where the column names come from',
		},
		indexOption,
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'objects',
			options: [
				{ name: 'One Item per Row, Keyed by Header', value: 'objects' },
				{ name: 'One Item per Row, as a List of Cells', value: 'arrays' },
			],
		},
		{
			displayName: 'Skip Empty Rows',
			name: 'skipEmptyRows',
			type: 'boolean',
			default: true,
			description: 'Whether to leave out rows whose cells are all empty',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'extract.table', {
		selector: (this.getNodeParameter('selector', itemIndex, 'table') as string) || 'table',
		...actionOptions.call(this, itemIndex),
	});
	const rows = run.result.rows as Array<IDataObject | string[]>;
	return rows.map((row) => ({ json: Array.isArray(row) ? { cells: row } : row }));
}
