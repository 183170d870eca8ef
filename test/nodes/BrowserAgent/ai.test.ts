/**
 * AI → Run Task, Act and Extract through n8n's engine, with a chat model sub-node connected to the
 * node's Model input. The model is a scripted stand-in (no model provider runs here): a sub-node
 * whose `supplyData` hands over an object with LangChain's `invoke`, answering from the refs of the
 * snapshot it was sent, as a real model would have to.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INode, INodeType, INodeTypeDescription, SupplyData } from 'n8n-workflow';
import { sharedPool } from '../../../lib';
import { LOGIN, REPORT_CSV, REPORT_CSV_FILENAME } from '../../../scripts/fixture-site/expected';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { getBinaryBuffer, runWorkflow, type RunResult } from '../../helpers/n8n-engine';
import { chain, engineOptions, type Step } from '../../helpers/workflows';

interface SentMessage {
	role: string;
	content: string | Array<{ type: string; text?: string; image_url?: { url: string } }>;
}

/** What the stand-in model answers, given the messages of one call. */
type Script = (messages: SentMessage[], call: number) => unknown;

const textOf = (messages: SentMessage[]) =>
	messages
		.map((message) =>
			typeof message.content === 'string'
				? message.content
				: message.content.map((part) => part.text ?? '').join('\n'),
		)
		.join('\n');
const pageOf = (messages: SentMessage[]) =>
	/<page_content>\n([\s\S]*)\n<\/page_content>/.exec(textOf(messages))?.[1] ?? '';
const isPlanner = (messages: SentMessage[]) =>
	/You supervise a browser agent/.test(textOf(messages));
function refFor(page: string, roleAndName: string): string {
	const ref = page
		.split('\n')
		.find((line) => line.includes(`- ${roleAndName}`))
		?.match(/\[ref=([a-z0-9]+)\]/)?.[1];
	assert.ok(ref, `the model was not shown ${roleAndName}:\n${page}`);
	return `ref=${ref}`;
}

/** A chat model sub-node, as n8n's model nodes are: it supplies an object with `invoke`. */
class ScriptedChatModel implements INodeType {
	readonly sent: SentMessage[][] = [];
	constructor(private readonly script: Script) {}
	description: INodeTypeDescription = {
		displayName: 'Scripted Chat Model',
		name: 'scriptedChatModel',
		group: ['transform'],
		version: 1,
		description: 'A stand-in for a chat model',
		defaults: { name: 'Model' },
		inputs: [],
		outputs: ['ai_languageModel'],
		properties: [],
	};
	// n8n calls this with the sub-node's context as `this`; the arrow keeps the stand-in instead.
	supplyData = async (): Promise<SupplyData> => ({ response: this.modelObject() });
	private modelObject() {
		return {
			invoke: async (messages: SentMessage[]) => {
				this.sent.push(messages);
				const reply = this.script(messages, this.sent.length);
				return { content: typeof reply === 'string' ? reply : JSON.stringify(reply) };
			},
		};
	}
}

/** Trigger → the steps in a line, the scripted model on the Model input of each AI step. */
function withModel(steps: Step[]) {
	const workflow = chain(steps);
	const targets = steps
		.filter((step) => step.parameters.resource === 'ai')
		.map((step) => step.name);
	const modelNode: INode = {
		id: 'model',
		name: 'Model',
		type: 'test.scriptedChatModel',
		typeVersion: 1,
		position: [0, 300],
		parameters: {},
	};
	workflow.nodes.push(modelNode);
	workflow.connections.Model = {
		ai_languageModel: [targets.map((node) => ({ node, type: 'ai_languageModel', index: 0 }))],
	};
	return workflow;
}

function run(steps: Step[], model: ScriptedChatModel, siteLogin = false): Promise<RunResult> {
	const workflow = withModel(steps);
	if (siteLogin)
		for (const node of workflow.nodes)
			if (node.parameters.resource === 'ai')
				node.credentials = { browserAgentSiteLogin: { id: '2', name: 'Acme login' } };
	return runWorkflow(
		workflow,
		engineOptions({
			nodeTypes: {
				...engineOptions().nodeTypes,
				'test.scriptedChatModel': model,
			},
			credentials: {
				browserAgentSiteLogin: { username: LOGIN.username, password: LOGIN.password },
			},
		}),
	);
}

