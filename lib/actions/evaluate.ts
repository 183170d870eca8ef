import { z } from 'zod';
import { defineAction } from './action';
import { BrowserAgentError } from '../errors';

/** Results larger than this (as JSON) are refused rather than carried through n8n. */
const MAX_RESULT_CHARACTERS = 5_000_000;

/**
 * Runs the flow's own JavaScript in the page. Off unless the session's policy allows custom script:
 * a script can read everything the logged-in page shows and act as the user.
 */
export const evaluate = defineAction({
	name: 'evaluate',
	description:
		'Run JavaScript in the current page (or the frame switched into) and return its result as JSON. The script is the body of an async function: use `return` for the result; `arg` holds the argument. Only when the credential’s policy allows custom JavaScript.',
	// A script may click, submit or pay: running it twice is not harmless.
	retryable: false,
	input: {
		script: z
			.string()
			.min(1, 'the script is empty; e.g. return document.title')
			.max(100_000)
			.describe(
				'The body of an async function, e.g. `return document.querySelectorAll("tr").length`. `await` works; `arg` holds the argument.',
			),
		arg: z.json().optional().describe('A JSON value the script receives as `arg`.'),
	},
	async run(context, { script, arg }) {
		if (!context.session.policy.allowCustomScript) {
			throw new BrowserAgentError(
				'NOT_ALLOWED',
				'Running custom JavaScript is not allowed by this session’s policy.',
				{
					advice:
						'Use the built-in operations (Extract, Element, Wait For…), or ask the owner of the Browser Agent credential to turn on Policy → Allow Custom JavaScript.',
				},
			);
		}
		// Sent as an expression (CDP evaluation), so the page's Content Security Policy does not refuse it the way it refuses eval().
		const expression = `(async (arg) => {\n${script}\n})(${JSON.stringify(arg ?? null)})`;
		let value: unknown;
		try {
			value = await context.scope.evaluate(expression);
		} catch (error) {
			const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
			if (
				/Target (page, context or browser )?(has been )?closed|Execution context was destroyed/i.test(
					message,
				)
			)
				throw error;
			throw new BrowserAgentError(
				'ACTION_FAILED',
				`The script failed: ${message.replace(/^(page|frame)\.evaluate: /, '')}`,
				{
					advice:
						'Fix the script (try it in the browser’s developer console first). It is the body of an async function: end it with `return …`.',
					cause: error,
				},
			);
		}
		return { result: { value: toJson(value) } };
	},
});

/** The script's result as plain JSON: undefined becomes null, Dates become ISO text, what JSON cannot carry is refused. */
function toJson(value: unknown): unknown {
	if (value === undefined) return null;
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch (error) {
		throw new BrowserAgentError(
			'ACTION_FAILED',
			`The script’s result cannot be turned into JSON: ${error instanceof Error ? error.message : String(error)}.`,
			{
				advice:
					'Return plain data (text, numbers, lists, objects), not page elements or objects that refer to themselves.',
			},
		);
	}
	if (text === undefined) return null;
	if (text.length > MAX_RESULT_CHARACTERS) {
		throw new BrowserAgentError(
			'ACTION_FAILED',
			`The script’s result is ${text.length} characters of JSON, more than ${MAX_RESULT_CHARACTERS}.`,
			{
				advice: 'Return only what the workflow needs, e.g. a few fields or the first rows.',
			},
		);
	}
	return JSON.parse(text);
}
