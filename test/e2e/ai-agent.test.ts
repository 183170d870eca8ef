/**
 * End to end: the packed node as the tools of n8n's AI Agent, in a real n8n. Manual Trigger → AI
 * Agent with the OpenAI Chat Model and six Browser Agent tool nodes (Navigate, Snapshot, Click,
 * Fill, Extract Text, Screenshot) whose model-filled fields are `$fromAI()` expressions. Only the
 * model is a mock (scripts/fake-model: an OpenAI-compatible server driven by a script); n8n, its
 * agent, the OpenAI SDK, the tools and Chromium are real. The scripted model reads what the tools
 * returned: it signs in to the fixture site with the refs it finds in the snapshot it was sent.
 *
 * N8N_E2E_VERSIONS picks the n8n versions (default: every one installed), as in n8n.test.ts.
 * AI_AGENT_E2E_API=responses switches the chat model to the Responses API (default: Chat
 * Completions). AI_AGENT_E2E_DUMP=<path prefix> writes what the model received and n8n's output.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INodePropertyOptions } from 'n8n-workflow';
// With the extension: plain resolution would pick the codex file BrowserAgent.node.json first.
import { BrowserAgent } from '../../nodes/BrowserAgent/BrowserAgent.node.ts';
import { LOGIN, REPORT_CSV, REPORT_CSV_FILENAME } from '../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import {
	startFakeModel,
	type FakeModel,
	type ModelReply,
	type ModelTurn,
	type ScriptTurn,
	type ToolResult,
} from '../../scripts/fake-model/server';
import { eventually, processesWithEnvironment } from '../helpers/processes';
import {
	createN8nInstance,
	e2eVersions,
	packThisPackage,
	itemsOf,
	type ExecutionResult,
	type N8nInstance,
	type OutputItem,
} from '../../scripts/n8n/harness/n8n';

/** The n8n versions to test against: N8N_E2E_VERSIONS, else every version installed in .runtime. */
const versions = e2eVersions();

/** n8n's name for the tool variant of a `usableAsTool` node: the node's type with `Tool` appended. */
const TOOL_TYPE = 'n8n-nodes-browser-agent.browserAgentTool';
const AGENT = 'AI Agent';
const CREDENTIAL = { id: 'fakeOpenAiModel1', name: 'Fake model (OpenAI API)' };
const SYSTEM_MESSAGE =
	'You use a web browser through your tools. Take a snapshot to see the page; point at its elements with ref=eN from the latest snapshot.';
const SELECTOR_FROM_AI =
	"={{ $fromAI('selector', 'ref=eN from the latest snapshot, or a CSS selector', 'string') }}";

/** The tool nodes: node name (the model sees it with spaces as underscores) and parameters. */
const TOOLS: Array<{ name: string; parameters: Record<string, unknown> }> = [
	{
		name: 'Navigate',
		parameters: {
			resource: 'page',
			operation: 'navigate',
			url: "={{ $fromAI('url', 'The address to open, including http:// or https://', 'string') }}",
			options: {},
		},
	},
	{ name: 'Snapshot', parameters: { resource: 'page', operation: 'snapshot', options: {} } },
	{
		name: 'Click',
		parameters: {
			resource: 'element',
			operation: 'click',
			selector: SELECTOR_FROM_AI,
			// A click that submits a form returns once the next page has loaded.
			options: { waitUntilAfter: 'load' },
		},
	},
	{
		name: 'Fill',
		parameters: {
			resource: 'element',
			operation: 'fill',
			selector: SELECTOR_FROM_AI,
			value: "={{ $fromAI('value', 'The text to type into the field', 'string') }}",
			options: {},
		},
	},
	{
		name: 'Extract Text',
		parameters: {
			resource: 'extract',
			operation: 'text',
			selector: SELECTOR_FROM_AI,
			options: {},
		},
	},
	{
		name: 'Screenshot',
		parameters: {
			resource: 'page',
			operation: 'screenshot',
			options: {
				label: "={{ $fromAI('label', 'A short name for the picture', 'string') }}",
			},
		},
	},
];

