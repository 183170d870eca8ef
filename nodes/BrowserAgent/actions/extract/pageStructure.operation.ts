import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	optionsCollection({ resource: 'extract', operation: 'pageStructure' }, [
		{
			displayName: 'Include Hidden Elements',
			name: 'includeHidden',
			type: 'boolean',
			default: false,
			description:
				'Whether to also list elements that are not visible, such as hidden inputs or closed menus',
		},
		{
			displayName: 'Max per Kind',
			name: 'maxPerKind',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 100,
			description:
				'List at most this many headings, forms, buttons and links each (and fields per form), in page order',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(
		context,
		'extract.pageStructure',
		actionOptions.call(this, itemIndex),
	);
	return [await actionItem.call(this, run)];
}
