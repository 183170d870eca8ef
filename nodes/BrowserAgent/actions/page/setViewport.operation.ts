import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('page', 'setViewport', [
		{
			displayName: 'Width',
			name: 'width',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: 10000 },
			default: 1280,
			required: true,
			description:
				'Width of the visible area of the page, in pixels (e.g. 390 for a phone, 1920 for a large screen)',
		},
		{
			displayName: 'Height',
			name: 'height',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: 10000 },
			default: 800,
			required: true,
			description: 'Height of the visible area of the page, in pixels',
		},
	]),
	optionsCollection({ resource: 'page', operation: 'setViewport' }, [
		{
			displayName: 'Device Scale Factor',
			name: 'deviceScaleFactor',
			type: 'number',
			typeOptions: { minValue: 0.25, maxValue: 5, numberPrecision: 2 },
			default: 2,
			description:
				'Screen pixels per page pixel: 1 for an ordinary screen, 2 or 3 for a high-resolution (retina) one. Pages may then load sharper images.',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'page.setViewport', {
		width: this.getNodeParameter('width', itemIndex) as number,
		height: this.getNodeParameter('height', itemIndex) as number,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
