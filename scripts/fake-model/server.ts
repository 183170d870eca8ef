/**
 * A scripted, OpenAI-compatible model server for tests: a MOCK of a model provider, the one part of
 * an AI Agent workflow that cannot run on this machine. Everything around it (n8n, its AI Agent
 * and OpenAI Chat Model nodes, the OpenAI SDK they use, the Browser Agent tools, Chromium) is real.
 *
 *   const model = await startFakeModel([
 *     (turn) => ({ toolCalls: [{ name: 'Navigate', arguments: { url } }] }),
 *     (turn) => ({ text: `The page said: ${turn.toolResults.at(-1)?.output}` }),
 *   ]);
 *   // n8n's "OpenAi" credential (openAiApi): Base URL = model.url (it ends in /v1, as n8n's default does)
 *   model.requests; // every request, body included, for assertions
 *   model.errors;   // what went wrong on the server side (a turn that threw, a missing turn)
 *   await model.close();
 *
 * Endpoints (all under /v1, on 127.0.0.1 and a free port):
 * - POST /v1/chat/completions: Chat Completions, with tool calls; a JSON answer, or Server-Sent
 *   Events when the request says `stream: true` (with a usage chunk if `stream_options.include_usage`).
 * - POST /v1/responses: the Responses API (n8n's OpenAI Chat Model 1.3 uses it unless _Use Responses
 *   API_ is off), JSON or Server-Sent Events likewise.
 * - GET /v1/models: the model list n8n's editor loads for the model picker (`models` option).
 *
 * The script is a list of turns. A turn is a function of what the model is sent (the conversation
 * so far, normalised from either API: the tool results it received, the tools it is offered) and
 * returns tool calls or a final text. Turn N answers the N-th generation request (counting from 0,
 * both endpoints together). A turn that throws (an assertion about what the model received), or a
 * request past the end of the script, is answered with HTTP 400, which the OpenAI SDK does not
 * retry, and noted in `errors`; the next request gets the same turn again. The server never answers
 * with a status the SDK retries (408, 409, 429, 5xx), so no request is answered twice.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';

export type FakeModelApi = 'chat' | 'responses';

/** One message of the conversation, the same for both APIs. */
export interface ModelMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	/** Text content (text parts joined); '' when there is none. */
	content: string;
	/** assistant: the tools it called in this turn */
	toolCalls?: ModelToolCall[];
	/** tool: which call this is the result of */
	toolCallId?: string;
}

export interface ModelToolCall {
	id: string;
	name: string;
	/** The arguments as the model sent them (a JSON text). */
	arguments: string;
}

/** A tool the model is offered. */
export interface ModelTool {
	name: string;
	description: string;
	/** JSON Schema of the tool's arguments */
	parameters: Record<string, unknown>;
}

export interface ToolResult {
	callId: string;
	/** the name of the tool called with callId, from the assistant turn that called it */
	name: string;
	/** the tool's answer as the model received it (text) */
	output: string;
}

/** What a turn sees: one request to the model. */
export interface ModelTurn {
	api: FakeModelApi;
	/** which turn of the script answers: the number of generation requests answered before */
	index: number;
	model: string;
	stream: boolean;
	messages: ModelMessage[];
	tools: ModelTool[];
	/** every tool result in the conversation, in order */
	toolResults: ToolResult[];
	/** the request body as sent */
	body: Record<string, unknown>;
}

/** What a turn answers: tool calls (the arguments as an object or a JSON text), or the final text. */
export type ModelReply =
	| { toolCalls: Array<{ name: string; arguments: Record<string, unknown> | string }> }
	| { text: string };

export type ScriptTurn = (turn: ModelTurn) => ModelReply;

export interface RecordedRequest {
	method: string;
	path: string;
	/** the parsed JSON body (undefined for GET) */
	body: Record<string, unknown> | undefined;
	/** for the two generation endpoints: what the turn saw (the conversation, normalised), and what it answered */
	turn?: ModelTurn;
	reply?: ModelReply;
	status: number;
}

