import { z } from 'zod';
import type { ActionFile } from '../actions/action';
import { getAction, parseActionInput } from '../actions';
import { BrowserAgentError, isBrowserAgentError, type ErrorCode } from '../errors';
import type { SessionEnvironment, SessionKey, SessionPool } from '../runner/pool';
import {
	AgentStop,
	ModelConversation,
	modelOptionFields,
	parseAgentOptions,
	schemaCheck,
	type ChatModel,
} from './conversation';
import { buildNavigatorPrompt, buildPlannerPrompt, pageMessage } from './prompts';
import { TASK_ACTIONS } from './taskActions';

/**
 * Run Task: a natural-language task carried out on a session by a chat model, in the loop of seed
 * 002 (a navigator that acts on the page's snapshot, a planner that judges progress and the end).
 * Act is the same navigator for one instruction, with a budget of actions and no planner.
 */

/** Run Task's own defaults for what every AI operation shares (conversation.ts). */
const modelOptions = modelOptionFields({ timeoutMs: 300_000, snapshotCharacters: 15_000 });

type ModelOptions = {
	[Field in keyof typeof modelOptions]: z.output<(typeof modelOptions)[Field]>;
};

const maxActionsPerStep = z
	.number()
	.int()
	.min(1)
	.max(20)
	.default(5)
	.describe('Most actions the model may ask for in one turn.');

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
	maxActionsPerStep,
	planEvery: z
		.number()
		.int()
		.min(1)
		.max(50)
		.default(3)
		.describe('The planner judges progress every this many steps (and at the end).'),
	outputSchema: z
		.record(z.string(), z.unknown())
		.optional()
		.describe('A JSON Schema the final data must match.'),
	...modelOptions,
});

export const actOptionsSchema = z.strictObject({
	instruction: z
		.string()
		.trim()
		.min(1, 'an instruction is required, e.g. "accept the cookie banner"'),
	maxActions: z
		.number()
		.int()
		.min(1)
		.max(20)
		.default(3)
		.describe('Most actions the instruction may take; one more ends it with MAX_STEPS.'),
	maxFailures: z
		.number()
		.int()
		.min(1)
		.max(20)
		.default(2)
		.describe('Most failed actions in a row before the instruction gives up.'),
	...modelOptionFields({ timeoutMs: 120_000, snapshotCharacters: 15_000 }),
});

export type TaskOptions = z.input<typeof taskOptionsSchema>;
export type ActOptions = z.input<typeof actOptionsSchema>;

export interface TaskStep {
	step: number;
	/** What the model said it was doing. */
	reasoning?: string;
	action: string;
	/** The input as the model gave it (placeholders, never their values). */
	input: Record<string, unknown>;
	ok: boolean;
	/** What a reading action found (Extract Text) or a download brought, shortened. */
	result?: unknown;
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
	/** Files the task downloaded, in order. */
	files: ActionFile[];
	/** The planner's last judgement. */
	progress?: string;
	modelCalls: number;
	durationMs: number;
}

/** The longest text of a step's result kept in the history the model sees. */
const STEP_RESULT_CHARACTERS = 2_000;

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

export async function runTask(
	pool: SessionPool,
	key: SessionKey,
	model: ChatModel,
	rawOptions: TaskOptions,
	environment: SessionEnvironment = {},
): Promise<TaskResult> {
	const options = parseAgentOptions(taskOptionsSchema, rawOptions, 'runTask');
	return navigate(pool, key, model, environment, {
		...options,
		planner: { every: options.planEvery },
	});
}

/**
 * Act: one instruction ("accept the cookie banner", "open the March report") carried out by the
 * navigator with at most `maxActions` actions. It ends when the model says it is done; an action
 * past the budget ends it with MAX_STEPS.
 */
export async function act(
	pool: SessionPool,
	key: SessionKey,
	model: ChatModel,
	rawOptions: ActOptions,
	environment: SessionEnvironment = {},
): Promise<TaskResult> {
	const options = parseAgentOptions(actOptionsSchema, rawOptions, 'act');
	return navigate(pool, key, model, environment, {
		...options,
		task: options.instruction,
		// A turn that fails or only looks is not an action: leave room for those, bounded.
		maxSteps: options.maxActions + options.maxFailures + 1,
		maxActionsPerStep: options.maxActions,
		actionBudget: options.maxActions,
	});
}

interface LoopOptions extends ModelOptions {
	task: string;
	maxSteps: number;
	maxFailures: number;
	maxActionsPerStep: number;
	outputSchema?: Record<string, unknown>;
	/** Run Task: the planner judges progress every `every` steps and confirms the end. */
	planner?: { every: number };
	/** Act: the most actions that may run. */
	actionBudget?: number;
}

