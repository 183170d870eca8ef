import { BrowserAgentError, isBrowserAgentError } from '../../../lib';

/**
 * Failures of an operation that are not yet a BrowserAgentError, as the typed INVALID_INPUT they
 * are. Operations only turn parameters into runner calls, and the runner types its own failures,
 * so a TypeError here (`text.split is not a function`, `Cannot convert object to primitive value`)
 * means an expression gave a parameter a value of the wrong kind, and n8n's "Could not get
 * parameter" means a choice named a parameter that does not exist.
 */
export function typedOperationError(error: unknown): unknown {
	if (isBrowserAgentError(error) || !(error instanceof Error)) return error;
	if (error instanceof TypeError) {
		return new BrowserAgentError('INVALID_INPUT', `A parameter has a value of the wrong kind (${error.message}).`, {
			advice: 'Check that every expression gives the kind of value its field expects: text for text fields, a number for numbers, a list for lists.',
			cause: error,
		});
	}
	if (error.message === 'Could not get parameter') {
		const name = (error as { extra?: { parameterName?: unknown } }).extra?.parameterName;
		return new BrowserAgentError('INVALID_INPUT', `There is no parameter ${typeof name === 'string' ? `"${name}" ` : ''}for this choice.`, {
			...(typeof name === 'string' && { field: name }),
			advice: 'Check the options chosen by expressions: each must be one of the values the field lists.',
			cause: error,
		});
	}
	return error;
}

/** INVALID_INPUT for an options parameter whose value (set by an expression) is none of its options. */
export function invalidChoice(parameter: string, label: string, allowed: string[]): BrowserAgentError {
	return new BrowserAgentError('INVALID_INPUT', `${label} must be one of ${allowed.join(', ')}.`, {
		field: parameter,
		advice: `Choose ${label} from the list, or make its expression give one of: ${allowed.join(', ')}.`,
	});
}