export interface FakeModel {
	/** Base URL for n8n's OpenAI credential ("Base URL", field `url`): http://127.0.0.1:<port>/v1 */
	url: string;
	requests: RecordedRequest[];
	/** Turns that threw or were missing, and malformed requests: a test asserts this is empty. */
	errors: string[];
	close(): Promise<void>;
}

export interface FakeModelOptions {
	/** Model ids GET /v1/models lists (default: gpt-4o-mini). */
	models?: string[];
	port?: number;
}

export async function startFakeModel(
	script: ScriptTurn[],
	options: FakeModelOptions = {},
): Promise<FakeModel> {
	const requests: RecordedRequest[] = [];
	const errors: string[] = [];
	const models = options.models ?? ['gpt-4o-mini'];
	const sockets = new Set<Socket>();
	let answered = 0;

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
			const record: RecordedRequest = {
				method: req.method ?? 'GET',
				path,
				body: undefined,
				status: 200,
			};
			requests.push(record);
			const fail = (status: number, message: string) => {
				record.status = status;
				errors.push(`${record.method} ${path}: ${message}`);
				sendJson(res, status, { error: { message, type: 'invalid_request_error', code: null } });
			};
			if (record.method === 'GET' && path === '/v1/models') {
				sendJson(res, 200, {
					object: 'list',
					data: models.map((id) => ({
						id,
						object: 'model',
						created: 1_700_000_000,
						owned_by: 'fake',
					})),
				});
				return;
			}
			const api: FakeModelApi | undefined =
				record.method === 'POST' && path === '/v1/chat/completions'
					? 'chat'
					: record.method === 'POST' && path === '/v1/responses'
						? 'responses'
						: undefined;
			if (!api) return fail(404, `the fake model does not serve ${record.method} ${path}`);
			let body: Record<string, unknown>;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
			} catch {
				return fail(400, 'the body is not JSON');
			}
			record.body = body;
			let turn: ModelTurn;
			try {
				turn = api === 'chat' ? chatTurn(body, answered) : responsesTurn(body, answered);
			} catch (error) {
				return fail(400, `cannot read the request: ${messageOf(error)}`);
			}
			record.turn = turn;
			const step = script[turn.index];
			if (!step) return fail(400, `the script has no turn ${turn.index} (it has ${script.length})`);
			let reply: ModelReply;
			try {
				reply = step(turn);
			} catch (error) {
				return fail(400, `turn ${turn.index} failed: ${messageOf(error)}`);
			}
			record.reply = reply;
			answered++;
			const calls =
				'toolCalls' in reply
					? reply.toolCalls.map((call) => ({
							id: `call_${randomBytes(8).toString('hex')}`,
							name: call.name,
							arguments:
								typeof call.arguments === 'string'
									? call.arguments
									: JSON.stringify(call.arguments),
						}))
					: [];
			const text = 'text' in reply ? reply.text : '';
			if (api === 'chat') answerChat(res, turn, calls, text);
			else answerResponses(res, turn, calls, text);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as { port: number };
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		errors,
		close() {
			closing ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
			return closing;
		},
	};
}

// ---------------------------------------------------------------------------
// Requests → one conversation

/** Text of a message content: a string, or a list of parts with `text` (other parts are skipped). */
function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) =>
				typeof part === 'string'
					? part
					: typeof (part as { text?: unknown })?.text === 'string'
						? (part as { text: string }).text
						: '',
			)
			.join('');
	}
	return content == null ? '' : JSON.stringify(content);
}

function finishTurn(
	api: FakeModelApi,
	index: number,
	body: Record<string, unknown>,
	messages: ModelMessage[],
	tools: ModelTool[],
): ModelTurn {
	const names = new Map<string, string>();
	for (const message of messages)
		for (const call of message.toolCalls ?? []) names.set(call.id, call.name);
	const toolResults = messages
		.filter((message) => message.role === 'tool')
		.map((message) => ({
			callId: message.toolCallId ?? '',
			name: names.get(message.toolCallId ?? '') ?? '',
			output: message.content,
		}));
	return {
		api,
		index,
		model: String(body.model ?? ''),
		stream: body.stream === true,
		messages,
		tools,
		toolResults,
		body,
	};
}

