import { z } from 'zod';
import type { Page } from 'playwright';
import { defineAction, type ActionContext, type ActionFile } from './action';
import { readTitle } from './support/pageTitle';
import type { PuppeteerScriptHost } from '../puppeteer/script';
import { BrowserAgentError, isBrowserAgentError } from '../errors';
import {
	assertScriptsAllowed,
	runScriptOnPage,
	SCRIPT_TIMEOUT_MS,
	scriptCodeInput,
} from './support/puppeteerScript';

/** The most tabs one call opens at once: each is a renderer's worth of memory and CPU. */
export const MAX_PARALLEL_RUNS = 20;

/** What the host lends each run: run i gets `runs[i]` (its own $json, console…); without it, no globals. */
export interface ParallelScriptHost {
	runs?: Array<Partial<PuppeteerScriptHost>>;
}

/** One run's outcome: its items, or its error with where its tab stood and, if taken, a picture of it. */
export type ScriptRunOutcome =
	| { ok: true; items: Array<Record<string, unknown>>; durationMs: number }
	| {
			ok: false;
			error: ReturnType<BrowserAgentError['toJSON']>;
			url: string;
			title: string;
			/** The fileName of this run's failure screenshot among the action's files. */
			screenshot?: string;
			durationMs: number;
	  };

/**
 * n8n-nodes-puppeteer's Batch Size: the same script runs several times at once, each run on a new
 * tab of the session (same cookies and storage) that closes when the run ends. The session's current
 * tab is left as it was. A run that fails does not stop the others: each outcome is reported, and
 * the caller decides (the node: an error item per failed n8n item, or the node fails).
 */
export const runPuppeteerScriptInParallel = defineAction({
	name: 'runPuppeteerScriptInParallel',
	description:
		'Run a puppeteer script several times at once, each run on its own new tab of the session (closed after it), with one result or error per run. Only when the credential’s policy allows custom scripts.',
	retryable: false,
	defaultTimeoutMs: SCRIPT_TIMEOUT_MS,
	input: {
		scriptCode: scriptCodeInput,
		runs: z
			.number()
			.int()
			.min(1)
			.max(MAX_PARALLEL_RUNS)
			.describe('How many runs at once, each on its own new tab.'),
	},
	async run(context, { scriptCode, runs, timeoutMs }) {
		assertScriptsAllowed(context);
		const hosts = (context.host as ParallelScriptHost).runs;
		if (hosts && hosts.length !== runs)
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`runs is ${runs} but the host lent ${hosts.length} runs’ globals.`,
				{ field: 'runs', advice: 'Give one host entry per run.' },
			);
		const files: ActionFile[] = [];
		// Letting go of a run's puppeteer can take as long as its slowest pending call: a failed run
		// records its tab first, and all are let go together at the end.
		const releases: Array<Promise<void>> = [];
		try {
			const outcomes = await Promise.all(
				Array.from({ length: runs }, (_, index) =>
					runOnNewTab(context, index, scriptCode, timeoutMs, hosts?.[index] ?? {}, {
						files,
						releases,
					}),
				),
			);
			return { result: { runs: outcomes }, files };
		} finally {
			// Their tabs are closed, so puppeteer lets go in any case; the action waits only briefly
			// for it, never past its deadline.
			await Promise.race([
				Promise.all(releases),
				new Promise((resolve) => setTimeout(resolve, RELEASE_WAIT_MS).unref()),
			]);
		}
	},
});

async function runOnNewTab(
	context: ActionContext,
	index: number,
	scriptCode: string,
	timeoutMs: number,
	host: Partial<PuppeteerScriptHost>,
	{ files, releases }: { files: ActionFile[]; releases: Array<Promise<void>> },
): Promise<ScriptRunOutcome> {
	const started = Date.now();
	let tab: Page | undefined;
	try {
		tab = await context.context.newPage();
		const items = await runScriptOnPage(context, tab, scriptCode, timeoutMs, host, releases);
		return { ok: true, items, durationMs: Date.now() - started };
	} catch (thrown) {
		// The session ending ends every run: that is the action's failure, not one run's.
		if (context.signal.aborted) throw thrown;
		const error = isBrowserAgentError(thrown)
			? thrown
			: new BrowserAgentError(
					'ACTION_FAILED',
					`Run ${index + 1} could not start: ${String(thrown)}`,
					{
						cause: thrown,
					},
				);
		// The record must fit before the action's deadline (its time limit plus 2 s): a run that failed
		// early has time for it even on a busy machine, one that ran out of time has little.
		const recordWaitMs = Math.min(
			RECORD_WAIT_MS,
			Math.max(MIN_RECORD_WAIT_MS, (started + timeoutMs + 1_000 - Date.now()) / 2),
		);
		// A run's failure is part of the result, not an error the runner scrubs: it is scrubbed here.
		const { scrub } = context.session;
		const failure = error.toJSON();
		const outcome: ScriptRunOutcome = {
			ok: false,
			error: { ...failure, message: scrub(failure.message) },
			url: scrub(tab && !tab.isClosed() ? tab.url() : ''),
			title: scrub(tab ? await readTitle(tab, recordWaitMs) : ''),
			durationMs: Date.now() - started,
		};
		const picture = tab && (await pictureOf(tab, recordWaitMs));
		if (picture) {
			outcome.screenshot = `run-${index + 1}-failure.png`;
			files.push({
				kind: 'screenshot',
				bytes: picture,
				fileName: outcome.screenshot,
				mimeType: 'image/png',
			});
		}
		return outcome;
	} finally {
		await tab?.close().catch(() => undefined);
	}
}

/** How long the action waits for its runs' puppeteer to let go, at most. */
const RELEASE_WAIT_MS = 500;

/** How long reading a failed run's title and picture may take each, at most and at least. */
const RECORD_WAIT_MS = 3_000;
const MIN_RECORD_WAIT_MS = 400;

/** The failed run's tab as it was left, for the record; nothing if it is closed or stuck. */
async function pictureOf(tab: Page, waitMs: number): Promise<Buffer | undefined> {
	if (tab.isClosed()) return undefined;
	return tab.screenshot({ timeout: waitMs }).catch(() => undefined);
}
