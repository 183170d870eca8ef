import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import {
	actions,
	BrowserAgentError,
	failureOfRun,
	MAX_PARALLEL_RUNS,
	scriptModulesFromEnvironment,
	scriptStdout,
	type PuppeteerScriptHost,
	type ScriptRunOutcome,
} from '../../../../lib';
import {
	optionsCollection,
	showFor,
	type ItemOutcome,
	type OperationContext,
	type ParallelOperation,
} from '../common';
import { schemaField } from '../common/schemaField';

const scriptTimeoutOption: INodeProperties = schemaField(
	actions.runPuppeteerScript.input.shape.timeoutMs,
	{
		displayName: 'Timeout (Ms)',
		name: 'timeoutMs',
		description:
			'How long the whole script may take, in milliseconds, before the operation fails with TIMEOUT',
	},
);

const parallelItemsOption: INodeProperties = schemaField(
	actions.runPuppeteerScriptInParallel.input.shape.runs,
	{
		displayName: 'Parallel Items',
		name: 'parallelItems',
		default: 1,
		description:
			'How many items run at once, each on a new tab of the session that closes after its item (n8n-nodes-puppeteer’s Batch Size). 1 runs the items one after another on the session’s current tab, which the nodes before and after share.',
		hint: 'Above 1, each item’s script starts on a blank tab with the session’s cookies: it must open its page itself ($page.goto).',
	},
);

export const description: INodeProperties[] = [
	...showFor('script', 'runPuppeteerScript', [
		{
			displayName: 'Script Code',
			name: 'scriptCode',
			type: 'string',
			typeOptions: { editor: 'codeNodeEditor', editorLanguage: 'javaScript' },
			required: true,
			default:
				"// $page is the session's current tab as a puppeteer Page; $browser its Browser.\nconst title = await $page.title();\n\nconsole.log('Title', title);\n\n// Return the items to output\nreturn [{ title, url: $page.url(), ...$json }];",
			description:
				'A script from n8n-nodes-puppeteer’s Run Custom Script, unchanged: it runs on this execution’s browser session, so the nodes before and after it share its page, cookies and tabs. Only runs when the Browser Agent credential’s policy allows custom JavaScript.',
			hint: 'Use <code>$page</code>, <code>$browser</code> and <code>$puppeteer</code> (devices, network conditions) as in n8n-nodes-puppeteer, with n8n’s variables such as <code>$json</code>. <code>console.log()</code> output appears in the browser console while you build the workflow; <code>require</code> follows NODE_FUNCTION_ALLOW_BUILTIN and NODE_FUNCTION_ALLOW_EXTERNAL.',
			noDataExpression: false,
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			placeholder: 'e.g. the invoice number to look for',
			description:
				'Text the script reads as <code>$input.query</code>, e.g. an AI agent’s instruction when this node is its tool',
		},
	]),
	optionsCollection(
		{ resource: 'script', operation: 'runPuppeteerScript' },
		[],
		[scriptTimeoutOption, parallelItemsOption],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const { scriptCode, host, timeoutMs, onTimeout } = scriptOfItem(this, itemIndex);
	const run = await context.pool.run<{ items: IDataObject[] }>(
		context.key,
		'runPuppeteerScript',
		{
			scriptCode,
			...(timeoutMs !== undefined && { timeoutMs }),
			...(onTimeout !== undefined && { onTimeout }),
		},
		context.environment,
		{ host },
	);
	return this.helpers.normalizeItems(run.result.items as INodeExecutionData[]);
}

/** Items at once, as n8n-nodes-puppeteer's Batch Size ran them: each on its own new tab of the session. */
export const parallel: ParallelOperation = {
	itemsAtOnce() {
		const { parallelItems } = this.getNodeParameter('options', 0, {}) as IDataObject;
		if (parallelItems === undefined) return 1;
		const limits = actions.runPuppeteerScriptInParallel.input.shape.runs.safeParse(parallelItems);
		if (!limits.success)
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`Options → Parallel Items must be a whole number from 1 to ${MAX_PARALLEL_RUNS}, not ${JSON.stringify(parallelItems)}.`,
				{
					field: 'options.parallelItems',
					advice: `Set Parallel Items to 1 (items one after another) up to ${MAX_PARALLEL_RUNS}.`,
				},
			);
		return limits.data;
	},

	async executeTogether(itemIndexes, context) {
		const outcomes = new Map<number, ItemOutcome>();
		// Items whose script and time limit are the same run in one call; others (an expression in the code) in the next.
		const calls = new Map<string, Array<{ itemIndex: number; script: ScriptOfItem }>>();
		for (const itemIndex of itemIndexes) {
			try {
				const script = scriptOfItem(this, itemIndex);
				const same = JSON.stringify([script.scriptCode, script.timeoutMs, script.onTimeout]);
				calls.set(same, [...(calls.get(same) ?? []), { itemIndex, script }]);
			} catch (error) {
				outcomes.set(itemIndex, { error, readingParameters: true });
			}
		}
		for (const runs of calls.values()) {
			const { scriptCode, timeoutMs, onTimeout } = runs[0].script;
			const call = await context.pool.run<{ runs: ScriptRunOutcome[] }>(
				context.key,
				'runPuppeteerScriptInParallel',
				{
					scriptCode,
					runs: runs.length,
					...(timeoutMs !== undefined && { timeoutMs }),
					...(onTimeout !== undefined && { onTimeout }),
				},
				context.environment,
				{ host: { runs: runs.map((run) => run.script.host) } },
			);
			for (const [index, outcome] of call.result.runs.entries()) {
				outcomes.set(
					runs[index].itemIndex,
					outcome.ok
						? { items: this.helpers.normalizeItems(outcome.items as INodeExecutionData[]) }
						: { error: failureOfRun(outcome, call.files), readingParameters: false },
				);
			}
		}
		return itemIndexes.map((itemIndex) => outcomes.get(itemIndex)!);
	},
};

