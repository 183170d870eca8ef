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
	binaryPropertyNameField,
	optionsCollection,
	runAction,
	schemaField,
	showFor,
	textParameter,
	type OperationContext,
} from '../common';

const input = actions.pdf.input.shape;

const TEMPLATE_HINT =
	'HTML. These classes are filled in: <code>date</code>, <code>title</code>, <code>url</code>, <code>pageNumber</code>, <code>totalPages</code>. Give it a font size, e.g. <code>&lt;div style="font-size:9px;margin:0 1cm"&gt;Page &lt;span class="pageNumber"&gt;&lt;/span&gt; of &lt;span class="totalPages"&gt;&lt;/span&gt;&lt;/div&gt;</code>';

export const description: INodeProperties[] = [
	...showFor('page', 'pdf', [
		{
			displayName: 'Paper Format',
			name: 'format',
			type: 'options',
			default: 'A4',
			description: 'The paper size',
			options: [
				'A0',
				'A1',
				'A2',
				'A3',
				'A4',
				'A5',
				'A6',
				'Ledger',
				'Legal',
				'Letter',
				'Tabloid',
			].map((format) => ({ name: format, value: format })),
		},
		binaryPropertyNameField('Name of the binary field the PDF is stored in'),
	]),
	optionsCollection({ resource: 'page', operation: 'pdf' }, [
		{
			displayName: 'Display Header and Footer',
			name: 'displayHeaderFooter',
			type: 'boolean',
			default: true,
			description:
				'Whether to print a header and footer on every page. Without templates, Chrome prints the date, title, address and page number.',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. invoice.pdf',
			description: 'Name to give the PDF file. Default: page-{date-time}.pdf.',
		},
		{
			displayName: 'Footer Template',
			name: 'footerTemplate',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			hint: TEMPLATE_HINT,
			description:
				'What to print at the bottom of every page. Needs a bottom margin to be visible.',
		},
		{
			displayName: 'Header Template',
			name: 'headerTemplate',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			hint: TEMPLATE_HINT,
			description: 'What to print at the top of every page. Needs a top margin to be visible.',
		},
		{
			displayName: 'Landscape',
			name: 'landscape',
			type: 'boolean',
			default: false,
			description: 'Whether to print in landscape (wide) orientation',
		},
		{
			displayName: 'Margin',
			name: 'margin',
			type: 'string',
			default: '1cm',
			placeholder: 'e.g. 1cm or 20mm 15mm',
			description:
				'Page margins like in CSS: one value for all sides (1cm), two for top/bottom and left/right (20mm 15mm), or four for top, right, bottom, left. Units: mm, cm, in or px.',
		},
		{
			displayName: 'Page Ranges',
			name: 'pageRanges',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1-3, 5',
			description: 'Which pages to include. Default: all.',
		},
		schemaField(input.height, {
			displayName: 'Paper Height',
			name: 'height',
			placeholder: 'e.g. 15cm or 1200px',
			description:
				'Height of the paper as a length (mm, cm, in or px), instead of the height of the paper format',
		}),
		schemaField(input.width, {
			displayName: 'Paper Width',
			name: 'width',
			placeholder: 'e.g. 10cm or 800px',
			description:
				'Width of the paper as a length (mm, cm, in or px), instead of the width of the paper format',
		}),
		schemaField(input.preferCSSPageSize, {
			displayName: 'Prefer CSS Page Size',
			name: 'preferCSSPageSize',
			description:
				'Whether the paper size the page sets in its CSS (@page { size: … }) wins over the paper format, width and height',
		}),
		{
			displayName: 'Print Background',
			name: 'printBackground',
			type: 'boolean',
			default: true,
			description: 'Whether to print background colours and images, as on screen',
		},
		schemaField(input.omitBackground, {
			displayName: 'Transparent Background',
			name: 'omitBackground',
			description:
				'Whether to leave out the browser’s default page background (e.g. the dark one of a dark colour scheme), for a PDF with transparency. Backgrounds the page sets itself still print with Print Background.',
		}),
		{
			displayName: 'Scale',
			name: 'scale',
			type: 'number',
			typeOptions: { minValue: 0.1, maxValue: 2, numberPrecision: 2 },
			default: 1,
			description: 'Zoom of the page content on paper, from 0.1 to 2',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const binaryPropertyName = textParameter.call(this, 'binaryPropertyName', itemIndex, 'data');
	const input: IDataObject = { format: this.getNodeParameter('format', itemIndex, 'A4') as string };
	for (const [key, value] of Object.entries(actionOptions.call(this, itemIndex))) {
		// An option added but left empty means "the default".
		if (value !== '') input[key] = value;
	}
	const run = await runAction(context, 'page.pdf', input);
	return [await actionItem.call(this, run, binaryPropertyName)];
}
