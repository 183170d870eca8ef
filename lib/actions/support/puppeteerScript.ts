import { z } from 'zod';
import type { Page } from 'playwright';
import { KnownDevices, PredefinedNetworkConditions, TimeoutError } from 'puppeteer-core';
import type { ActionContext } from '../action';
import { BrowserAgentError, isBrowserAgentError } from '../../errors';
import {
	attachPuppeteer,
	runInSandbox,
	type PuppeteerScriptHost,
	type ScriptModules,
} from '../../puppeteer/script';

/** The script field of both puppeteer actions: n8n-nodes-puppeteer's Run Custom Script text. */
export const scriptCodeInput = z
	.string()
	.min(1, 'the script is empty; e.g. return [{ title: await $page.title() }];')
	.max(1_000_000)
	.describe(
		'The body of an async function using $page and $browser (puppeteer), ending with `return [ … ]`: the items to output.',
	);

/** A whole script, not one step: 30 s does not fit. */
export const SCRIPT_TIMEOUT_MS = 120_000;

/** What the script may reach of puppeteer itself: its device list and helpers, never launch(). */
const PUPPETEER_NAMESPACE = Object.freeze({
	KnownDevices,
	devices: KnownDevices,
	PredefinedNetworkConditions,
	TimeoutError,
});

const NO_MODULES: ScriptModules = { builtin: [], external: [] };

/** Throws NOT_ALLOWED unless the session's policy allows builder-supplied code. */
export function assertScriptsAllowed(context: ActionContext): void {
	if (context.session.policy.allowCustomScript) return;
	throw new BrowserAgentError(
		'NOT_ALLOWED',
		'Running puppeteer scripts is not allowed by this session’s policy.',
		{
			advice:
				'Ask the owner of the Browser Agent credential to turn on Policy → Allow Custom JavaScript, or rebuild the script with Browser Agent operations.',
		},
	);
}

/**
 * Runs the script with `$page` = `page` (a tab of the session's context) as puppeteer sees it, within
 * `timeoutMs` from the start of the attachment. Resolves to the items it returned; rejects with
 * TIMEOUT, SCRIPT_FAILED, SCRIPT_RESULT_INVALID, or the abort of the action.
 */
export async function runScriptOnPage(
	context: ActionContext,
	page: Page,
	scriptCode: string,
	timeoutMs: number,
	host: Partial<PuppeteerScriptHost>,
	/**
	 * Where to put the letting go of puppeteer instead of waiting for it: a caller that still reads
	 * the tab (a failed run's picture) and closes it waits for these itself. Default: waited for here.
	 */
	releases?: Array<Promise<void>>,
): Promise<Array<Record<string, unknown>>> {
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(scriptTimeout(timeoutMs)), timeoutMs);
	});
	const aborted = new Promise<never>((_, reject) => {
		if (context.signal.aborted) reject(context.signal.reason);
		context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true });
	});
	// Both may settle after the race is decided; nobody else listens to them.
	timedOut.catch(() => undefined);
	aborted.catch(() => undefined);
	const attaching = attachPuppeteer(context.context, page, timeoutMs);
	try {
		const attachment = await Promise.race([attaching, timedOut, aborted]);
		try {
			const script = runInSandbox(
				scriptCode,
				{
					...host.variables,
					$page: attachment.page,
					$browser: attachment.browser,
					$puppeteer: PUPPETEER_NAMESPACE,
				},
				{ consoleLog: host.consoleLog, modules: host.modules ?? NO_MODULES },
			);
			// On time-out the page is let go at once, so the script's pending puppeteer calls fail.
			const returned = await Promise.race([script, timedOut, aborted]).catch((error) => {
				throw isBrowserAgentError(error) || context.signal.aborted ? error : scriptFailure(error);
			});
			return itemsOf(returned);
		} finally {
			if (releases) releases.push(attachment.release());
			else await attachment.release();
		}
	} catch (error) {
		// An attachment that came after the time-out is let go too.
		void attaching.then((late) => late.release()).catch(() => undefined);
		throw error;
	} finally {
		clearTimeout(timer);
	}
}

function scriptTimeout(timeoutMs: number): BrowserAgentError {
	return new BrowserAgentError(
		'TIMEOUT',
		`The puppeteer script did not finish within ${timeoutMs} ms.`,
		{
			advice:
				'Raise Options → Timeout, or look at what the script waits for (waitForSelector, waitForNavigation) in a Screenshot after the failure.',
		},
	);
}

function scriptFailure(error: unknown): BrowserAgentError {
	const message = error instanceof Error ? error.message : String(error);
	return new BrowserAgentError('SCRIPT_FAILED', `The puppeteer script failed: ${message}`, {
		advice:
			'Fix the script: it is the body of an async function with $page and $browser; the error is what it threw.',
		cause: error,
	});
}

/** The script's result as items: a list of objects (plain ones or n8n items with `json`). */
function itemsOf(value: unknown): Array<Record<string, unknown>> {
	const advice =
		'End the script with `return [ … ]`, a list of objects, e.g. return [{ title: await $page.title() }];';
	if (!Array.isArray(value)) {
		throw new BrowserAgentError(
			'SCRIPT_RESULT_INVALID',
			`The puppeteer script must return an array of items, but returned ${describe(value)}.`,
			{ advice },
		);
	}
	const wrong = value.findIndex(
		(item) => item === null || typeof item !== 'object' || Array.isArray(item),
	);
	if (wrong !== -1) {
		throw new BrowserAgentError(
			'SCRIPT_RESULT_INVALID',
			`The puppeteer script must return an array of objects, but item ${wrong} is ${describe(value[wrong])}.`,
			{ advice },
		);
	}
	return value as Array<Record<string, unknown>>;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing (undefined)';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
	return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
