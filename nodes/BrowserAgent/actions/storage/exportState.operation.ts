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
	...showFor('storage', 'exportState', [
		{
			displayName: 'Save to Profile',
			name: 'saveToProfile',
			type: 'boolean',
			default: false,
			description:
				'Whether to also save the state under a name on the n8n machine, so any workflow can import it by name. The state is always in the output item (field storageState) as well.',
		},
		profileNameField({
			displayOptions: { show: { saveToProfile: [true] } },
			description: 'Name to save the login under; an existing profile of this name is replaced',
		}),
	]),
	optionsCollection({ resource: 'storage', operation: 'exportState' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const save = this.getNodeParameter('saveToProfile', itemIndex, false) as boolean;
	const run = await runAction(context, 'storage.exportState', {
		...(save ? { profile: this.getNodeParameter('profileName', itemIndex) as string } : {}),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
