import { defineAction } from './action';
import type { PuppeteerScriptHost } from '../puppeteer/script';
import {
	assertScriptsAllowed,
	runScriptOnPage,
	SCRIPT_TIMEOUT_MS,
	scriptCodeInput,
} from './support/puppeteerScript';

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
	defaultTimeoutMs: SCRIPT_TIMEOUT_MS,
	input: { scriptCode: scriptCodeInput },
	async run(context, { scriptCode, timeoutMs }) {
		assertScriptsAllowed(context);
		const host = context.host as Partial<PuppeteerScriptHost>;
		const items = await runScriptOnPage(context, context.page, scriptCode, timeoutMs, host);
		return { result: { items } };
	},
});