async function navigate(
	pool: SessionPool,
	key: SessionKey,
	model: ChatModel,
	environment: SessionEnvironment,
	options: LoopOptions,
): Promise<TaskResult> {
	const started = Date.now();
	const steps: TaskStep[] = [];
	const files: ActionFile[] = [];
	const conversation = new ModelConversation(model, { ...options, started });
	const checkData = schemaCheck(
		options.outputSchema ? z.fromJSONSchema(options.outputSchema) : undefined,
	);
	let progress: string | undefined;
	let failuresInARow = 0;
	let actionsRun = 0;

	const plan = async (navigatorAnswer?: z.output<typeof finalAnswer>) => {
		const page = await pageMessage(pool, key, options, environment);
		const reply = await conversation.ask(
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
		files,
		...(progress && { progress }),
		modelCalls: conversation.calls,
		durationMs: Date.now() - started,
	});

	const stop = (code: ErrorCode, message: string, advice: string) =>
		new AgentStop(new BrowserAgentError(code, message, { advice }));

	try {
		for (let step = 1; step <= options.maxSteps; step++) {
			conversation.checkTime();
			const page = await pageMessage(pool, key, options, environment);
			const reply = await conversation.ask(
				'navigator',
				buildNavigatorPrompt(options.task, steps, page, progress, options),
				navigatorReply,
				(candidate) => (candidate.done ? checkData(candidate.done.data) : undefined),
			);
			if (reply.done) {
				if (!options.planner) return finish(reply.done.answer, reply.done.data);
				const verdict = await plan(reply.done);
				if (verdict.done)
					return finish(verdict.answer ?? reply.done.answer, verdict.data ?? reply.done.data);
				continue;
			}
			for (const request of reply.actions.slice(0, options.maxActionsPerStep)) {
				if (options.actionBudget !== undefined && actionsRun >= options.actionBudget)
					throw stop(
						'MAX_STEPS',
						`The instruction needed more than ${options.actionBudget} actions.`,
						'Raise Max Actions, split the instruction, or use Run Task for work of many steps.',
					);
				actionsRun++;
				const outcome = await runRequested(step, reply.thought, request);
				steps.push(outcome.record);
				if (!outcome.record.ok) {
					failuresInARow++;
					if (failuresInARow >= options.maxFailures)
						throw stop(
							'MAX_FAILURES',
							`${failuresInARow} actions in a row failed; the last: ${outcome.record.error?.message}`,
							'Make the task more precise, or raise Max Failures.',
						);
					break;
				}
				failuresInARow = 0;
				// The rest of the list was planned on the old page: let the model look again.
				if (outcome.moved) break;
			}
			if (options.planner && step % options.planner.every === 0) {
				const verdict = await plan();
				if (verdict.done) return finish(verdict.answer ?? verdict.progress, verdict.data);
			}
		}
		throw stop(
			'MAX_STEPS',
			`The task was not done after ${options.maxSteps} steps.`,
			'Raise Max Steps, or split the task into smaller ones.',
		);
	} catch (error) {
		if (!(error instanceof AgentStop)) throw error;
		return {
			ok: false,
			error: {
				code: error.failure.code,
				message: error.failure.message,
				...(error.failure.advice && { advice: error.failure.advice }),
			},
			steps,
			files,
			...(progress && { progress }),
			modelCalls: conversation.calls,
			durationMs: Date.now() - started,
		};
	}

	async function runRequested(
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
				Object.fromEntries(
					Object.entries(given).map(([field, value]) => [field, conversation.reveal(value)]),
				),
			);
			const before = (await pool.status(key))?.url;
			const run = await pool.run(key, action.name, input, environment, {
				...(reasoning && { reason: reasoning }),
			});
			const downloaded = run.files.filter((file) => file.kind === 'download');
			files.push(...downloaded);
			const result = stepResult(action.name, run.result);
			return {
				record: { ...record, ok: true, ...(result !== undefined && { result }), url: run.url },
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

/** What the model needs to know of a step's result: what it read, what it downloaded. */
function stepResult(action: string, result: unknown): unknown {
	if (action === 'extractText') {
		const text = (result as { text?: unknown } | null)?.text;
		const read = typeof text === 'string' ? text : JSON.stringify(result);
		return read.length > STEP_RESULT_CHARACTERS
			? `${read.slice(0, STEP_RESULT_CHARACTERS)}… (${read.length - STEP_RESULT_CHARACTERS} more characters)`
			: read;
	}
	if (action === 'download') {
		const { fileName, size } = (result ?? {}) as { fileName?: string; size?: number };
		return { fileName, size };
	}
	return undefined;
}
