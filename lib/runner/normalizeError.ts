import { stripVTControlCharacters } from 'node:util';
import { errors as playwrightErrors, type Frame, type Page } from 'playwright';
import { BrowserAgentError, isBrowserAgentError } from '../errors';
import { firstLine } from './browsers';

export interface FailureContext {
	action: string;
	selector?: string;
	timeoutMs: number;
	/** Where the selector was resolved, to tell "no such element" from "element not ready". */
	scope?: Page | Frame;
	/** Set when the session ended while the action ran: the real reason it failed. */
	sessionEnd?: BrowserAgentError;
}

/**
 * Turns whatever an action threw (Playwright, Node, our own) into a BrowserAgentError that
 * says which action, which selector, what was seen, and what to try.
 */
export async function normalizeError(
	error: unknown,
	context: FailureContext,
): Promise<BrowserAgentError> {
	return withoutTerminalCodes(await classify(error, context));
}

/**
 * Playwright colours its messages and call logs when the process has a colour terminal or FORCE_COLOR
 * (n8n's often has): the escape codes would show up as garbage in n8n's error panel and in items.
 */
function withoutTerminalCodes(error: BrowserAgentError): BrowserAgentError {
	const message = stripVTControlCharacters(error.message);
	const advice = error.advice === undefined ? undefined : stripVTControlCharacters(error.advice);
	if (message === error.message && advice === error.advice) return error;
	return new BrowserAgentError(error.code, message, {
		action: error.action,
		selector: error.selector,
		field: error.field,
		advice,
		cause: error.cause,
	});
}

async function classify(error: unknown, context: FailureContext): Promise<BrowserAgentError> {
	const where = { action: context.action, selector: context.selector };
	if (context.sessionEnd) return context.sessionEnd.withContext(where);
	if (isBrowserAgentError(error)) return error.withContext(where);

	const message = stripVTControlCharacters(error instanceof Error ? error.message : String(error));
	const target = context.selector ? ` "${context.selector}"` : '';

	if (/strict mode violation/i.test(message)) {
		const count = /resolved to (\d+) elements/.exec(message)?.[1];
		return new BrowserAgentError(
			'ELEMENT_AMBIGUOUS',
			`The selector${target} matches ${count ?? 'several'} elements, so ${context.action} does not know which one to use.`,
			{
				...where,
				advice: 'Make the selector more specific, or set Index to pick one match (0 = the first).',
				cause: error,
			},
		);
	}

	if (error instanceof playwrightErrors.TimeoutError) {
		if (
			context.selector &&
			context.scope &&
			(await countMatches(context.scope, context.selector)) === 0
		) {
			return new BrowserAgentError(
				'ELEMENT_NOT_FOUND',
				`No element matches${target} (waited ${context.timeoutMs} ms).`,
				{
					...where,
					advice:
						'Check the selector against the page (a screenshot helps), or raise the timeout if the element appears late.',
					cause: error,
				},
			);
		}
		const seen = lastCallLogLine(message);
		return new BrowserAgentError(
			'TIMEOUT',
			`${context.action}${target} timed out after ${context.timeoutMs} ms${seen ? `: ${seen}` : ''}.`,
			{
				...where,
				advice: context.selector
					? 'The element exists but was not ready (hidden, disabled, covered or moving). Wait for the page state first, or raise the timeout.'
					: 'Raise the timeout, or choose a less strict wait condition.',
				cause: error,
			},
		);
	}

	if (/Download is starting/i.test(message)) {
		return new BrowserAgentError(
			'NAVIGATION_FAILED',
			`${context.action}: the address starts a file download instead of showing a page.`,
			{
				...where,
				advice: 'Use File → Download (by URL or by clicking the link) to fetch files.',
				cause: error,
			},
		);
	}

	const netError = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
	if (netError || context.action === 'navigate') {
		return new BrowserAgentError(
			'NAVIGATION_FAILED',
			`${context.action} failed: ${netError ?? firstLine(error)}.`,
			{
				...where,
				advice:
					netError?.includes('NAME_NOT_RESOLVED') || netError?.includes('CONNECTION_REFUSED')
						? 'Check the address, and that n8n can reach that server.'
						: netError === 'ERR_BLOCKED_BY_CLIENT'
							? 'The session refused the request: see Network → Block Requests, the Block Resource Types option, and the credential’s Policy (Allowed and Blocked Domains).'
							: netError === 'ERR_INVALID_AUTH_CREDENTIALS'
								? 'The site asks for HTTP authentication (its own sign-in dialog), and the session has no login for it or the site refused it: open the session with Session → Open and a Site Login credential whose “Use for HTTP Basic Auth” is on and whose Site URL is this site’s address.'
								: 'Check the URL and that the site is up.',
				cause: error,
			},
		);
	}

	if (
		/Target (page, context or browser )?(has been )?closed|Browser has been closed|browser has disconnected/i.test(
			message,
		)
	) {
		return new BrowserAgentError(
			'SESSION_CLOSED',
			`The page was closed while ${context.action} was running.`,
			{
				...where,
				advice: 'Something closed the tab or the session; open the session again.',
				cause: error,
			},
		);
	}

	return new BrowserAgentError(
		'ACTION_FAILED',
		`${context.action}${target} failed: ${firstLine(error)}`,
		{ ...where, cause: error },
	);
}

async function countMatches(scope: Page | Frame, selector: string): Promise<number> {
	try {
		return await scope.locator(selector).count();
	} catch {
		return -1;
	}
}

/** Playwright's call log ends with the last thing it saw, e.g. "element is not enabled". */
function lastCallLogLine(message: string): string | undefined {
	const log = message.split(/Call log:/i)[1];
	if (!log) return undefined;
	const lines = log
		.split('\n')
		.map((line) => line.replace(/^\s*-\s*/, '').trim())
		.filter(Boolean);
	return lines.at(-1);
}
