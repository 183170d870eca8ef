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
	...showFor('storage', 'clearStorage', [
		{
			displayName: 'Also Delete Cookies',
			name: 'cookies',
			type: 'boolean',
			default: false,
			description:
				'Whether to also delete the cookies of the current site (usually logs it out). To delete every cookie of the session, use Clear Cookies.',
		},
		{
			displayName: 'Also Empty HTTP Cache',
			name: 'cache',
			type: 'boolean',
			default: false,
			description:
				'Whether to also empty the browser’s HTTP cache, so pages and files are downloaded again',
		},
	]),
	optionsCollection({ resource: 'storage', operation: 'clearStorage' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'storage.clearStorage', {
		cookies: this.getNodeParameter('cookies', itemIndex, false) as boolean,
		cache: this.getNodeParameter('cache', itemIndex, false) as boolean,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
