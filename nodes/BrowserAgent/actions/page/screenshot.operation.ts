import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	binaryPropertyNameField,
	indexOption,
	optionsCollection,
	runAction,
	SELECTOR_HINT,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('page', 'screenshot', [
		{
			displayName: 'Full Page',
			name: 'fullPage',
			type: 'boolean',
			default: false,
			description: 'Whether to capture the whole scrollable page instead of only the visible part',
		},
		binaryPropertyNameField('Name of the binary field the image is stored in'),
	]),
	optionsCollection({ resource: 'page', operation: 'screenshot' }, [
		{
			displayName: 'Element Selector',
			name: 'selector',
			type: 'string',
			default: '',
			placeholder: 'e.g. #report',
			hint: SELECTOR_HINT,
			description: 'Capture only this element instead of the page',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. after-login.png',
			description: 'Name to give the image file. Default: screenshot-{date-time}.png.',
		},
		{
			displayName: 'Format',
			name: 'format',
			type: 'options',
			default: 'png',
			options: [
				{ name: 'PNG', value: 'png' },
				{ name: 'JPEG', value: 'jpeg' },
			],
			description: 'PNG is exact; JPEG is smaller',
		},
		{ ...indexOption, description: 'Which match of the element selector to capture (0 = first)' },
		{
			displayName: 'JPEG Quality',
			name: 'quality',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: 80,
			description: 'Image quality from 0 to 100 (JPEG only)',
		},
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<INodeExecutionData[]> {
	const { selector, fileName, quality, format, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'screenshot', {
		fullPage: this.getNodeParameter('fullPage', itemIndex, false) as boolean,
		...(selector ? { selector } : {}),
		...(fileName ? { fileName } : {}),
		...(format ? { format } : {}),
		...(format === 'jpeg' && quality !== undefined ? { quality } : {}),
		...options,
	});
	return [await actionItem.call(this, run, this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string)];
}
