import type { Page } from 'playwright';
import { BrowserAgentError } from '../errors';
import type { ActionFile } from '../actions/action';
import type { ScriptRunOutcome } from '../actions/runPuppeteerScriptInParallel';

/** Codes of an action whose time ran out: waiting in vain for the page, or for an element that never came. */
export function ranOutOfTime(error: BrowserAgentError): boolean {
	return error.code === 'TIMEOUT' || error.code === 'ELEMENT_NOT_FOUND';
}

// Kept beside the error rather than on it: bytes have no place in toJSON, logs or error serializers.
const screenshots = new WeakMap<BrowserAgentError, Buffer>();

/** The picture of the page the session took when the action failed, if it took one. */
export function failureScreenshot(error: unknown): Buffer | undefined {
	return error && typeof error === 'object'
		? screenshots.get(error as BrowserAgentError)
		: undefined;
}

export function attachFailureScreenshot(error: BrowserAgentError, bytes: Buffer): void {
	screenshots.set(error, bytes);
}

const screenshotFiles = new WeakMap<BrowserAgentError, string>();

/**
 * Where the audit trail keeps the failure screenshot (an absolute path, written before the error
 * left the session); undefined when the audit trail is off or could not write it. Whoever shows the
 * error without its bytes (n8n shows no files of a failed node) can name this file instead.
 */
export function failureScreenshotFile(error: unknown): string | undefined {
	return error && typeof error === 'object'
		? screenshotFiles.get(error as BrowserAgentError)
		: undefined;
}

export function attachFailureScreenshotFile(error: BrowserAgentError, path: string): void {
	screenshotFiles.set(error, path);
}

/** Where the page stood when an action failed. */
export interface FailurePage {
	url: string;
	title: string;
}

const pages = new WeakMap<BrowserAgentError, FailurePage>();

/**
 * The page (URL and title) of the tab the action worked on when it failed, if it was still open:
 * the first thing a builder needs to tell a wrong selector from a wrong page.
 */
export function failurePage(error: unknown): FailurePage | undefined {
	return error && typeof error === 'object' ? pages.get(error as BrowserAgentError) : undefined;
}

export function attachFailurePage(error: BrowserAgentError, page: FailurePage): void {
	pages.set(error, page);
}

/** A tab that never opened anything: Playwright's first page, before any navigation. */
export const BLANK_PAGE_URL = 'about:blank';

/** A screenshot for the record, or nothing: the page may be closed, crashed or stuck in a dialog. */
export async function screenshotForTheRecord(page: Page): Promise<Buffer | undefined> {
	if (page.isClosed()) return undefined;
	return page.screenshot({ timeout: 3_000 }).catch(() => undefined);
}

/**
 * A failed run of Run Puppeteer Script in parallel as the error it was, with its tab's page and
 * picture attached as a failed action's are: whoever reports the runs one by one shows it the same way.
 */
export function failureOfRun(
	outcome: Extract<ScriptRunOutcome, { ok: false }>,
	files: readonly ActionFile[],
): BrowserAgentError {
	const { code, message, ...details } = outcome.error;
	const error = new BrowserAgentError(code, message, details);
	const picture = files.find((file) => file.fileName === outcome.screenshot);
	if (picture) attachFailureScreenshot(error, picture.bytes);
	if (outcome.url) attachFailurePage(error, { url: outcome.url, title: outcome.title });
	return error;
}
