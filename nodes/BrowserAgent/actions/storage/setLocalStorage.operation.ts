import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { BrowserAgentError } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	keyValues,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('storage', 'setLocalStorage', [
		{
			displayName: 'Storage',
			name: 'storage',
			type: 'options',
			default: 'local',
			options: [
				{
					name: 'Local Storage',
					value: 'local',
					description: 'Kept for the site across tabs and page loads',
				},
				{ name: 'Session Storage', value: 'session', description: 'Only for the current tab' },
			],
			description: 'Which storage of the current page’s site to write',
		},
		{
			displayName: 'Specify Values',
			name: 'specifyValues',
			type: 'options',
			default: 'keyValue',
			options: [
				{ name: 'Using Fields Below', value: 'keyValue' },
				{ name: 'Using JSON', value: 'json' },
			],
		},
		{
			displayName: 'Values',
			name: 'values',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Value',
			default: {},
			description: 'Keys and values to write',
			displayOptions: { show: { specifyValues: ['keyValue'] } },
			options: [
				{
					displayName: 'Value',
					name: 'value',
					values: [
						{
							displayName: 'Key',
							name: 'key',
							type: 'string',
							default: '',
							placeholder: 'e.g. theme',
							description: 'The storage key',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. dark',
							description: 'The text to store',
						},
					],
				},
			],
		},
		{
			displayName: 'Values (JSON)',
			name: 'valuesJson',
			type: 'json',
			default: '{\n  "theme": "dark"\n}',
			description: 'An object of key → value. Values that are not text are stored as JSON text.',
			displayOptions: { show: { specifyValues: ['json'] } },
		},
	]),
	optionsCollection({ resource: 'storage', operation: 'setLocalStorage' }, [
		{
			displayName: 'Clear Existing First',
			name: 'clear',
			type: 'boolean',
			default: false,
			description: 'Whether to remove every existing key of that storage before writing',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const byJson = this.getNodeParameter('specifyValues', itemIndex, 'keyValue') === 'json';
	const values = byJson
		? (this.getNodeParameter('valuesJson', itemIndex) as string)
		: keyValues(
				this.getNodeParameter('values.value', itemIndex, []) as Array<{
					key?: string;
					value?: string;
				}>,
			);
	if (!byJson && Object.keys(values).length === 0) {
		throw new BrowserAgentError('INVALID_INPUT', 'No values to write.', {
			field: 'values',
			advice: 'Add at least one key and value under Values.',
		});
	}
	const run = await runAction(context, 'storage.setLocalStorage', {
		values,
		storage: this.getNodeParameter('storage', itemIndex, 'local') as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
