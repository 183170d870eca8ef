import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import * as ai from './actions/ai/Ai.resource';
import * as element from './actions/element/Element.resource';
import * as extract from './actions/extract/Extract.resource';
import * as file from './actions/file/File.resource';
import * as mouse from './actions/mouse/Mouse.resource';
import * as page from './actions/page/Page.resource';
import * as script from './actions/script/Script.resource';
import * as session from './actions/session/Session.resource';
import { router } from './actions/router';
import * as frame from './actions/frame/Frame.resource';
import * as network from './actions/network/Network.resource';
import * as tab from './actions/tab/Tab.resource';
import * as storage from './actions/storage/Storage.resource';
import { browserAgentConnectionTest } from './transport/connectionTest';
import { browserAgentSiteLoginTest } from './transport/siteLogin';
import { prelaunchSharedBrowser } from '../../lib';
import { answerLiveViewRequest, LIVE_VIEW_WEBHOOKS } from './transport/humanWaits';
import { itemOfWait } from './actions/session/waitForHuman.operation';

// n8n loads this file when it starts: with $BROWSER_AGENT_PRELAUNCH=true the browser starts now,
// so the first execution does not wait for it (a failure is only logged).
void prelaunchSharedBrowser();

export class BrowserAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Browser Agent',
		name: 'browserAgent',
		icon: {
			light: 'file:../../icons/browserAgent.svg',
			dark: 'file:../../icons/browserAgent.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["resource"] + ": " + $parameter["operation"] }}',
		description:
			'Drive a real browser: open pages, click, fill forms, pass slider checks, take screenshots, download files and read tables. All Browser Agent nodes of one execution share one browser session.',
		defaults: { name: 'Browser Agent' },
		usableAsTool: true,
		// The AI resource takes a chat model sub-node, as n8n's own AI nodes do; the other resources
		// have only the main input. (As an AI Agent's tool the node has no inputs: the agent is the model.)
		inputs: `={{ $parameter.resource === 'ai' ? ['${NodeConnectionTypes.Main}', { type: '${NodeConnectionTypes.AiLanguageModel}', displayName: 'Model', required: true, maxConnections: 1 }] : ['${NodeConnectionTypes.Main}'] }}`,
		outputs: [NodeConnectionTypes.Main],
		// Session → Wait for Human serves its live view under the execution's resume URL, as n8n's
		// Wait node serves its resume webhook: these answer only while an execution waits there.
		webhooks: LIVE_VIEW_WEBHOOKS.map(({ method, path }) => ({
			name: 'default',
			httpMethod: method,
			responseMode: 'onReceived',
			path,
			restartWebhook: true,
		})),
		credentials: [
			{
				name: 'browserAgentApi',
				// n8n's editor labels the selector with this and marks no credential as optional itself;
				// without one the node launches a headless Chromium on the n8n machine.
				displayName: 'Browser Settings (Optional)',
				required: false,
				testedBy: 'browserAgentConnectionTest',
			},
			{
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed -- a login for a web site, not an API key
				name: 'browserAgentSiteLogin',
				displayName: 'Site Login to Type',
				required: false,
				testedBy: 'browserAgentSiteLoginTest',
				// Only where a login is used: Element → Fill with a Site Login value source, the AI
				// operations (the model sees placeholders, the browser types the values), and Session →
				// Open (HTTP Basic Auth for the session). Conditions are all-of, so Fill's plain Value
				// hides it (the AI operations and Open have no Value Source).
				displayOptions: {
					show: {
						resource: ['element', 'ai', 'session'],
						operation: ['fill', 'runTask', 'act', 'extract', 'open'],
					},
					hide: { valueSource: ['value'] },
				},
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				// n8n's node creator lists a node's actions grouped by resource in this order, and no other
				// mechanism (no "popular" flag) exists: the most used come first, the rest alphabetically.
				// eslint-disable-next-line n8n-nodes-base/node-param-options-type-unsorted-items -- most used first (see above)
				options: [
					{
						name: 'Page',
						value: 'page',
						description: 'Open, reload, wait for and print pages; take screenshots; answer dialogs',
					},
					{
						name: 'Element',
						value: 'element',
						description: 'Click or type into elements of the page',
					},
					{ name: 'Extract', value: 'extract', description: 'Read data out of the page' },
					{
						name: 'AI',
						value: 'ai',
						description:
							'Let a connected chat model carry out a task, do one thing, or read data on the page',
					},
					{ name: 'File', value: 'file', description: 'Download files' },
					{ name: 'Frame', value: 'frame', description: 'Work inside embedded frames (iframes)' },
					{ name: 'Mouse', value: 'mouse', description: 'Move and drag the mouse like a person' },
					{
						name: 'Network',
						value: 'network',
						description: 'Block requests, add headers and record API responses',
					},
					{
						name: 'Script',
						value: 'script',
						description: 'Run a list of actions in one go (batch mode)',
					},
					{
						name: 'Session',
						value: 'session',
						description: 'Open, inspect or close the browser session',
					},
					{
						name: 'Storage',
						value: 'storage',
						description:
							'Cookies, localStorage and login state: read, set, clear, export and import',
					},
					{ name: 'Tab', value: 'tab', description: 'Open, switch and close tabs; catch popups' },
				],
				default: 'page',
			},
			...session.description,
			...ai.description,
			...page.description,
			...element.description,
			...mouse.description,
			...file.description,
			...extract.description,
			...script.description,
			...tab.description,
			...frame.description,
			...network.description,
			...storage.description,
		],
	};

	methods = { credentialTest: { browserAgentConnectionTest, browserAgentSiteLoginTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerLiveViewRequest.call(this, (run) => itemOfWait.call(this, run));
	}
}