function chatTurn(body: Record<string, unknown>, index: number): ModelTurn {
	if (!Array.isArray(body.messages)) throw new Error('no "messages" list');
	const messages = (body.messages as Array<Record<string, unknown>>).map((message) => {
		const role = message.role === 'developer' ? 'system' : (message.role as ModelMessage['role']);
		const result: ModelMessage = { role, content: textOf(message.content) };
		if (Array.isArray(message.tool_calls)) {
			result.toolCalls = (message.tool_calls as Array<Record<string, unknown>>).map((call) => {
				const fn = (call.function ?? {}) as { name?: string; arguments?: string };
				return { id: String(call.id), name: String(fn.name), arguments: String(fn.arguments) };
			});
		}
		if (typeof message.tool_call_id === 'string') result.toolCallId = message.tool_call_id;
		return result;
	});
	const tools = ((body.tools ?? []) as Array<Record<string, unknown>>).map((tool) => {
		const fn = (tool.function ?? {}) as Record<string, unknown>;
		return {
			name: String(fn.name),
			description: String(fn.description ?? ''),
			parameters: (fn.parameters ?? {}) as Record<string, unknown>,
		};
	});
	return finishTurn('chat', index, body, messages, tools);
}

function responsesTurn(body: Record<string, unknown>, index: number): ModelTurn {
	const input: Array<Record<string, unknown>> =
		typeof body.input === 'string'
			? [{ role: 'user', content: body.input }]
			: ((body.input ?? []) as Array<Record<string, unknown>>);
	const messages: ModelMessage[] = [];
	if (typeof body.instructions === 'string' && body.instructions)
		messages.push({ role: 'system', content: body.instructions });
	for (const item of input) {
		if (item.type === 'function_call') {
			const call = {
				id: String(item.call_id),
				name: String(item.name),
				arguments: String(item.arguments),
			};
			// A call belongs to the assistant message just before it (its text, or the calls before it).
			const last = messages[messages.length - 1];
			if (last?.role === 'assistant') (last.toolCalls ??= []).push(call);
			else messages.push({ role: 'assistant', content: '', toolCalls: [call] });
		} else if (item.type === 'function_call_output') {
			messages.push({
				role: 'tool',
				content: textOf(item.output),
				toolCallId: String(item.call_id),
			});
		} else if (item.type === undefined || item.type === 'message') {
			const role = item.role === 'developer' ? 'system' : (item.role as ModelMessage['role']);
			messages.push({ role, content: textOf(item.content) });
		}
		// Other items (reasoning, built-in tool calls) do not occur in these tests.
	}
	const tools = ((body.tools ?? []) as Array<Record<string, unknown>>)
		.filter((tool) => tool.type === 'function')
		.map((tool) => ({
			name: String(tool.name),
			description: String(tool.description ?? ''),
			parameters: (tool.parameters ?? {}) as Record<string, unknown>,
		}));
	return finishTurn('responses', index, body, messages, tools);
}

// ---------------------------------------------------------------------------
// Answers

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function answerChat(
	res: http.ServerResponse,
	turn: ModelTurn,
	calls: ModelToolCall[],
	text: string,
): void {
	const id = `chatcmpl-${randomBytes(8).toString('hex')}`;
	const created = Math.floor(Date.now() / 1000);
	const finishReason = calls.length ? 'tool_calls' : 'stop';
	const toolCalls = calls.map((call) => ({
		id: call.id,
		type: 'function',
		function: { name: call.name, arguments: call.arguments },
	}));
	if (!turn.stream) {
		sendJson(res, 200, {
			id,
			object: 'chat.completion',
			created,
			model: turn.model,
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: calls.length ? null : text,
						...(calls.length && { tool_calls: toolCalls }),
					},
					logprobs: null,
					finish_reason: finishReason,
				},
			],
			usage: USAGE,
		});
		return;
	}
	const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model: turn.model,
		choices,
		...extra,
	});
	const events: unknown[] = [
		chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
	];
	if (text) events.push(chunk([{ index: 0, delta: { content: text }, finish_reason: null }]));
	calls.forEach((call, index) =>
		events.push(
			chunk([
				{
					index: 0,
					delta: {
						tool_calls: [
							{
								index,
								id: call.id,
								type: 'function',
								function: { name: call.name, arguments: call.arguments },
							},
						],
					},
					finish_reason: null,
				},
			]),
		),
	);
	events.push(chunk([{ index: 0, delta: {}, finish_reason: finishReason }]));
	const streamOptions = turn.body.stream_options as { include_usage?: boolean } | undefined;
	if (streamOptions?.include_usage) events.push(chunk([], { usage: USAGE }));
	sendEvents(
		res,
		events.map((data) => ({ data })),
	);
}