/**
 * What n8n tells the model a tool does when its description is left on "Set Automatically"
 * (n8n-workflow's makeDescription): the chosen operation's `action`, "in", the node's name.
 */
function automaticToolDescription(parameters: Record<string, unknown>): string {
	const { description } = new BrowserAgent();
	const operations = description.properties.find(
		(property) =>
			property.name === 'operation' &&
			property.displayOptions?.show?.resource?.includes(parameters.resource as string),
	);
	const option = (operations?.options as INodePropertyOptions[] | undefined)?.find(
		(candidate) => candidate.value === parameters.operation,
	);
	assert.ok(
		option?.action,
		`no action for ${String(parameters.resource)}/${String(parameters.operation)}`,
	);
	return `${option.action} in ${description.defaults.name}`;
}

/** n8n's tool name for a node name (n8n-workflow's nodeNameToToolName). */
const toolName = (nodeName: string) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

function agentWorkflow(prompt: string): Record<string, unknown> {
	const nodes: Array<Record<string, unknown>> = [
		{
			id: 'trigger',
			name: 'When clicking ‘Execute workflow’',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'agent',
			name: AGENT,
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3.1, // what the editor of 2.8.4 and 2.40.5 adds
			position: [220, 0],
			parameters: {
				promptType: 'define',
				text: prompt,
				options: { systemMessage: SYSTEM_MESSAGE },
			},
		},
		{
			id: 'model',
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [120, 220],
			// Plain Chat Completions: version 1.3 defaults to the Responses API.
			parameters: {
				model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
				responsesApiEnabled: process.env.AI_AGENT_E2E_API === 'responses',
				options: {},
			},
			credentials: { openAiApi: CREDENTIAL },
		},
		...TOOLS.map((tool, index) => ({
			id: `tool-${index}`,
			name: tool.name,
			type: TOOL_TYPE,
			typeVersion: 1,
			position: [300 + 120 * index, 220],
			parameters: tool.parameters,
		})),
	];
	const connections: Record<string, unknown> = {
		'When clicking ‘Execute workflow’': { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
		'OpenAI Chat Model': {
			ai_languageModel: [[{ node: AGENT, type: 'ai_languageModel', index: 0 }]],
		},
	};
	for (const tool of TOOLS)
		connections[tool.name] = { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] };
	return {
		name: 'Browser Agent tools in an AI Agent',
		nodes,
		connections,
		// What the editor saves for every new workflow. With the legacy order (v0, no setting) the
		// engine queues the agent's resumption before the tool nodes it asked for (n8n-core
		// WorkflowExecute.addNodeToBeExecuted: `push` instead of `unshift`), so the agent resumes
		// before the tool ran and the model receives "" as every tool's result.
		settings: { executionOrder: 'v1' },
	};
}

/** The tool result the model received last, parsed: n8n sends a tool's output items as a JSON list. */
function lastResult(turn: ModelTurn, tool: string): Record<string, unknown> {
	const result = turn.toolResults.at(-1);
	assert.ok(result, `turn ${turn.index}: no tool result yet`);
	assert.equal(result.name, toolName(tool), `turn ${turn.index}: the last result is not ${tool}'s`);
	return firstItem(result);
}

function firstItem(result: ToolResult): Record<string, unknown> {
	const parsed = JSON.parse(result.output) as unknown;
	const items = Array.isArray(parsed) ? parsed : [parsed];
	assert.equal(typeof items[0], 'object', `${result.name} answered ${result.output}`);
	return items[0] as Record<string, unknown>;
}

/** The ref the snapshot gives the first line with this role and name, e.g. `textbox "Username"`. */
function refIn(snapshot: string, element: string): string {
	const line = snapshot.split('\n').find((text) => text.includes(element));
	const ref = line && /\[ref=([a-z0-9]+)\]/.exec(line)?.[1];
	assert.ok(ref, `the snapshot has no ref for ${element}:\n${snapshot}`);
	return ref;
}

