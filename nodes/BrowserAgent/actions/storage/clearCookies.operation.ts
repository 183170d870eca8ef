import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	optionsCollection({ resource: 'storage', operation: 'clearCookies' }, [
		{
			displayName: 'Only Cookies Named',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. session_id',
			description:
				'Delete only cookies with exactly this name. Without a name or domain, every cookie of the session is deleted.',
		},
		{
			displayName: 'Only Cookies of Domain',
			name: 'domain',
			type: 'string',
			default: '',
			placeholder: 'e.g. portal.example.com',
			description: 'Delete only cookies of this domain (with or without a leading dot)',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const { name, domain, ...options } = actionOptions.call(this, itemIndex);
	const run = await runAction(context, 'storage.clearCookies', {
		...(typeof name === 'string' && name.trim() ? { name } : {}),
		...(typeof domain === 'string' && domain.trim() ? { domain } : {}),
		...options,
	});
	return [await actionItem.call(this, run)];
}
