import { z } from 'zod';
import { getAction, parseActionInput } from '../actions';
import { BrowserAgentError, isBrowserAgentError, type ErrorCode } from '../errors';
import type { SessionEnvironment, SessionKey, SessionPool } from '../runner/pool';
import { buildNavigatorPrompt, buildPlannerPrompt, pageMessage, type ChatMessage } from './prompts';
import { TASK_ACTIONS } from './taskActions';

/**
 * Run Task: a natural-language task carried out on a session by a chat model, in the loop of seed
 * 002 (a navigator that acts on the page's snapshot, a planner that judges progress and the end).
 * The model is any function from messages to text (or parsed JSON), so this stays free of n8n and
 * of any model provider.
 */
export type ChatModel = (
	messages: ChatMessage[],
	call: { role: 'navigator' | 'planner' },
) => Promise<unknown>;

export const taskOptionsSchema = z.strictObject({
	task: z.string().trim().min(1, 'a task is required, e.g. "find the latest invoice of ACME"'),
	maxSteps: z.number().int().min(1).max(200).default(20).describe('Most navigator turns.'),
	maxFailures: z
		.number()
		.int()
		.min(1)
		.max(20)
		.default(3)
		.describe('Most failed actions in a row before the task gives up.'),
	maxActionsPerStep: z.number().int().min(1).max(20).default(5),
	planEvery: z
		.number()
		.int()
		.min(1)
		.max(50)
		.default(3)
		.describe('The planner judges progress every this many steps (and at the end).'),
	timeoutMs: z
		.number()
		.int()
		.min(1_000)
		.max(3_600_000)
		.default(300_000)
		.describe('Total time for the task.'),
	repairAttempts: z
		.number()
		.int()
		.min(0)
		.max(5)
		.default(2)
		.describe('How often a reply that is not valid JSON of the asked shape is sent back to fix.'),
	snapshotCharacters: z.number().int().min(500).max(200_000).default(15_000),
	useVision: z
		.boolean()
		.default(false)
		.describe('Send a viewport JPEG with each snapshot, for models that read images.'),
	outputSchema: z
		.record(z.string(), z.unknown())
		.optional()
		.describe('A JSON Schema the final data must match.'),
	/** Values the model sees only as `{{name}}` (e.g. a Site Login password); substituted when typing. */
	placeholders: z.record(z.string(), z.string()).default({}),
});

export type TaskOptions = z.input<typeof taskOptionsSchema>;

export interface TaskStep {
	step: number;
	/** What the model said it was doing. */
	reasoning?: string;
	action: string;
	/** The input as the model gave it (placeholders, never their values). */
	input: Record<string, unknown>;
	ok: boolean;
	error?: { code: string; message: string };
	url?: string;
}

export interface TaskResult {
	ok: boolean;
	answer?: string;
	data?: unknown;
	/** Why the task stopped without an answer. */
	error?: { code: ErrorCode; message: string; advice?: string };
	steps: TaskStep[];
	/** The planner's last judgement. */
	progress?: string;
	modelCalls: number;
	durationMs: number;
}

const actionRequest = z.looseObject({ action: z.string() });
const finalAnswer = z.strictObject({ answer: z.string(), data: z.unknown().optional() });
const navigatorReply = z.strictObject({
	thought: z.string().optional(),
	actions: z.array(actionRequest).default([]),
	done: finalAnswer.optional(),
});
const plannerReply = z.strictObject({
	progress: z.string(),
	done: z.boolean(),
	answer: z.string().optional(),
	data: z.unknown().optional(),
	nextGoal: z.string().optional(),
});

/** Ends the loop with a code of its own; the steps so far are returned with it. */
class TaskStop extends Error {
	constructor(readonly failure: BrowserAgentError) {
		super(failure.message);
	}
}

