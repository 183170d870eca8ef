import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';
import { profileNameField } from './fields';

export const description: INodeProperties[] = [
	...showFor('storage', 'importState', [
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			default: 'item',
			options: [
				{
					name: 'Input Item',
					value: 'item',
					description: 'The storage state an Export State node put in the item',
				},
				{
					name: 'Saved Profile',
					value: 'profile',
					description: 'A profile saved on the n8n machine by Export State',
				},
			],
			description: 'Where the login state comes from',
		},
		{
			displayName: 'Storage State',
			name: 'storageState',
			type: 'string',
			default: '={{ $json.storageState }}',
			required: true,
			placeholder: 'e.g. {{ $json.storageState }}',
			hint: 'The storageState field an Export State node produced (an object, or its JSON text): cookies and each site’s localStorage',
			description: 'The login state to restore',
			displayOptions: { show: { source: ['item'] } },
		},
		profileNameField({
			displayOptions: { show: { source: ['profile'] } },
			description: 'Name of the profile Export State saved',
		}),
	]),
	optionsCollection({ resource: 'storage', operation: 'importState' }, [
		{
			displayName: 'Replace Existing State',
			name: 'replace',
			type: 'boolean',
			default: false,
			description:
				'Whether to delete the session’s cookies and site data first, so only the imported state remains. Off: the imported cookies and values are added to what the session has.',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const fromProfile = this.getNodeParameter('source', itemIndex, 'item') === 'profile';
	const run = await runAction(context, 'storage.importState', {
		...(fromProfile
			? { profile: this.getNodeParameter('profileName', itemIndex) as string }
			: // An expression gives the object itself; pasted text is JSON. The action accepts both.
				{ storageState: this.getNodeParameter('storageState', itemIndex) as string }),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
