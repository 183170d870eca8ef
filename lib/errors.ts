/**
 * The one error model of Browser Agent. Every failure that leaves the runner is a
 * BrowserAgentError with a stable `code` (saved workflows and IF nodes may branch on it),
 * a message a workflow builder understands, and `advice` saying what to try next.
 */

export const ERROR_CODES = [
	'INVALID_INPUT',
	'UNKNOWN_ACTION',
	'TIMEOUT',
	'ELEMENT_NOT_FOUND',
	'ELEMENT_AMBIGUOUS',
	// A ref (ref=e12) from an older snapshot, or whose element is gone: take a new snapshot.
	'STALE_REF',
	'NAVIGATION_FAILED',
	'DOWNLOAD_FAILED',
	'ACTION_FAILED',
	'SESSION_CLOSED',
	'SESSION_TIMEOUT',
	// The execution used a session that this process does not hold: it resumed after a wait in another
	// process (a queue-mode worker, or n8n restarted).
	'SESSION_LOST',
	'BROWSER_CRASHED',
	'BROWSER_NOT_FOUND',
	'BROWSER_CONNECT_FAILED',
	// The credential's policy (lib/runner/policy): a host, a URL scheme or a feature it forbids, a limit reached.
	'DOMAIN_NOT_ALLOWED',
	'NOT_ALLOWED',
	'QUOTA_EXCEEDED',
	// The session limits counted across workers could not be checked: their Redis did not answer.
	'QUOTA_UNAVAILABLE',
	// AI → Run Task (lib/agent): the limits that end a task, and the model failing or answering nonsense.
	'MAX_STEPS',
	'MAX_FAILURES',
	'MODEL_OUTPUT_INVALID',
	'MODEL_ERROR',
	// Script → Run Puppeteer Script: the script threw, or returned something other than a list of items.
	'SCRIPT_FAILED',
	'SCRIPT_RESULT_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface BrowserAgentErrorDetails {
	/** The action that failed, e.g. `click`. */
	action?: string;
	/** The selector the action was working on, when there is one. */
	selector?: string;
	/** The input field at fault, for INVALID_INPUT (dotted path, e.g. `waitUntil`). */
	field?: string;
	/** What to try next, in a workflow builder's words. */
	advice?: string;
	/** The underlying error (Playwright's, zod's, the OS's…). */
	cause?: unknown;
}

export class BrowserAgentError extends Error {
	override readonly name = 'BrowserAgentError';
	readonly code: ErrorCode;
	readonly action?: string;
	readonly selector?: string;
	readonly field?: string;
	readonly advice?: string;

	constructor(code: ErrorCode, message: string, details: BrowserAgentErrorDetails = {}) {
		super(message, details.cause === undefined ? undefined : { cause: details.cause });
		this.code = code;
		this.action = details.action;
		this.selector = details.selector;
		this.field = details.field;
		this.advice = details.advice;
	}

	/** Plain data for node output items, audit lines and AI tools. */
	toJSON() {
		return {
			code: this.code,
			message: this.message,
			...(this.action && { action: this.action }),
			...(this.selector && { selector: this.selector }),
			...(this.field && { field: this.field }),
			...(this.advice && { advice: this.advice }),
		};
	}

	/** Returns a copy with missing context (action, selector) filled in. */
	withContext(details: Pick<BrowserAgentErrorDetails, 'action' | 'selector'>): BrowserAgentError {
		if ((this.action || !details.action) && (this.selector || !details.selector)) return this;
		return new BrowserAgentError(this.code, this.message, {
			action: this.action ?? details.action,
			selector: this.selector ?? details.selector,
			field: this.field,
			advice: this.advice,
			cause: this.cause,
		});
	}
}

export function isBrowserAgentError(error: unknown): error is BrowserAgentError {
	return error instanceof BrowserAgentError;
}
