import { BrowserAgentError, isBrowserAgentError } from '../../../lib';

/**
 * Failures of an operation that are not yet a BrowserAgentError, typed. While an operation reads
 * its parameters (before it first reaches the runner), a TypeError (`text.split is not a function`,
 * `Cannot convert object to primitive value`) means an expression gave a parameter a value of the
 * wrong kind: INVALID_INPUT. After that, a TypeError is a defect in our own code: ACTION_FAILED,
 * and the router logs its stack. n8n's "Could not get parameter" means a choice named a parameter
 * that does not exist.
 */
export function typedOperationError(error: unknown, readingParameters: boolean): unknown {
	if (isBrowserAgentError(error) || !(error instanceof Error)) return error;
	if (error instanceof TypeError) {
		if (!readingParameters) {
			return new BrowserAgentError(
				'ACTION_FAILED',
				`Browser Agent failed in its own code (${error.message}).`,
				{
					advice:
						'This is a defect in Browser Agent, not in the workflow. Please report it with the n8n log, which holds its stack trace.',
					cause: error,
				},
			);
		}
		return new BrowserAgentError(
			'INVALID_INPUT',
			`A parameter has a value of the wrong kind (${error.message}).`,
			{
				advice:
					'Check that every expression gives the kind of value its field expects: text for text fields, a number for numbers, a list for lists.',
				cause: error,
			},
		);
	}
	if (error.message === 'Could not get parameter') {
		const name = (error as { extra?: { parameterName?: unknown } }).extra?.parameterName;
		return new BrowserAgentError(
			'INVALID_INPUT',
			`There is no parameter ${typeof name === 'string' ? `"${name}" ` : ''}for this choice.`,
			{
				...(typeof name === 'string' && { field: name }),
				advice:
					'Check the options chosen by expressions: each must be one of the values the field lists.',
				cause: error,
			},
		);
	}
	return error;
}

/**
 * JSON text a parameter holds, parsed; text that is not JSON throws `invalid()` (a typed
 * INVALID_INPUT naming the field), which the router turns into a NodeOperationError for its item.
 */
export function parseJsonParameter(text: string, invalid: () => BrowserAgentError): unknown {
	let parsed: unknown;
	let valid = true;
	try {
		parsed = JSON.parse(text);
	} catch {
		valid = false;
	}
	if (!valid) throw invalid();
	return parsed;
}

/** INVALID_INPUT for an options parameter whose value (set by an expression) is none of its options. */
export function invalidChoice(
	parameter: string,
	label: string,
	allowed: string[],
): BrowserAgentError {
	return new BrowserAgentError('INVALID_INPUT', `${label} must be one of ${allowed.join(', ')}.`, {
		field: parameter,
		advice: `Choose ${label} from the list, or make its expression give one of: ${allowed.join(', ')}.`,
	});
}
