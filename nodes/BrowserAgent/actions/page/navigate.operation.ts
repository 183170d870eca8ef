import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { actionItem, actionOptions, optionsCollection, retriesOption, runAction, showFor, timeoutOption, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	...showFor('page', 'navigate', [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://portal.example.com/login',
			description: 'The address to open, including https://',
		},
		{
			displayName: 'Wait Until',
			name: 'waitUntil',
			type: 'options',
			default: 'load',
			description: 'When the page counts as loaded and the workflow goes on',
			options: [
				{ name: 'Commit', value: 'commit', description: 'The server started answering; fastest, the page may still be empty' },
				{ name: 'DOM Content Loaded', value: 'domcontentloaded', description: 'The HTML is parsed; images and styles may still load' },
				{ name: 'Load', value: 'load', description: 'The page and all its images, styles and scripts have loaded' },
				{ name: 'Network Idle', value: 'networkidle', description: 'No network traffic for half a second; for pages that keep loading data' },
			],
		},
	]),
	optionsCollection({ resource: 'page', operation: 'navigate' }, [], [timeoutOption, retriesOption]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'navigate', {
		url: this.getNodeParameter('url', itemIndex) as string,
		waitUntil: this.getNodeParameter('waitUntil', itemIndex, 'load') as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
