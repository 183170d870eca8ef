import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions, type SiteLoginPart } from '../../../../lib';
import { siteLoginPart } from '../../transport/siteLogin';
import {
	actionItem,
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	schemaLimits,
	type OperationContext,
} from '../common';

/** Value Source → which part of the Site Login credential to type; 'value' types the Value parameter. */
const SITE_LOGIN_SOURCES: Record<string, SiteLoginPart> = {
	siteLoginUsername: 'username',
	siteLoginPassword: 'password',
	siteLoginTotp: 'totp',
};

export const description: INodeProperties[] = [
	...showFor('element', 'fill', [
		selectorField({
			description: 'The input field, text area or editable element to type into',
			placeholder: 'e.g. #username',
		}),
		{
			displayName: 'Value Source',
			name: 'valueSource',
			type: 'options',
			noDataExpression: true,
			default: 'value',
			description:
				'What to type. Take logins from a Browser Agent Site Login credential, so passwords never sit in the workflow.',
			options: [
				{ name: 'Value', value: 'value', description: 'The text in the Value parameter' },
				{
					name: 'Site Login: Username',
					value: 'siteLoginUsername',
					description: 'The username of the Browser Agent Site Login credential',
				},
				{
					name: 'Site Login: Password',
					value: 'siteLoginPassword',
					description: 'The password of the Browser Agent Site Login credential',
				},
				{
					name: 'Site Login: One-Time Code (TOTP)',
					value: 'siteLoginTotp',
					description:
						'The current authenticator-app code from the credential’s TOTP secret (a fresh one if the current code expires within 3 s)',
				},
			],
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			default: '',
			required: true,
			// eslint-disable-next-line n8n-nodes-base/node-param-description-miscased-json -- `$json` is n8n's expression variable, not the word JSON
			description:
				'The text to type. Use an expression to take it from the input item, e.g. {{ $json.customer }}.',
			displayOptions: { show: { valueSource: ['value'] } },
		},
	]),
	optionsCollection({ resource: 'element', operation: 'fill' }, [
		{
			displayName: 'Clear First',
			name: 'clearFirst',
			type: 'boolean',
			default: true,
			description: 'Whether to empty the field before typing',
		},
		indexOption,
		{
			displayName: 'Max Key Delay (Ms)',
			name: 'maxKeyDelayMs',
			type: 'number',
			typeOptions: schemaLimits(actions.fill.input.shape.maxKeyDelayMs),
			default: 160,
			description: 'Longest pause between two keys when typing like a human',
		},
		{
			displayName: 'Min Key Delay (Ms)',
			name: 'minKeyDelayMs',
			type: 'number',
			typeOptions: schemaLimits(actions.fill.input.shape.minKeyDelayMs),
			default: 40,
			description: 'Shortest pause between two keys when typing like a human',
		},
		{
			displayName: 'Type Like a Human',
			name: 'typeLikeHuman',
			type: 'boolean',
			default: false,
			description:
				'Whether to press one key at a time with random pauses, for pages that watch how you type',
		},
		{
			displayName: 'Typo Chance',
			name: 'typoChance',
			type: 'number',
			typeOptions: { ...schemaLimits(actions.fill.input.shape.typoChance), numberPrecision: 2 },
			default: 0,
			description:
				'When typing like a human: the chance (0 to 1, e.g. 0.05) that a key is first mistyped as a neighbouring key of a US keyboard, then erased with Backspace and typed right. The field always ends with exactly the value, passwords included.',
		},
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const source =
		SITE_LOGIN_SOURCES[this.getNodeParameter('valueSource', itemIndex, 'value') as string];
	// The secret goes straight into the action's `value`, a sensitive field: never logged, never in the output.
	const value = source
		? await siteLoginPart(this, itemIndex, source, 'valueSource')
		: String(this.getNodeParameter('value', itemIndex, ''));
	const run = await runAction(context, 'element.fill', {
		selector: this.getNodeParameter('selector', itemIndex) as string,
		value,
		...actionOptions.call(this, itemIndex),
	});
	const item = await actionItem.call(this, run);
	// How long a password or code is, is a hint too (the typo count follows it): only say that it was typed.
	if (source) {
		delete item.json.length;
		delete item.json.typos;
	}
	return [item];
}
