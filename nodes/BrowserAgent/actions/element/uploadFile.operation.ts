import type {
	IBinaryData,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { BrowserAgentError } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('element', 'uploadFile', [
		{
			displayName: 'Upload Into',
			name: 'uploadBy',
			type: 'options',
			default: 'input',
			options: [
				{
					name: 'File Input Field',
					value: 'input',
					description:
						'The selector points at the page’s &lt;input type="file"&gt; (hidden ones work too)',
				},
				{
					name: 'File Dialog Opened by Clicking',
					value: 'fileChooser',
					description:
						'The selector points at the button or drop area that opens a file dialog when clicked',
				},
			],
			description: 'Where the files go',
		},
		selectorField({
			description: 'The file input field',
			placeholder: 'e.g. input[type="file"]',
			displayOptions: { show: { uploadBy: ['input'] } },
		}),
		selectorField({
			description: 'The button or area to click that opens the file dialog',
			placeholder: 'e.g. text=Choose file',
			displayOptions: { show: { uploadBy: ['fileChooser'] } },
		}),
		{
			displayName: 'Input Binary Field(s)',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			placeholder: 'e.g. data or invoice, receipt',
			hint: 'The name of the binary field of the input item that holds the file. Several files: separate the field names with commas.',
			description: 'Which binary field(s) of the input item to upload',
		},
	]),
	optionsCollection({ resource: 'element', operation: 'uploadFile' }, [indexOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const fieldNames = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (fieldNames.length === 0) {
		throw new BrowserAgentError('INVALID_INPUT', 'Input Binary Field(s) is empty.', {
			action: 'uploadFile',
			field: 'binaryPropertyName',
			advice: 'Enter the name of the binary field that holds the file, usually "data".',
		});
	}
	const files = [];
	for (const fieldName of fieldNames) {
		const binary = inputBinary.call(this, itemIndex, fieldName);
		files.push({
			name:
				binary.fileName || `${fieldName}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
			mimeType: binary.mimeType || 'application/octet-stream',
			buffer: await this.helpers.getBinaryDataBuffer(itemIndex, fieldName),
		});
	}
	const run = await runAction(context, 'element.uploadFile', {
		uploadBy: this.getNodeParameter('uploadBy', itemIndex, 'input') as string,
		selector: this.getNodeParameter('selector', itemIndex) as string,
		files,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}

/** The item's binary field, or INVALID_INPUT naming the field and the ones the item has. */
function inputBinary(this: IExecuteFunctions, itemIndex: number, fieldName: string): IBinaryData {
	let binary: IBinaryData | undefined;
	try {
		binary = this.helpers.assertBinaryData(itemIndex, fieldName);
	} catch {
		binary = undefined;
	}
	if (binary) return binary;
	const available = Object.keys(this.getInputData()[itemIndex]?.binary ?? {});
	throw new BrowserAgentError(
		'INVALID_INPUT',
		`The input item has no binary field "${fieldName}".`,
		{
			action: 'uploadFile',
			field: 'binaryPropertyName',
			advice: available.length
				? `Its binary fields are: ${available.join(', ')}. Use one of them in Input Binary Field(s).`
				: 'The input item carries no file: put a node that produces one (HTTP Request, Read File, Screenshot, Download…) before this one.',
		},
	);
}
