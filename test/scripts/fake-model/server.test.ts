/**
 * The fake model server on its own, over plain HTTP: both APIs, streamed and not, the turn order,
 * and what happens to a turn that throws. (test/e2e/ai-agent.test.ts uses it with a real n8n.)
 * Run: node --import tsx --test test/scripts/fake-model/server.test.ts
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	startFakeModel,
	type FakeModel,
	type ScriptTurn,
} from '../../../scripts/fake-model/server';

const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'lookup',
			description: 'Look a word up',
			parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
		},
	},
];

async function withModel(script: ScriptTurn[], use: (model: FakeModel) => Promise<void>) {
	const model = await startFakeModel(script);
	try {
		await use(model);
	} finally {
		await model.close();
	}
}

async function post(model: FakeModel, path: string, body: unknown): Promise<Response> {
	return await fetch(`${model.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
		body: JSON.stringify(body),
	});
}

/** The JSON payloads of a Server-Sent Events body, `[DONE]` as a string. */
async function events(response: Response): Promise<unknown[]> {
	const text = await response.text();
	return text
		.split('\n\n')
		.map((block) => block.split('\n').find((line) => line.startsWith('data: ')))
		.filter((line): line is string => !!line)
		.map((line) => line.slice(6))
		.map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

describe('fake model server', () => {
	it('answers Chat Completions with tool calls, then text, and shows each turn the results so far', async () => {
		await withModel(
			[
				(turn) => {
					assert.deepEqual(
						turn.tools.map((tool) => tool.name),
						['lookup'],
					);
					return { toolCalls: [{ name: 'lookup', arguments: { q: 'ref' } }] };
				},
				(turn) => ({ text: `read ${turn.toolResults.map((r) => `${r.name}=${r.output}`)}` }),
			],
			async (model) => {
				assert.match(model.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
				const first = (await (
					await post(model, '/chat/completions', {
						model: 'm',
						messages: [{ role: 'user', content: 'hi' }],
						tools: TOOLS,
					})
				).json()) as {
					choices: Array<{
						message: { tool_calls: Array<{ id: string; function: { arguments: string } }> };
						finish_reason: string;
					}>;
				};
				assert.equal(first.choices[0].finish_reason, 'tool_calls');
				const [call] = first.choices[0].message.tool_calls;
				assert.deepEqual(JSON.parse(call.function.arguments), { q: 'ref' });

				const second = (await (
					await post(model, '/chat/completions', {
						model: 'm',
						messages: [
							{ role: 'user', content: 'hi' },
							{ role: 'assistant', content: null, tool_calls: [{ ...call, type: 'function' }] },
							{ role: 'tool', tool_call_id: call.id, content: 'e12' },
						],
						tools: TOOLS,
					})
				).json()) as { choices: Array<{ message: { content: string }; finish_reason: string }> };
				assert.equal(second.choices[0].message.content, 'read lookup=e12');
				assert.equal(second.choices[0].finish_reason, 'stop');
				assert.deepEqual(
					model.requests.map((request) => request.turn?.index),
					[0, 1],
				);
				assert.deepEqual(model.errors, []);
			},
		);
	});

	it('streams Chat Completions as Server-Sent Events ending in [DONE], with usage when asked', async () => {
		await withModel(
			[() => ({ toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] })],
			async (model) => {
				const response = await post(model, '/chat/completions', {
					model: 'm',
					stream: true,
					stream_options: { include_usage: true },
					messages: [{ role: 'user', content: 'hi' }],
				});
				assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
				const chunks = await events(response);
				assert.equal(chunks.at(-1), '[DONE]');
				const json = chunks.slice(0, -1) as Array<{
					choices: Array<{
						delta: { tool_calls?: Array<{ function: { arguments: string } }> };
						finish_reason: string | null;
					}>;
					usage?: unknown;
				}>;
				const calls = json.flatMap((chunk) =>
					chunk.choices.flatMap((c) => c.delta.tool_calls ?? []),
				);
				assert.deepEqual(
					calls.map((c) => c.function.arguments),
					['{"q":"x"}'],
				);
				assert.ok(json.some((chunk) => chunk.choices[0]?.finish_reason === 'tool_calls'));
				assert.ok(json.at(-1)!.usage);
			},
		);
	});

	it('answers the Responses API, streamed or not, and reads its input items as one conversation', async () => {
		await withModel(
			[
				() => ({ toolCalls: [{ name: 'lookup', arguments: { q: 'x' } }] }),
				(turn) => {
					assert.deepEqual(
						turn.messages.map((m) => m.role),
						['system', 'user', 'assistant', 'tool'],
					);
					assert.deepEqual(turn.toolResults, [{ callId: 'c1', name: 'lookup', output: 'found' }]);
					return { text: 'done' };
				},
			],
			async (model) => {
				const first = (await (
					await post(model, '/responses', { model: 'm', input: 'hi', tools: [] })
				).json()) as { output: Array<{ type: string; name: string; arguments: string }> };
				assert.equal(first.output[0].type, 'function_call');
				assert.deepEqual(JSON.parse(first.output[0].arguments), { q: 'x' });

				const streamed = await events(
					await post(model, '/responses', {
						model: 'm',
						stream: true,
						instructions: 'be brief',
						input: [
							{ role: 'user', content: 'hi' },
							{ type: 'function_call', call_id: 'c1', name: 'lookup', arguments: '{"q":"x"}' },
							{ type: 'function_call_output', call_id: 'c1', output: 'found' },
						],
					}),
				);
				const types = (streamed as Array<{ type: string }>).map((event) => event.type);
				assert.equal(types[0], 'response.created');
				assert.equal(types.at(-1), 'response.completed');
				const completed = streamed.at(-1) as {
					response: { output: Array<{ content: Array<{ text: string }> }> };
				};
				assert.equal(completed.response.output[0].content[0].text, 'done');
				assert.deepEqual(model.errors, []);
			},
		);
	});

	it('lists its models; a turn that throws, a missing turn and an unknown path answer 4xx into errors', async () => {
		await withModel(
			[
				() => {
					throw new Error('the snapshot had no refs');
				},
			],
			async (model) => {
				const models = (await (await fetch(`${model.url}/models`)).json()) as {
					data: Array<{ id: string }>;
				};
				assert.deepEqual(
					models.data.map((m) => m.id),
					['gpt-4o-mini'],
				);
				const failed = await post(model, '/chat/completions', { model: 'm', messages: [] });
				assert.equal(failed.status, 400);
				assert.match(
					((await failed.json()) as { error: { message: string } }).error.message,
					/turn 0 failed: the snapshot had no refs/,
				);
				assert.equal((await fetch(`${model.url}/embeddings`)).status, 404);
				assert.equal(model.errors.length, 2);
			},
		);
		await withModel([], async (model) => {
			const missing = await post(model, '/chat/completions', { model: 'm', messages: [] });
			assert.equal(missing.status, 400);
			assert.match(model.errors[0], /the script has no turn 0/);
		});
	});
});