describe('Browser Agent node: AI operations with a connected chat model', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	const openLogin: Step = {
		name: 'Open Login',
		parameters: { resource: 'page', operation: 'navigate', url: '' },
	};
	const atLogin = (): Step => ({
		...openLogin,
		parameters: { ...openLogin.parameters, url: `${site.url}/login` },
	});

	it('Run Task: signs in with the Site Login as placeholders, downloads the report, answers; files as binary', async () => {
		const model = new ScriptedChatModel((messages) => {
			const page = pageOf(messages);
			const downloaded = /download .* ok/.test(textOf(messages));
			if (isPlanner(messages))
				return downloaded
					? {
							progress: 'report downloaded',
							done: true,
							answer: `Downloaded ${REPORT_CSV_FILENAME}`,
						}
					: { progress: 'not yet downloaded', done: false };
			if (/Sign in/.test(page) && /textbox "Password"/.test(page))
				return {
					thought: 'Sign in.',
					actions: [
						{
							action: 'fill',
							selector: refFor(page, 'textbox "Username"'),
							value: '{{login.username}}',
						},
						{
							action: 'fill',
							selector: refFor(page, 'textbox "Password"'),
							value: '{{login.password}}',
						},
						{ action: 'click', selector: refFor(page, 'button "Sign in"') },
					],
				};
			if (downloaded) return { done: { answer: 'done' } };
			if (/Current page: \S+\/downloads /.test(textOf(messages)))
				return {
					actions: [
						{ action: 'download', selector: refFor(page, 'button "Download Q3 report (CSV)"') },
					],
				};
			return { actions: [{ action: 'navigate', url: `${site.url}/downloads` }] };
		});
		const result = await run(
			[
				atLogin(),
				{
					name: 'Run Task',
					parameters: {
						resource: 'ai',
						operation: 'runTask',
						task: 'Sign in and download the Q3 report.',
					},
				},
			],
			model,
			true,
		);
		assert.equal(result.error, undefined, result.error?.message);
		const [item] = result.items('Run Task');
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
				['navigate', true],
				['download', true],
			],
		);
		assert.equal(
			(await getBinaryBuffer(item.binary!.download1)).toString('utf8'),
			REPORT_CSV,
			'the downloaded file is the report',
		);
		assert.equal(item.binary!.download1.fileName, REPORT_CSV_FILENAME);
		assert.match(String(item.json.url), /\/downloads$/);
		assert.ok(item.json.sessionId, 'on the execution’s session');
		// LangChain's message shape, and never a secret.
		assert.deepEqual(
			model.sent[0].map((message) => message.role),
			['system', 'user', 'user'],
		);
		for (const messages of model.sent) {
			const text = textOf(messages);
			assert.ok(!text.includes(LOGIN.password), 'no message to the model holds the password');
		}
		assert.match(JSON.stringify(item.json.steps), /\{\{login\.password\}\}/);
		assert.ok(!JSON.stringify(item.json).includes(LOGIN.password), 'nor does the output');
	});

	it('Act and Extract on the page the earlier nodes left', async () => {
		const model = new ScriptedChatModel((messages) => {
			const page = pageOf(messages);
			if (/You read data out of a web page/.test(textOf(messages)))
				return { data: { field: /textbox "Username".*: (\w+)$/m.exec(page)?.[1] ?? null } };
			return /fill .* → ok/.test(textOf(messages))
				? { done: { answer: 'typed' } }
				: {
						actions: [
							{ action: 'fill', selector: refFor(page, 'textbox "Username"'), value: 'ada' },
						],
					};
		});
		const result = await run(
			[
				atLogin(),
				{
					name: 'Act',
					parameters: { resource: 'ai', operation: 'act', instruction: 'Type ada as the user.' },
				},
				{
					name: 'Extract',
					parameters: {
						resource: 'ai',
						operation: 'extract',
						instruction: 'The user name typed in the form.',
						outputSchema: JSON.stringify({
							type: 'object',
							properties: { field: { type: 'string' } },
							required: ['field'],
						}),
					},
				},
			],
			model,
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items('Act')[0].json.answer, 'typed');
		assert.deepEqual(result.items('Extract')[0].json.data, { field: 'ada' });
	});

	it('a task that stops: fails with its code and the steps done, or returns them with ok: false', async () => {
		const scrolling = () =>
			new ScriptedChatModel((messages) =>
				isPlanner(messages)
					? { progress: 'still scrolling', done: false }
					: { actions: [{ action: 'mouseWheel', deltaY: 100 }] },
			);
		const task = (name: string, extra: Record<string, unknown>, settings = {}): Step => ({
			name,
			parameters: {
				resource: 'ai',
				operation: 'runTask',
				task: 'Scroll.',
				options: { maxSteps: 2 },
				...extra,
			},
			settings,
		});
		const returned = await run(
			[atLogin(), task('Task', { onFailure: 'returnResult' })],
			scrolling(),
		);
		assert.equal(returned.error, undefined, returned.error?.message);
		const [result] = returned.items('Task');
		assert.equal(result.json.ok, false);
		assert.equal((result.json.error as { code: string }).code, 'MAX_STEPS');
		assert.equal((result.json.steps as unknown[]).length, 2);

		const continued = await run(
			[atLogin(), task('Task', {}, { onError: 'continueRegularOutput' })],
			scrolling(),
		);
		const [error] = continued.items('Task');
		assert.equal(error.json.code, 'MAX_STEPS');
		assert.match(String(error.json.advice), /2 actions ran before it stopped/);
		assert.equal((error.json.steps as unknown[]).length, 2, 'the error item keeps the steps');

		const failed = await run([atLogin(), task('Task', {})], scrolling());
		assert.match(String(failed.error?.message), /not done after 2 steps\. \[MAX_STEPS\]/);
	});

	it('without a chat model connected, says to connect one', async () => {
		const workflow = chain([
			atLogin(),
			{ name: 'Task', parameters: { resource: 'ai', operation: 'runTask', task: 'Anything.' } },
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assert.match(String(result.error?.message), /Model sub-node must be connected/);
	});
});