/**
 * The model: it reads the task's address from the prompt and the refs from the snapshot it is
 * sent, signs in, reads the page and answers with the welcome line it read.
 */
function signInScript(): { script: ScriptTurn[]; seen: { refs: Record<string, string> } } {
	const seen = { refs: {} as Record<string, string> };
	const call = (tool: string, args: Record<string, unknown> = {}) => ({
		toolCalls: [{ name: toolName(tool), arguments: args }],
	});
	const script: ScriptTurn[] = [
		(turn) => {
			assert.equal(turn.messages[0].role, 'system');
			assert.equal(turn.messages[0].content, SYSTEM_MESSAGE);
			const offered = turn.tools.map((tool) => tool.name).sort();
			assert.deepEqual(offered, TOOLS.map((tool) => toolName(tool.name)).sort());
			const prompt = turn.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
			const address = /https?:\/\/\S+\/login\b/.exec(prompt)?.[0];
			assert.ok(address, `no login address in the prompt: ${prompt}`);
			return call('Navigate', { url: address });
		},
		(turn) => {
			const page = lastResult(turn, 'Navigate');
			assert.match(String(page.url), /\/login$/);
			return call('Snapshot');
		},
		(turn) => {
			const { snapshot } = lastResult(turn, 'Snapshot') as { snapshot: string };
			seen.refs.username = refIn(snapshot, 'textbox "Username"');
			seen.refs.password = refIn(snapshot, 'textbox "Password"');
			seen.refs.submit = refIn(snapshot, 'button "Sign in"');
			return call('Fill', { selector: `ref=${seen.refs.username}`, value: LOGIN.username });
		},
		(turn) => {
			lastResult(turn, 'Fill');
			return call('Fill', { selector: `ref=${seen.refs.password}`, value: LOGIN.password });
		},
		(turn) => {
			lastResult(turn, 'Fill');
			return call('Click', { selector: `ref=${seen.refs.submit}` });
		},
		(turn) => {
			const page = lastResult(turn, 'Click');
			assert.match(String(page.url), /\/dashboard$/, 'the click did not lead to the dashboard');
			return call('Extract Text', { selector: 'main' });
		},
		(turn) => {
			lastResult(turn, 'Extract Text');
			return call('Screenshot', { label: 'signed in' });
		},
		(turn) => {
			lastResult(turn, 'Screenshot');
			const read = turn.toolResults.filter((result) => result.name === toolName('Extract Text'));
			const text = String(firstItem(read.at(-1)!).text);
			const welcome = /Welcome, \S+/.exec(text)?.[0];
			assert.ok(welcome, `no welcome line in the text read: ${text}`);
			return { text: `Signed in. The dashboard says: ${welcome}` };
		},
	];
	return { script, seen };
}

const NODE_TYPE = 'n8n-nodes-browser-agent.browserAgent';
const SITE_LOGIN = { id: 'acmeSiteLogin1', name: 'Acme Finance login' };
const RUN_TASK = 'Run Task';
/** Its own model credential: the stand-in of the agent test has another address. */
const RUN_TASK_MODEL = { id: 'fakeOpenAiModel2', name: 'Fake model for Run Task (OpenAI API)' };