interface ScriptOfItem {
	scriptCode: string;
	host: PuppeteerScriptHost;
	timeoutMs?: unknown;
	onTimeout?: unknown;
}

/** An item's script, its globals and its time limit, as the parameters give them for that item. */
function scriptOfItem(node: IExecuteFunctions, itemIndex: number): ScriptOfItem {
	const scriptCode = node.getNodeParameter('scriptCode', itemIndex) as string;
	const query = node.getNodeParameter('query', itemIndex, '') as string;
	const { timeoutMs, onTimeout } = node.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		scriptCode,
		timeoutMs,
		onTimeout,
		host: {
			variables: scriptVariables(node, itemIndex, query),
			consoleLog: consoleOf(node),
			modules: scriptModulesFromEnvironment(),
		},
	};
}

/** The variables n8n-nodes-puppeteer gives its scripts, besides $page, $browser and $puppeteer. */
function scriptVariables(
	node: IExecuteFunctions,
	itemIndex: number,
	query: string,
): Record<string, unknown> {
	return {
		$getNodeParameter: node.getNodeParameter,
		$getWorkflowStaticData: node.getWorkflowStaticData,
		helpers: {
			...node.helpers,
			httpRequestWithAuthentication: node.helpers.httpRequestWithAuthentication.bind(node),
			requestWithAuthenticationPaginated:
				node.helpers.requestWithAuthenticationPaginated.bind(node),
		},
		...node.getWorkflowDataProxy(itemIndex),
		// As there: $input carries the Query parameter (an AI agent's instruction), not the input items.
		$input: { query },
	};
}

/** console.log goes where n8n's Code node sends it: the editor's browser console, or stdout when enabled. */
function consoleOf(node: IExecuteFunctions): PuppeteerScriptHost['consoleLog'] {
	// n8n-core's sendMessageToUI takes every argument, as console.log does.
	if (node.getMode() === 'manual')
		return node.sendMessageToUI.bind(node) as (...args: unknown[]) => void;
	return scriptStdout(`[Workflow "${node.getWorkflow().id}"][Node "${node.getNode().name}"]`);
}
