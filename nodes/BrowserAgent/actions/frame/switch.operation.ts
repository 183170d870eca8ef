import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { invalidChoice } from '../typedErrors';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	SELECTOR_HINT,
	selectorField,
	showFor,
	type OperationContext,
} from '../common';
import { PATTERN_HINT } from '../tab/fields';

export const description: INodeProperties[] = [
	...showFor('frame', 'switch', [
		{
			displayName: 'Find Frame By',
			name: 'switchBy',
			type: 'options',
			default: 'selector',
			options: [
				{
					name: 'Frame Name',
					value: 'name',
					description: 'The name (or ID) of the iframe, at any depth',
				},
				{
					name: 'Selector',
					value: 'selector',
					description: 'The iframe element, like any other element',
				},
				{
					name: 'URL',
					value: 'url',
					description: 'The first frame whose address matches, at any depth',
				},
			],
		},
		selectorField({
			displayName: 'Frame Selector',
			placeholder: 'e.g. #payment-frame or iframe[title="Checkout"]',
			description:
				'The iframe element to enter. Looked up where the workflow currently is: on the page, or inside the frame a previous Switch entered.',
			displayOptions: { show: { switchBy: ['selector'] } },
		}),
		{
			displayName: 'Inner Frames',
			name: 'innerFrames',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Inner Frame',
			default: {},
			description:
				'For a frame inside a frame: the iframe to enter next, each looked up inside the frame before it (outer to inner)',
			displayOptions: { show: { switchBy: ['selector'] } },
			options: [
				{
					displayName: 'Inner Frame',
					name: 'frames',
					values: [
						{
							displayName: 'Selector',
							name: 'selector',
							type: 'string',
							default: '',
							placeholder: 'e.g. #inner-frame',
							hint: SELECTOR_HINT,
							description: 'The iframe element inside the frame above',
						},
					],
				},
			],
		},
		{
			displayName: 'Frame Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. checkout',
			description: 'The iframe’s name attribute, or its ID when it has no name',
			displayOptions: { show: { switchBy: ['name'] } },
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. *payments.example.com*',
			hint: PATTERN_HINT,
			description: 'Enter the first frame whose address matches',
			displayOptions: { show: { switchBy: ['url'] } },
		},
	]),
	optionsCollection({ resource: 'frame', operation: 'switch' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const by = this.getNodeParameter('switchBy', itemIndex, 'selector') as
		| 'selector'
		| 'name'
		| 'url';
	// The choice names the parameter to read next: anything else would read an unrelated one.
	if (!['selector', 'name', 'url'].includes(by))
		throw invalidChoice('switchBy', 'Find Frame By', ['selector', 'name', 'url']);
	let target: IDataObject;
	if (by === 'selector') {
		const inner = (
			this.getNodeParameter('innerFrames.frames', itemIndex, []) as Array<{ selector?: string }>
		)
			.map((frame) => frame.selector ?? '')
			.filter((selector) => selector.trim() !== '');
		const outer = this.getNodeParameter('selector', itemIndex) as string;
		target = { selector: inner.length ? [outer, ...inner] : outer };
	} else {
		target = { [by]: this.getNodeParameter(by, itemIndex) };
	}
	const run = await runAction(context, 'frame.switch', {
		...target,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