/** Manual Trigger → Navigate to the login page → AI → Run Task with the OpenAI Chat Model on its Model input. */
function runTaskWorkflow(loginUrl: string, task: string): Record<string, unknown> {
	const trigger = 'When clicking ‘Execute workflow’';
	return {
		name: 'Browser Agent Run Task',
		nodes: [
			{
				id: 'trigger',
				name: trigger,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'open',
				name: 'Open Login',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'page', operation: 'navigate', url: loginUrl, options: {} },
			},
			{
				id: 'task',
				name: RUN_TASK,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource: 'ai', operation: 'runTask', task, options: {} },
				credentials: { browserAgentSiteLogin: SITE_LOGIN },
			},
			{
				id: 'model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [440, 220],
				parameters: {
					model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
					responsesApiEnabled: process.env.AI_AGENT_E2E_API === 'responses',
					options: {},
				},
				credentials: { openAiApi: RUN_TASK_MODEL },
			},
		],
		connections: {
			[trigger]: { main: [[{ node: 'Open Login', type: 'main', index: 0 }]] },
			'Open Login': { main: [[{ node: RUN_TASK, type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: RUN_TASK, type: 'ai_languageModel', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Run Task's model: a navigator and a planner in one script, each turn deciding from what it was
 * sent (the page between <page_content> tags, the actions so far), as a real model would have to.
 * It signs in with the Site Login's placeholders, opens Downloads and downloads the Q3 report.
 */
function runTaskTurn(turn: ModelTurn): ModelReply {
	const text = turn.messages.map((message) => message.content).join('\n');
	const page = /<page_content>\n([\s\S]*)\n<\/page_content>/.exec(text)?.[1] ?? '';
	const downloaded = /\d+\. download .* → ok/.test(text);
	const answer = (reply: unknown) => ({ text: JSON.stringify(reply) });
	if (/You supervise a browser agent/.test(text))
		return answer(
			downloaded
				? {
						progress: 'The report is downloaded.',
						done: true,
						answer: `Downloaded ${REPORT_CSV_FILENAME}`,
					}
				: { progress: 'Not downloaded yet.', done: false, nextGoal: 'Download the Q3 report.' },
		);
	if (downloaded)
		return answer({ thought: 'The report is downloaded.', done: { answer: 'Done.' } });
	if (/textbox "Password"/.test(page))
		return answer({
			thought: 'Sign in with the placeholders.',
			actions: [
				{
					action: 'fill',
					selector: `ref=${refIn(page, 'textbox "Username"')}`,
					value: '{{login.username}}',
				},
				{
					action: 'fill',
					selector: `ref=${refIn(page, 'textbox "Password"')}`,
					value: '{{login.password}}',
				},
				{ action: 'click', selector: `ref=${refIn(page, 'button "Sign in"')}` },
			],
		});
	if (/button "Download Q3 report \(CSV\)"/.test(page))
		return answer({
			thought: 'Download the report.',
			actions: [
				{ action: 'download', selector: `ref=${refIn(page, 'button "Download Q3 report (CSV)"')}` },
			],
		});
	// The dashboard's Downloads tile: a link named by the strong text inside it.
	const tile = /- strong \[ref=([a-z0-9]+)\]: Downloads$/m.exec(page)?.[1];
	assert.ok(tile, `no Downloads tile on the page:\n${page}`);
	return answer({
		thought: 'Open Downloads.',
		actions: [{ action: 'click', selector: `ref=${tile}` }],
	});
}

function failureReport(result: ExecutionResult, model: FakeModel): string {
	return [
		`the execution failed: ${JSON.stringify(result.error)}`,
		`fake model errors: ${JSON.stringify(model.errors)}`,
		`n8n stdout: ${result.stdout.slice(-4000)}`,
		`n8n stderr: ${result.stderr.slice(-3000)}`,
	].join('\n');
}

describe('the packed node as an AI Agent’s tools in a real n8n', () => {
	let site: FixtureSite;
	let packed: ReturnType<typeof packThisPackage> | undefined;
	let tarball: string;

	before(async () => {
		assert.ok(
			versions.length > 0,
			'no n8n installed: run `bash scripts/n8n/install-n8n.sh 2.8.4` (scripts/test.sh does)',
		);
		site = await startFixtureSite();
		packed = packThisPackage();
		tarball = packed.tarball;
	});
	after(async () => {
		await site?.close();
		packed?.remove();
	});

	for (const version of versions) {
		describe(`n8n ${version}`, () => {
			let n8n: N8nInstance;
			let model: FakeModel | undefined;
			const runMarker = randomUUID();

			before(async () => {
				n8n = await createN8nInstance({ version, env: { BROWSER_AGENT_E2E_RUN: runMarker } });
				const installed = await n8n.installCommunityPackage(tarball);
				assert.equal(installed.name, 'n8n-nodes-browser-agent');
			});
			after(async () => {
				await model?.close();
				await n8n?.cleanup();
			});

			it('an AI Agent signs in with the Browser Agent tools, on one browser session', async () => {
				const { script, seen } = signInScript();
				model = await startFakeModel(script);
				await n8n.importCredentials([
					{
						...CREDENTIAL,
						type: 'openAiApi',
						data: { apiKey: 'sk-fake-model-key', url: model.url },
					},
				]);
				const workflowFile = join(n8n.userFolder, 'ai-agent.json');
				const prompt = `Sign in to the Acme Finance portal at ${site.url}/login as ${LOGIN.username} with the password ${LOGIN.password}, then tell me what the dashboard says.`;
				writeFileSync(workflowFile, JSON.stringify(agentWorkflow(prompt)));
				const id = await n8n.importWorkflow(workflowFile);

				const result = await n8n.executeWorkflow(id, { timeoutMs: 240_000 });
				const dump = process.env.AI_AGENT_E2E_DUMP;
				if (dump) {
					writeFileSync(
						`${dump}-${version}.requests.json`,
						JSON.stringify(model.requests, null, 2),
					);
					writeFileSync(`${dump}-${version}.n8n.log`, result.stdout);
				}
				assert.ok(result.ok, failureReport(result, model));
				assert.deepEqual(model.errors, []);

				// The agent's answer is the model's last turn, made of the text the tool read.
				assert.deepEqual(itemsOf(result, AGENT), [
					{ output: 'Signed in. The dashboard says: Welcome, admin' },
				]);

				// The model was asked once per turn and received every tool result, in order.
				const turns = model.requests.flatMap((request) => (request.turn ? [request.turn] : []));
				assert.deepEqual(
					turns.map((turn) => turn.index),
					script.map((_, index) => index),
				);
				// Each tool as the model saw it: the node's name, its operation's action, its $fromAI fields.
				assert.deepEqual(
					Object.fromEntries(turns[0].tools.map((tool) => [tool.name, tool.description])),
					Object.fromEntries(
						TOOLS.map((tool) => [toolName(tool.name), automaticToolDescription(tool.parameters)]),
					),
				);
				const fill = turns[0].tools.find((tool) => tool.name === 'Fill')!;
				assert.deepEqual(fill.parameters.required, ['selector', 'value']);
				const results = turns.at(-1)!.toolResults;
				turns.forEach((turn, index) =>
					assert.deepEqual(turn.toolResults, results.slice(0, index), `turn ${index}`),
				);
				assert.deepEqual(
					results.map((result) => result.name),
					['Navigate', 'Snapshot', 'Fill', 'Fill', 'Click', 'Extract Text', 'Screenshot'].map(
						toolName,
					),
				);
				const items = results.map(firstItem);
				const [navigate, snapshot, fillUsername, fillPassword, click, extract, screenshot] = items;
				assert.equal(navigate.url, `${site.url}/login`);
				assert.equal(navigate.title, 'Sign in - Acme Finance');
				assert.match(String(snapshot.snapshot), /\[ref=e\d+\]/);
				assert.ok(Number(snapshot.refs) >= 3, `refs: ${String(snapshot.refs)}`);
				assert.deepEqual(Object.keys(seen.refs).sort(), ['password', 'submit', 'username']);
				assert.equal(click.url, `${site.url}/dashboard`);
				assert.equal(extract.url, `${site.url}/dashboard`);
				assert.match(String(extract.text), /Dashboard[\s\S]*Welcome, admin/);
				assert.equal(screenshot.label, 'signed in');
				// Fill answers that it typed, not what: the password the model gave goes to the page only.
				assert.equal(fillUsername.filled, true);
				assert.equal(fillPassword.filled, true);
				assert.ok(!JSON.stringify(fillPassword).includes(LOGIN.password));

				// n8n ran each tool node once per call, as a node of this execution (output `ai_tool`).
				assert.deepEqual(
					Object.fromEntries(TOOLS.map(({ name }) => [name, result.nodes[name]?.length ?? 0])),
					{ Navigate: 1, Snapshot: 1, Click: 1, Fill: 2, 'Extract Text': 1, Screenshot: 1 },
				);
				// The picture stays in n8n: the model gets the screenshot's JSON only (n8n drops binary data).
				const shotRun = result.nodes.Screenshot[0].raw.data as { ai_tool: OutputItem[][] };
				const picture = n8n.readBinary(shotRun.ai_tool[0][0].binary!.data);
				assert.deepEqual([...picture.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
				assert.equal(screenshot.size, picture.length);
				assert.ok(results[6].output.length < 1000, results[6].output);

				// All tool calls ran on one browser session of this execution.
				const sessions = new Set(items.map((item) => item.sessionId));
				assert.equal(sessions.size, 1, `sessions: ${[...sessions].join(', ')}`);
				assert.match(String(navigate.sessionId), /\S/);
				assert.ok(items.every((item) => item.sessionName === 'default'));

				// n8n has exited: nothing it started (Chromium included) may still run.
				await eventually(
					() => processesWithEnvironment('BROWSER_AGENT_E2E_RUN', runMarker).length === 0,
					'no process of the n8n run is left',
					15_000,
				);
			});

			it('AI → Run Task with the chat model on its Model input: signs in with the Site Login, downloads the report', async () => {
				await model?.close();
				model = await startFakeModel(Array.from({ length: 12 }, () => runTaskTurn));
				await n8n.importCredentials([
					{
						...RUN_TASK_MODEL,
						type: 'openAiApi',
						data: { apiKey: 'sk-fake-model-key', url: model.url },
					},
					{
						...SITE_LOGIN,
						type: 'browserAgentSiteLogin',
						data: { username: LOGIN.username, password: LOGIN.password },
					},
				]);
				const workflowFile = join(n8n.userFolder, 'run-task.json');
				writeFileSync(
					workflowFile,
					JSON.stringify(
						runTaskWorkflow(
							`${site.url}/login`,
							'Sign in, open Downloads and download the Q3 report.',
						),
					),
				);
				const id = await n8n.importWorkflow(workflowFile);
				const result = await n8n.executeWorkflow(id, { timeoutMs: 240_000 });
				assert.ok(result.ok, failureReport(result, model));
				assert.deepEqual(model.errors, []);

				const [item] = result.nodes[RUN_TASK][0].items;
				assert.equal(item.json.ok, true, JSON.stringify(item.json.error));
				assert.equal(item.json.answer, `Downloaded ${REPORT_CSV_FILENAME}`);
				assert.deepEqual(
					(item.json.steps as Array<{ action: string; ok: boolean }>).map((step) => [
						step.action,
						step.ok,
					]),
					[
						['fill', true],
						['fill', true],
						['click', true],
						['click', true],
						['download', true],
					],
				);
				const file = item.binary?.download1;
				assert.ok(file, `the report comes as binary download1: ${JSON.stringify(item.binary)}`);
				assert.equal(file.fileName, REPORT_CSV_FILENAME);
				assert.equal(n8n.readBinary(file).toString('utf8'), REPORT_CSV);
				// The navigator and the planner both asked; the password never reached the model.
				const sent = JSON.stringify(model.requests.map((request) => request.body));
				assert.match(sent, /You supervise a browser agent/);
				assert.match(sent, /\{\{login\.password\}\}/);
				assert.ok(!sent.includes(LOGIN.password), 'no request to the model holds the password');
				assert.ok(!JSON.stringify(item.json).includes(LOGIN.password));
			});
		});
	}
});
