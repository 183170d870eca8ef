import type {
	IBinaryKeyData,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { BrowserAgentError, runSteps } from '../../../../lib';
import { optionsCollection, showFor, textParameter, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	...showFor('script', 'runSteps', [
		{
			displayName: 'Steps (JSON)',
			name: 'steps',
			type: 'json',
			default:
				'[\n  { "action": "navigate", "url": "https://example.com" },\n  { "action": "click", "selector": "text=More information" },\n  { "action": "extractText", "selector": "h1" }\n]',
			required: true,
			hint: 'Each step is an action name plus that action’s fields, exactly as the operations take them, e.g. {"action": "fill", "selector": "#user", "value": "ada"}',
			description:
				'A list of steps run in order on this execution’s session. Every step is checked before the first one runs. Actions: navigate, click, fill, dragSlider, screenshot, download, extractTable, extractText, and the rest of the catalogue; a node operation as resource.operation (e.g. extract.table) works too.',
		},
		{
			displayName: 'When a Step Fails',
			name: 'onStepError',
			type: 'options',
			default: 'stopAndFail',
			options: [
				{
					name: 'Stop and Fail the Node',
					value: 'stopAndFail',
					description: 'Skip the remaining steps and fail like any other operation',
				},
				{
					name: 'Stop and Return the Results',
					value: 'stopAndReturn',
					description: 'Skip the remaining steps; the output says which step failed',
				},
				{
					name: 'Continue With the Next Step',
					value: 'continue',
					description: 'Run every step; the output lists each step’s result or error',
				},
			],
		},
		{
			displayName: 'Put Output Files in Fields Named',
			name: 'binaryPropertyPrefix',
			type: 'string',
			default: 'step',
			description:
				'Files from steps (screenshots, downloads, PDFs) go into binary fields named this prefix plus the step number, e.g. step2',
		},
	]),
	optionsCollection({ resource: 'script', operation: 'runSteps' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const onStepError = this.getNodeParameter('onStepError', itemIndex, 'stopAndFail') as string;
	const prefix = textParameter.call(this, 'binaryPropertyPrefix', itemIndex, 'step');
	const run = await runSteps(context.pool, context.key, this.getNodeParameter('steps', itemIndex), {
		stopOnError: onStepError !== 'continue',
		environment: context.environment,
	});
	const failed = run.steps.find((step) => !step.ok);
	if (failed && onStepError === 'stopAndFail') {
		throw new BrowserAgentError(
			failed.error!.code,
			`Step ${failed.index + 1} (${failed.action}) failed: ${failed.error!.message}`,
			{
				action: failed.action,
				selector: failed.error!.selector,
				advice: failed.error!.advice,
			},
		);
	}
	const binary: IBinaryKeyData = {};
	for (const step of run.steps) {
		for (const [fileIndex, file] of step.files.entries()) {
			const name = `${prefix}${step.index + 1}${fileIndex ? `_${fileIndex + 1}` : ''}`;
			binary[name] = await this.helpers.prepareBinaryData(file.bytes, file.fileName, file.mimeType);
		}
	}
	const steps = run.steps.map(({ files, ...step }) => ({
		...step,
		...(files.length && {
			files: files.map((file) => ({
				fileName: file.fileName,
				mimeType: file.mimeType,
				size: file.bytes.length,
			})),
		}),
	}));
	return [
		{
			json: { ...run, steps } as unknown as INodeExecutionData['json'],
			...(Object.keys(binary).length && { binary }),
		},
	];
}