export async function runTask(
	pool: SessionPool,
	key: SessionKey,
	model: ChatModel,
	rawOptions: TaskOptions,
	environment: SessionEnvironment = {},
): Promise<TaskResult> {
	const options = parseTaskOptions(rawOptions);
	const started = Date.now();
	const steps: TaskStep[] = [];
	const outputSchema = options.outputSchema ? z.fromJSONSchema(options.outputSchema) : undefined;
	let modelCalls = 0;
	let progress: string | undefined;
	let failuresInARow = 0;
	const hidden = Object.entries(options.placeholders).filter(([, value]) => value);

	/** No secret leaves for the model: each placeholder's value is put back as `{{name}}`. */
	const conceal = (text: string) =>
		hidden.reduce((out, [name, value]) => out.split(value).join(`{{${name}}}`), text);
	const reveal = (value: unknown): unknown =>
		typeof value === 'string'
			? value.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) =>
					Object.hasOwn(options.placeholders, name) ? options.placeholders[name] : whole,
				)
			: value;

	const ask = async <Reply>(
		role: 'navigator' | 'planner',
		messages: ChatMessage[],
		shape: z.ZodType<Reply>,
		check?: (reply: Reply) => string | undefined,
	): Promise<Reply> => {
		const conversation = messages.map((message) => ({
			...message,
			content:
				typeof message.content === 'string'
					? conceal(message.content)
					: message.content.map((part) =>
							part.type === 'text' ? { ...part, text: conceal(part.text) } : part,
						),
		}));
		for (let attempt = 0; ; attempt++) {
			if (Date.now() - started > options.timeoutMs) throw stopOnTime();
			let raw: unknown;
			try {
				modelCalls++;
				raw = await model(conversation, { role });
			} catch (error) {
				throw new TaskStop(
					new BrowserAgentError(
						'MODEL_ERROR',
						`The model failed: ${error instanceof Error ? error.message : String(error)}`,
						{
							advice: 'Check the model’s connection and credentials, then run again.',
							cause: error,
						},
					),
				);
			}
			const parsed = shape.safeParse(jsonOf(raw));
			const problem = parsed.success
				? check?.(parsed.data)
				: parsed.error.issues
						.slice(0, 5)
						.map((issue) => `${issue.path.join('.') || 'reply'}: ${issue.message}`)
						.join('; ');
			if (parsed.success && !problem) return parsed.data;
			if (attempt >= options.repairAttempts) {
				throw new TaskStop(
					new BrowserAgentError(
						'MODEL_OUTPUT_INVALID',
						`The model's ${role} reply was not valid after ${attempt + 1} tries: ${problem}`,
						{
							advice: 'Use a model that follows JSON instructions well, or raise Repair Attempts.',
						},
					),
				);
			}
			conversation.push(
				{ role: 'assistant', content: typeof raw === 'string' ? raw : JSON.stringify(raw) },
				{
					role: 'user',
					content: `Your reply was not valid (${problem}). Answer again with only the JSON object described in the instructions.`,
				},
			);
		}
	};

	const checkData = (data: unknown): string | undefined => {
		if (!outputSchema) return undefined;
		const checked = outputSchema.safeParse(data);
		return checked.success
			? undefined
			: `data does not match the output schema: ${checked.error.issues
					.slice(0, 5)
					.map((issue) => `${issue.path.join('.') || 'data'} ${issue.message}`)
					.join('; ')}`;
	};

	const stopOnTime = () =>
		new TaskStop(
			new BrowserAgentError('TIMEOUT', `The task did not finish within ${options.timeoutMs} ms.`, {
				advice: 'Raise the task’s time limit, or split the task.',
			}),
		);

	const plan = async (navigatorAnswer?: z.output<typeof finalAnswer>) => {
		const page = await pageMessage(pool, key, options, environment);
		const reply = await ask(
			'planner',
			buildPlannerPrompt(options.task, steps, page, navigatorAnswer, options.outputSchema),
			plannerReply,
			(candidate) => (candidate.done ? checkData(candidate.data) : undefined),
		);
		progress = reply.progress;
		return reply;
	};

	const finish = (answer: string, data: unknown): TaskResult => ({
		ok: true,
		answer,
		...(data !== undefined && { data }),
		steps,
		...(progress && { progress }),
		modelCalls,
		durationMs: Date.now() - started,
	});

	try {
		for (let step = 1; step <= options.maxSteps; step++) {
			if (Date.now() - started > options.timeoutMs) throw stopOnTime();
			const page = await pageMessage(pool, key, options, environment);
			const reply = await ask(
				'navigator',
				buildNavigatorPrompt(options.task, steps, page, progress, options),
				navigatorReply,
				(candidate) => (candidate.done ? checkData(candidate.done.data) : undefined),
			);
			if (reply.done) {
				const verdict = await plan(reply.done);
				if (verdict.done)
					return finish(verdict.answer ?? reply.done.answer, verdict.data ?? reply.done.data);
				continue;
			}
			for (const request of reply.actions.slice(0, options.maxActionsPerStep)) {
				const outcome = await act(step, reply.thought, request);
				steps.push(outcome.record);
				if (!outcome.record.ok) {
					failuresInARow++;
					if (failuresInARow >= options.maxFailures) {
						throw new TaskStop(
							new BrowserAgentError(
								'MAX_FAILURES',
								`${failuresInARow} actions in a row failed; the last: ${outcome.record.error?.message}`,
								{ advice: 'Make the task more precise, or raise Max Failures.' },
							),
						);
					}
					break;
				}
				failuresInARow = 0;
				// The rest of the list was planned on the old page: let the model look again.
				if (outcome.moved) break;
			}
			if (step % options.planEvery === 0) {
				const verdict = await plan();
				if (verdict.done) return finish(verdict.answer ?? verdict.progress, verdict.data);
			}
		}
		throw new TaskStop(
			new BrowserAgentError('MAX_STEPS', `The task was not done after ${options.maxSteps} steps.`, {
				advice: 'Raise Max Steps, or split the task into smaller ones.',
			}),
		);
	} catch (error) {
		if (!(error instanceof TaskStop)) throw error;
		return {
			ok: false,
			error: {
				code: error.failure.code,
				message: error.failure.message,
				...(error.failure.advice && { advice: error.failure.advice }),
			},
			steps,
			...(progress && { progress }),
			modelCalls,
			durationMs: Date.now() - started,
		};
	}

	async function act(
		step: number,
		reasoning: string | undefined,
		request: z.output<typeof actionRequest>,
	): Promise<{ record: TaskStep; moved: boolean }> {
		const { action: name, ...given } = request;
		const record: TaskStep = {
			step,
			...(reasoning && { reasoning }),
			action: name,
			input: given,
			ok: false,
		};
		try {
			if (!(TASK_ACTIONS as readonly string[]).includes(name)) {
				throw new BrowserAgentError('UNKNOWN_ACTION', `"${name}" is not an action of this task.`, {
					advice: `Use one of: ${TASK_ACTIONS.join(', ')}.`,
				});
			}
			const action = getAction(name);
			const input = parseActionInput(
				action,
				Object.fromEntries(Object.entries(given).map(([field, value]) => [field, reveal(value)])),
			);
			const before = (await pool.status(key))?.url;
			const run = await pool.run(key, action.name, input, environment);
			return {
				record: { ...record, ok: true, url: run.url },
				moved: before !== undefined && before !== run.url,
			};
		} catch (error) {
			const failure = isBrowserAgentError(error)
				? error
				: new BrowserAgentError('ACTION_FAILED', String(error));
			return {
				record: { ...record, error: { code: failure.code, message: failure.message } },
				moved: false,
			};
		}
	}
}

function parseTaskOptions(raw: unknown) {
	const parsed = taskOptionsSchema.safeParse(raw);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	throw new BrowserAgentError(
		'INVALID_INPUT',
		`Invalid task option ${issue.path.join('.') || ''}: ${issue.message}`.replace(/ :/, ':'),
		{ field: issue.path.join('.') || undefined, action: 'runTask' },
	);
}

/** A reply as JSON: parsed already, or text with the object somewhere in it (code fences, prose). */
function jsonOf(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	const text = raw.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
	try {
		return JSON.parse(text);
	} catch {
		const start = text.indexOf('{');
		const end = text.lastIndexOf('}');
		if (start >= 0 && end > start) {
			try {
				return JSON.parse(text.slice(start, end + 1));
			} catch {
				/* not JSON: the schema check says so */
			}
		}
		return text;
	}
}
