import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	optionsCollection({ resource: 'storage', operation: 'getCookies' }, [
		{
			displayName: 'Only Cookies Sent To',
			name: 'urls',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://portal.example.com/',
			description:
				'Only the cookies the browser would send to this address. Several addresses: separate them with commas. Default: every cookie of the session.',
		},
		{
			displayName: 'Only Cookies Named',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. session_id',
			description: 'Only cookies with exactly this name',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const { urls, name, ...options } = actionOptions.call(this, itemIndex);
	const list =
		typeof urls === 'string'
			? urls.split(/\s*,\s*/).filter(Boolean)
			: (urls as string[] | undefined);
	const run = await runAction(context, 'storage.getCookies', {
		...(list?.length ? { urls: list } : {}),
		...(typeof name === 'string' && name.trim() ? { name } : {}),
		...options,
	});
	return [await actionItem.call(this, run)];
}
