import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actions } from '../../../../lib';
import {
	actionItem,
	actionOptions,
	indexOption,
	optionsCollection,
	runAction,
	schemaField,
	selectorField,
	showFor,
	type OperationContext,
} from '../common';

const input = actions.snapshot.input.shape;

export const description: INodeProperties[] = [
	...showFor('page', 'snapshot', [
		selectorField({
			required: false,
			placeholder: 'e.g. #results or main',
			description: 'Snapshot only this element. Empty: the whole page.',
		}),
	]),
	optionsCollection({ resource: 'page', operation: 'snapshot' }, [
		indexOption,
		schemaField(input.maxCharacters, {
			displayName: 'Max Characters',
			name: 'maxCharacters',
			description:
				'Cut the snapshot after this many characters (at a line end), with a note saying how much was left out',
		}),
		schemaField(input.interactiveOnly, {
			displayName: 'Interactive Only',
			name: 'interactiveOnly',
			description:
				'Whether to keep only elements one can act on (buttons, links, fields, options), one per line',
		}),
		schemaField(input.includeIframes, {
			displayName: 'Include Iframes',
			name: 'includeIframes',
			description: 'Whether to include the content of iframes (their refs look like f1e3)',
		}),
		schemaField(input.screenshot, {
			displayName: 'Add Screenshot',
			name: 'screenshot',
			description:
				'Whether to also return a JPEG of the viewport (binary "screenshot"), for models that read images',
		}),
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const selector = (this.getNodeParameter('selector', itemIndex, '') as string).trim();
	const run = await runAction(context, 'page.snapshot', {
		...(selector && { selector }),
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run, 'screenshot')];
}
