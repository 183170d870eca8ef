import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';
import {
	actions,
	BrowserAgentError,
	sharedLiveViews,
	type ActionRun,
	type HumanWaitResult,
	type LiveLink,
} from '../../../../lib';
import {
	actionItem,
	minutesParameter,
	optionsCollection,
	schemaField,
	schemaLimits,
	showFor,
	type ItemOutcome,
	type OperationContext,
} from '../common';
import { resumeTokenOf } from '../../transport/humanWaits';
import { recordedWorkflow } from '../../transport/recordedWorkflow';

const input = actions.waitForHuman.input.shape;
const MINUTE_MS = 60_000;
const timeLimitMs = schemaLimits(input.timeoutMs);
const DEFAULT_MINUTES = input.timeoutMs.parse(undefined) / MINUTE_MS;
const MIN_MINUTES = 0.1;
const MAX_MINUTES = (timeLimitMs.maxValue ?? 60 * MINUTE_MS) / MINUTE_MS;
/** n8n resumes the execution by itself this long after the time limit, should this process be gone by then. */
const N8N_FALLBACK_MS = 5 * MINUTE_MS;
export const SCREENSHOT_FIELD = 'screenshot';

export const description: INodeProperties[] = [
	...showFor('session', 'waitForHuman', [
		schemaField(input.message, {
			displayName: 'Message to the Person',
			name: 'message',
			placeholder: 'e.g. Solve the captcha, then press Done',
			description: 'What the person is asked to do, shown above the page',
			hint: 'Send the person <code>{{ $execution.resumeUrl }}</code> from a node before this one (Slack, Email, Telegram…): it opens the live view once the flow waits here, and dies when the wait ends',
		}),
		schemaField(input.interactive, {
			displayName: 'Interactive',
			name: 'interactive',
			description:
				'Whether the person may click, type and scroll in the page; off, they only watch and press Done',
		}),
		{
			displayName: 'Time Limit (Minutes)',
			name: 'timeLimitMinutes',
			type: 'number',
			typeOptions: { minValue: MIN_MINUTES, maxValue: MAX_MINUTES, numberPrecision: 1 },
			default: DEFAULT_MINUTES,
			description:
				'When nobody pressed Done by then, the flow goes on with timedOut: true (add an If node on it to stop the flow instead)',
		},
		schemaField(input.screenshot, {
			displayName: 'Screenshot When Done',
			name: 'screenshot',
			description: `Whether to add a picture of the page as the person left it, as binary "${SCREENSHOT_FIELD}"`,
		}),
	]),
	optionsCollection({ resource: 'session', operation: 'waitForHuman' }, [], []),
];

/** One item: the wait is for the flow, whatever number of items reach it. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	await beginWait(this, context);
	return [{ json: this.getInputData()[itemIndex].json, pairedItem: { item: itemIndex } }];
}

/** All items at once: one person, one wait; the items pass on as they came until it ends. */
export const parallel = {
	itemsAtOnce(this: IExecuteFunctions): number {
		return Math.max(1, this.getInputData().length);
	},
	async executeTogether(
		this: IExecuteFunctions,
		itemIndexes: number[],
		context: OperationContext,
	): Promise<ItemOutcome[]> {
		await beginWait(this, context);
		const items = this.getInputData();
		return itemIndexes.map((itemIndex) => ({
			items: [{ json: items[itemIndex].json, pairedItem: { item: itemIndex } }],
		}));
	},
};

async function beginWait(node: IExecuteFunctions, context: OperationContext): Promise<void> {
	const resumeUrl = String(node.evaluateExpression('{{ $execution.resumeUrl }}', 0) ?? '');
	const resumeToken = resumeTokenOf(resumeUrl);
	if (!resumeToken)
		throw new BrowserAgentError(
			'NOT_ALLOWED',
			'This n8n does not sign its resume links ($execution.resumeUrl has no signature), so a live-view link would be guessable from the execution ID.',
			{
				advice:
					'Update n8n to a version that signs resume links (2.40 does). Until then, Session → Live View gives a link served by Browser Agent’s own server.',
			},
		);
	const minutes = minutesParameter.call(
		node,
		{
			name: 'timeLimitMinutes',
			label: 'Time Limit (Minutes)',
			min: MIN_MINUTES,
			max: MAX_MINUTES,
			fallback: DEFAULT_MINUTES,
		},
		0,
	);
	const timeoutMs = Math.round(minutes * MINUTE_MS);
	const waitInput: IDataObject = {
		message: node.getNodeParameter('message', 0, '') as string,
		interactive: node.getNodeParameter('interactive', 0, true) as boolean,
		screenshot: node.getNodeParameter('screenshot', 0, false) as boolean,
		// n8n cannot fail an execution that a webhook resumes: the flow goes on and says timedOut.
		onTimeLimit: 'continue',
		timeoutMs,
	};
	const { pool } = context;
	await pool.open(context.key, { environment: context.environment });
	let linked!: (link: LiveLink) => void;
	const link = new Promise<LiveLink>((resolve) => (linked = resolve));
	// The wait outlives this run of the node (the execution only waits), so not its cancel signal.
	const { signal: _executionSignal, ...environment } = context.environment;
	const outcome = pool.run<HumanWaitResult>(context.key, 'waitForHuman', waitInput, environment, {
		host: { links: sharedLiveViews().links, onLink: linked },
	});
	const started = await Promise.race([link, outcome]);
	if (!('token' in started)) throw new Error('Wait for Human ended before it gave its link.');
	sharedLiveViews().parked.park(resumeToken, { linkToken: started.token, resumeUrl, outcome });
	await node.putExecutionToWait(new Date(Date.now() + timeoutMs + N8N_FALLBACK_MS));
}

/**
 * The output item once the wait is over (built in the webhook that resumes the execution). What the
 * person recorded comes as Run Steps steps and as workflow JSON to paste onto the canvas.
 */
export async function itemOfWait(
	this: IWebhookFunctions,
	run: ActionRun<HumanWaitResult>,
): Promise<INodeExecutionData> {
	const { recorded, ...result } = run.result;
	const item = await actionItem.call(
		this,
		{ ...run, result: result as unknown as IDataObject },
		SCREENSHOT_FIELD,
	);
	if (recorded)
		Object.assign(item.json, {
			recordedSteps: recorded.steps,
			recordingNotes: recorded.notes,
			recordedWorkflow: recordedWorkflow(recorded),
		});
	return item;
}
