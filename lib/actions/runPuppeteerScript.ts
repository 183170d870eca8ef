import { z } from 'zod';
import { KnownDevices, PredefinedNetworkConditions, TimeoutError } from 'puppeteer-core';
import { defineAction } from './action';
import { BrowserAgentError, isBrowserAgentError } from '../errors';
import {
	attachPuppeteer,
	runInSandbox,
	type PuppeteerScriptHost,
	type ScriptModules,
} from '../puppeteer/script';

/** What the script may reach of puppeteer itself: its device list and helpers, never launch(). */
const PUPPETEER_NAMESPACE = Object.freeze({
	KnownDevices,
	devices: KnownDevices,
	PredefinedNetworkConditions,
	TimeoutError,
});

const NO_MODULES: ScriptModules = { builtin: [], external: [] };

/**
 * Runs a script written for n8n-nodes-puppeteer's Run Custom Script, unchanged, on the session's
 * current tab: `$page` and `$browser` are real puppeteer objects attached to this session through
 * the runner's own connection, so nodes before and after it share its page, cookies and tabs.
 * The host lends the script's other globals, its console and the modules it may require
 * (ActionCall.host: see PuppeteerScriptHost). Off unless the policy allows custom script.
 */
export const runPuppeteerScript = defineAction({
	name: 'runPuppeteerScript',
	description:
		'Run a puppeteer script (as in n8n-nodes-puppeteer’s Run Custom Script: $page, $browser, return an array of items) on the session’s current tab. Only when the credential’s policy allows custom scripts.',
	// A script may click, submit or pay: running it twice is not harmless.
	retryable: false,
	defaultTimeoutMs: 120_000,
	input: {
		scriptCode: z
			.string()
			.min(1, 'the script is empty; e.g. return [{ title: await $page.title() }];')
			.max(1_000_000)
			.describe(
				'The body of an async function using $page and $browser (puppeteer), ending with `return [ … ]`: the items to output.',
			),
	},
	async run(context, { scriptCode, timeoutMs }) {
		const { policy } = context.session;
		if (!policy.allowCustomScript) {
			throw new BrowserAgentError(
				'NOT_ALLOWED',
				'Running puppeteer scripts is not allowed by this session’s policy.',
				{
					advice:
						'Ask the owner of the Browser Agent credential to turn on Policy → Allow Custom JavaScript, or rebuild the script with Browser Agent operations.',
				},
			);
		}
		const host = context.host as Partial<PuppeteerScriptHost>;
		const attachment = await attachPuppeteer(context.context, context.page, timeoutMs);
		let timer: NodeJS.Timeout | undefined;
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
			const timedOut = new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(scriptTimeout(timeoutMs)), timeoutMs);
			});
			const aborted = new Promise<never>((_, reject) => {
				context.signal.addEventListener('abort', () => reject(context.signal.reason), {
					once: true,
				});
			});
			// On time-out the page is let go at once, so the script's pending puppeteer calls fail.
			const returned = await Promise.race([script, timedOut, aborted]).catch((error) => {
				throw isBrowserAgentError(error) || context.signal.aborted ? error : scriptFailure(error);
			});
			return { result: { items: itemsOf(returned) } };
		} finally {
			clearTimeout(timer);
			await attachment.release();
		}
	},
});

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
