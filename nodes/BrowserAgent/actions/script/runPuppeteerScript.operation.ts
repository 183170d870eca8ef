import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import {
	actions,
	scriptModulesFromEnvironment,
	scriptStdout,
	type PuppeteerScriptHost,
} from '../../../../lib';
import { optionsCollection, showFor, type OperationContext } from '../common';
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
		[scriptTimeoutOption],
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const scriptCode = this.getNodeParameter('scriptCode', itemIndex) as string;
	const query = this.getNodeParameter('query', itemIndex, '') as string;
	const { timeoutMs, onTimeout } = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const host: PuppeteerScriptHost = {
		variables: scriptVariables(this, itemIndex, query),
		consoleLog: consoleOf(this),
		modules: scriptModulesFromEnvironment(),
	};
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
