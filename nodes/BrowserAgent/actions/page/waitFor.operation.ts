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
	indexOption,
	optionsCollection,
	runAction,
	selectorField,
	showFor,
	timeoutOption,
	schemaLimits,
	type OperationContext,
} from '../common';

const ELEMENT_CONDITIONS = [
	'elementAttached',
	'elementDetached',
	'elementHidden',
	'elementVisible',
];
const TEXT_CONDITIONS = ['textAppears', 'textDisappears'];
const PATTERN_HINT =
	'<code>*</code> stands for any text and the pattern must then match the whole value; text without <code>*</code> matches anywhere; <code>/…/i</code> is a regular expression';

export const description: INodeProperties[] = [
	...showFor('page', 'waitFor', [
		{
			displayName: 'Condition',
			name: 'until',
			type: 'options',
			default: 'elementVisible',
			description: 'What to wait for before the workflow goes on',
			options: [
				{
					name: 'Element Is Attached',
					value: 'elementAttached',
					description: 'The element is in the page, visible or not',
				},
				{
					name: 'Element Is Detached',
					value: 'elementDetached',
					description: 'The element is removed from the page',
				},
				{
					name: 'Element Is Hidden',
					value: 'elementHidden',
					description: 'The element is hidden or removed, e.g. a loading spinner',
				},
				{
					name: 'Element Is Visible',
					value: 'elementVisible',
					description: 'The element is shown',
				},
				{
					name: 'Fixed Delay',
					value: 'delay',
					description: 'A set time passes, e.g. while a hardware token or another system works',
				},
				{
					name: 'Network Is Idle',
					value: 'networkIdle',
					description: 'No request has been running for half a second',
				},
				{
					name: 'Response Received',
					value: 'response',
					description:
						'The page receives a response from a matching address; returns its status, headers and body',
				},
				{
					name: 'Text Appears',
					value: 'textAppears',
					description: 'A text is shown on the page or inside an element',
				},
				{
					name: 'Text Disappears',
					value: 'textDisappears',
					description: 'A text is no longer shown on the page or inside an element',
				},
				{
					name: 'Title Matches',
					value: 'titleMatches',
					description: 'The page title matches a pattern',
				},
				{
					name: 'URL Matches',
					value: 'urlMatches',
					description: 'The page address matches a pattern',
				},
			],
		},
		selectorField({
			description: 'The element to wait for',
			placeholder: 'e.g. #results or text=Saved',
			displayOptions: { show: { until: ELEMENT_CONDITIONS } },
		}),
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Payment received',
			description:
				'The text to wait for. Case is ignored, and part of an element’s text is enough.',
			displayOptions: { show: { until: TEXT_CONDITIONS } },
		},
		selectorField({
			displayName: 'Inside Element',
			required: false,
			placeholder: 'e.g. #status',
			description:
				'Look for the text only inside this element. Leave empty to look in the whole page.',
			displayOptions: { show: { until: TEXT_CONDITIONS } },
		}),
		{
			displayName: 'URL Pattern',
			name: 'pattern',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. **/dashboard*',
			hint: PATTERN_HINT,
			description: 'The address to wait for',
			displayOptions: { show: { until: ['urlMatches'] } },
		},
		{
			displayName: 'Response URL Pattern',
			name: 'pattern',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. **/api/orders*',
			hint: PATTERN_HINT,
			description:
				'The address of the response to wait for (the request the page sends, e.g. to its API). Only responses that arrive after this step starts count.',
			displayOptions: { show: { until: ['response'] } },
		},
		{
			displayName: 'Title Pattern',
			name: 'pattern',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Invoice *',
			hint: PATTERN_HINT,
			description: 'The page title to wait for',
			displayOptions: { show: { until: ['titleMatches'] } },
		},
		{
			displayName: 'Delay (Ms)',
			name: 'delayMs',
			type: 'number',
			typeOptions: schemaLimits(actions.waitFor.input.shape.delayMs),
			default: 5000,
			required: true,
			description: 'How long to wait, in milliseconds. Closing the session ends the wait early.',
			displayOptions: { show: { until: ['delay'] } },
		},
	]),
	optionsCollection(
		{ resource: 'page', operation: 'waitFor' },
		[
			{
				...indexOption,
				description:
					'Which match of the selector to use when it matches several elements (0 = first). For element and text conditions.',
			},
			{
				displayName: 'Max Response Body Size (Bytes)',
				name: 'maxBodyBytes',
				type: 'number',
				typeOptions: schemaLimits(actions.waitFor.input.shape.maxBodyBytes),
				default: 1000000,
				description:
					'For Response Received: the largest body to return; a longer one is cut and returned as text, marked truncated',
			},
		],
		[
			{
				...timeoutOption,
				description:
					'How long to wait, in milliseconds, before the operation fails with TIMEOUT. For a fixed delay, at least the delay.',
			},
		],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const until = this.getNodeParameter('until', itemIndex) as string;
	const options = actionOptions.call(this, itemIndex);
	const input: IDataObject = { until, ...options };
	if (ELEMENT_CONDITIONS.includes(until)) {
		input.selector = this.getNodeParameter('selector', itemIndex) as string;
	} else if (TEXT_CONDITIONS.includes(until)) {
		input.text = this.getNodeParameter('text', itemIndex) as string;
		const inside = this.getNodeParameter('selector', itemIndex, '') as string;
		if (inside) input.selector = inside;
	} else if (['urlMatches', 'titleMatches', 'response'].includes(until)) {
		input.pattern = this.getNodeParameter('pattern', itemIndex) as string;
	} else if (until === 'delay') {
		const delayMs = this.getNodeParameter('delayMs', itemIndex) as number;
		input.delayMs = delayMs;
		// A long pause should not need the timeout raised by hand.
		if (options.timeoutMs === undefined) input.timeoutMs = Math.max(30_000, delayMs);
	}
	if (!ELEMENT_CONDITIONS.includes(until) && !TEXT_CONDITIONS.includes(until)) delete input.index;
	const run = await runAction(context, 'page.waitFor', input);
	return [await actionItem.call(this, run)];
}
