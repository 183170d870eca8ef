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
	indexOption,
	optionsCollection,
	runAction,
	schemaField,
	SELECTOR_HINT,
	showFor,
	textParameter,
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
		schemaField(actions.screenshot.input.shape.format, {
			displayName: 'Format',
			name: 'format',
			labels: {
				jpeg: { name: 'JPEG', description: 'Smaller, with the quality you set' },
				png: { name: 'PNG', description: 'Exact pixels' },
				webp: { name: 'WebP', description: 'Smallest, with the quality you set' },
			},
			description: 'PNG is exact; JPEG and WebP are smaller',
		}),
		{
			displayName: 'Highlights',
			name: 'highlights',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Highlight',
			default: {},
			description:
				'Elements to outline with a coloured, labelled box in this screenshot only (the page is not changed)',
			options: [
				{
					displayName: 'Highlight',
					name: 'highlight',
					values: [
						{
							displayName: 'Selector',
							name: 'selector',
							type: 'string',
							default: '',
							placeholder: 'e.g. #total',
							hint: SELECTOR_HINT,
							description: 'The element(s) to outline; every match is outlined',
						},
						{
							displayName: 'Label',
							name: 'label',
							type: 'string',
							default: '',
							placeholder: 'e.g. Total amount',
							description: 'Text shown on the box',
						},
					],
				},
			],
		},
		{ ...indexOption, description: 'Which match of the element selector to capture (0 = first)' },
		schemaField(actions.screenshot.input.shape.quality, {
			displayName: 'Quality',
			name: 'quality',
			default: 80,
			description: 'Image quality from 0 to 100 (JPEG and WebP only)',
		}),
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'e.g. after login',
			description:
				'A name for the screenshot, returned with it and used in the file name when no file name is set',
		},
		{
			displayName: 'Region',
			name: 'clip',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Region',
			description: 'Capture only this rectangle of the page, in pixels from its top left corner',
			options: [
				{
					displayName: 'Rectangle',
					name: 'rectangle',
					values: [
						{
							displayName: 'X',
							name: 'x',
							type: 'number',
							typeOptions: { minValue: 0 },
							default: 0,
							description: 'Distance from the left edge of the page',
						},
						{
							displayName: 'Y',
							name: 'y',
							type: 'number',
							typeOptions: { minValue: 0 },
							default: 0,
							description: 'Distance from the top edge of the page',
						},
						{
							displayName: 'Width',
							name: 'width',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: 800,
							description: 'Width of the rectangle',
						},
						{
							displayName: 'Height',
							name: 'height',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: 600,
							description: 'Height of the rectangle',
						},
					],
				},
			],
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const binaryPropertyName = textParameter.call(this, 'binaryPropertyName', itemIndex, 'data');
	const { selector, fileName, quality, format, label, clip, highlights, ...options } =
		actionOptions.call(this, itemIndex);
	const rectangle = (clip as IDataObject | undefined)?.rectangle as IDataObject | undefined;
	const boxes = ((highlights as IDataObject | undefined)?.highlight ?? []) as IDataObject[];
	const run = await runAction(context, 'page.screenshot', {
		fullPage: this.getNodeParameter('fullPage', itemIndex, false) as boolean,
		...(selector ? { selector } : {}),
		...(fileName ? { fileName } : {}),
		...(format ? { format } : {}),
		...((format === 'jpeg' || format === 'webp') && quality !== undefined ? { quality } : {}),
		...(label ? { label } : {}),
		...(rectangle ? { clip: rectangle } : {}),
		...(boxes.length > 0
			? {
					highlights: boxes.map((box) => ({
						selector: box.selector,
						...(box.label ? { label: box.label } : {}),
					})),
				}
			: {}),
		...options,
	});
	return [await actionItem.call(this, run, binaryPropertyName)];
}
