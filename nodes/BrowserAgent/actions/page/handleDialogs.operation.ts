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
	optionsCollection,
	runAction,
	schemaField,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('page', 'handleDialogs', [
		schemaField(actions.handleDialogs.input.shape.policy, {
			displayName: 'Answer Dialogs With',
			name: 'policy',
			description:
				'How to answer every alert, confirm and prompt box from now on, in every tab of the session. Each dialog is recorded; Page → Get Info lists them.',
			labels: {
				dismiss: {
					name: 'Cancel (Dismiss)',
					description: 'Confirm boxes answer no; prompts answer nothing',
				},
				accept: {
					name: 'OK (Accept)',
					description: 'Confirm boxes answer yes; prompts get the answer below',
				},
			},
		}),
		{
			displayName: 'Prompt Answer',
			name: 'promptText',
			type: 'string',
			default: '',
			description:
				'Text to type into prompt boxes. Leave empty to keep the text each prompt proposes.',
			displayOptions: { show: { policy: ['accept'] } },
		},
	]),
	optionsCollection({ resource: 'page', operation: 'handleDialogs' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const policy = this.getNodeParameter('policy', itemIndex) as string;
	const input: IDataObject = { policy, ...actionOptions.call(this, itemIndex) };
	if (policy === 'accept') {
		const promptText = this.getNodeParameter('promptText', itemIndex, '') as string;
		if (promptText) input.promptText = promptText;
	}
	const run = await runAction(context, 'page.handleDialogs', input);
	return [await actionItem.call(this, run)];
}
