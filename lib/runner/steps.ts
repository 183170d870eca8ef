import { z } from 'zod';
import { getAction, parseActionInput } from '../actions';
import type { ActionFile } from '../actions/action';
import { BrowserAgentError, isBrowserAgentError } from '../errors';
import { parseOrThrow } from '../validation';
import { failureScreenshot } from './failure';
import type { SessionEnvironment, SessionKey, SessionPool } from './pool';

/** A batch: a list of steps, each an action name plus that action's input (seed 001 §5). */
export const stepsSchema = z
	.array(
		z.looseObject({ action: z.string().min(1, 'each step needs an "action", e.g. "click"') }),
		{
			error:
				'steps must be a JSON list, e.g. [{"action": "navigate", "url": "https://example.com"}]',
		},
	)
	.min(1, 'the list of steps is empty')
	.max(500, 'at most 500 steps per batch');

export type StepInput = z.input<typeof stepsSchema>[number];

export interface StepResult {
	index: number;
	action: string;
	ok: boolean;
	durationMs: number;
	result?: unknown;
	error?: ReturnType<BrowserAgentError['toJSON']>;
	files: ActionFile[];
	url?: string;
}

export interface StepsRun {
	ok: boolean;
	/** Index of the first failed step, when one failed. */
	failedStep?: number;
	steps: StepResult[];
	/** Steps not run because an earlier one failed. */
	skipped: number;
	durationMs: number;
}

/**
 * Validates every step against its action's schema before running any (so a typo in step 9 does
 * not leave a half-done flow), then runs them in order on the key's session.
 */
export async function runSteps(
	pool: SessionPool,
	key: SessionKey,
	rawSteps: unknown,
	options: { stopOnError?: boolean; environment?: SessionEnvironment } = {},
): Promise<StepsRun> {
	const steps = parseOrThrow(stepsSchema, parseJsonList(rawSteps), {
		action: 'runSteps',
		subject: 'steps',
	});
	const planned = steps.map(({ action: name, ...input }, index) => {
		try {
			const action = getAction(name);
			return { action, input: parseActionInput(action, input) };
		} catch (error) {
			throw stepError(error, index, name);
		}
	});

	const started = Date.now();
	const results: StepResult[] = [];
	for (const [index, { action, input }] of planned.entries()) {
		const stepStarted = Date.now();
		try {
			// A step's result has no title: spare the page the round trip.
			const run = await pool.run(key, action.name, input, options.environment, {
				pageTitle: false,
			});
			results.push({
				index,
				action: action.name,
				ok: true,
				durationMs: run.durationMs,
				result: run.result,
				files: run.files,
				url: run.url,
			});
		} catch (error) {
			const failure = isBrowserAgentError(error)
				? error
				: new BrowserAgentError('ACTION_FAILED', String(error), { action: action.name });
			// The page at the moment of failure, when the session took one, comes out like the step's other files.
			const screenshot = failureScreenshot(failure);
			const files: ActionFile[] = screenshot
				? [
						{
							kind: 'screenshot',
							bytes: screenshot,
							fileName: `step${index + 1}-failure.png`,
							mimeType: 'image/png',
						},
					]
				: [];
			results.push({
				index,
				action: action.name,
				ok: false,
				durationMs: Date.now() - stepStarted,
				error: failure.toJSON(),
				files,
			});
			if (options.stopOnError ?? true) break;
		}
	}
	const failed = results.find((step) => !step.ok);
	return {
		ok: !failed,
		...(failed && { failedStep: failed.index }),
		steps: results,
		skipped: planned.length - results.length,
		durationMs: Date.now() - started,
	};
}

/** Steps may come as a JSON string (a node parameter) or as a list already. */
function parseJsonList(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`Invalid steps: not valid JSON (${(error as Error).message}).`,
			{
				action: 'runSteps',
				field: 'steps',
				advice: 'Write the steps as a JSON list, e.g. [{"action": "click", "selector": "#ok"}].',
			},
		);
	}
}

function stepError(error: unknown, index: number, action: string): BrowserAgentError {
	if (!isBrowserAgentError(error))
		return new BrowserAgentError('INVALID_INPUT', `Step ${index + 1}: ${String(error)}`, {
			field: `steps[${index}]`,
		});
	const field =
		error.field === 'action' || !error.field
			? `steps[${index}].action`
			: `steps[${index}].${error.field}`;
	return new BrowserAgentError(error.code, `Step ${index + 1} (${action}): ${error.message}`, {
		action: 'runSteps',
		field,
		advice: error.advice,
		cause: error,
	});
}