function answerResponses(
	res: http.ServerResponse,
	turn: ModelTurn,
	calls: ModelToolCall[],
	text: string,
): void {
	const output = calls.length
		? calls.map((call) => ({
				type: 'function_call' as const,
				id: `fc_${randomBytes(8).toString('hex')}`,
				call_id: call.id,
				name: call.name,
				arguments: call.arguments,
				status: 'completed',
			}))
		: [
				{
					type: 'message' as const,
					id: `msg_${randomBytes(8).toString('hex')}`,
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text, annotations: [] }],
				},
			];
	const response = {
		id: `resp_${randomBytes(8).toString('hex')}`,
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		error: null,
		incomplete_details: null,
		instructions: null,
		model: turn.model,
		output,
		parallel_tool_calls: true,
		tool_choice: 'auto',
		tools: turn.body.tools ?? [],
		metadata: {},
		usage: {
			input_tokens: USAGE.prompt_tokens,
			input_tokens_details: { cached_tokens: 0 },
			output_tokens: USAGE.completion_tokens,
			output_tokens_details: { reasoning_tokens: 0 },
			total_tokens: USAGE.total_tokens,
		},
	};
	if (!turn.stream) {
		sendJson(res, 200, response);
		return;
	}
	let sequence = 0;
	const event = (type: string, data: Record<string, unknown>) => ({
		event: type,
		data: { type, sequence_number: sequence++, ...data },
	});
	const events = [
		event('response.created', {
			response: { ...response, status: 'in_progress', output: [], usage: null },
		}),
	];
	output.forEach((item, outputIndex) => {
		if (item.type === 'function_call') {
			events.push(
				event('response.output_item.added', {
					output_index: outputIndex,
					item: { ...item, arguments: '', status: 'in_progress' },
				}),
				event('response.function_call_arguments.delta', {
					output_index: outputIndex,
					item_id: item.id,
					delta: item.arguments,
				}),
				event('response.function_call_arguments.done', {
					output_index: outputIndex,
					item_id: item.id,
					arguments: item.arguments,
				}),
			);
		} else {
			events.push(
				event('response.output_item.added', {
					output_index: outputIndex,
					item: { ...item, content: [], status: 'in_progress' },
				}),
				event('response.content_part.added', {
					output_index: outputIndex,
					item_id: item.id,
					content_index: 0,
					part: { type: 'output_text', text: '', annotations: [] },
				}),
				event('response.output_text.delta', {
					output_index: outputIndex,
					item_id: item.id,
					content_index: 0,
					delta: text,
				}),
				event('response.output_text.done', {
					output_index: outputIndex,
					item_id: item.id,
					content_index: 0,
					text,
				}),
				event('response.content_part.done', {
					output_index: outputIndex,
					item_id: item.id,
					content_index: 0,
					part: { type: 'output_text', text, annotations: [] },
				}),
			);
		}
		events.push(event('response.output_item.done', { output_index: outputIndex, item }));
	});
	events.push(event('response.completed', { response }));
	sendEvents(res, events, false);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** Server-Sent Events; Chat Completions ends with `data: [DONE]`, the Responses API does not. */
function sendEvents(
	res: http.ServerResponse,
	events: Array<{ event?: string; data: unknown }>,
	done = true,
): void {
	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
	});
	for (const { event, data } of events)
		res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
	if (done) res.write('data: [DONE]\n\n');
	res.end();
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
