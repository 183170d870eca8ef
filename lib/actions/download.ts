import { mkdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
	errors as playwrightErrors,
	type APIResponse,
	type Download,
	type Response,
} from 'playwright';
import { z } from 'zod';
import { defineAction, elementTarget, locate, type ActionContext } from './action';
import { BrowserAgentError } from '../errors';
import { fileNameFromContentDisposition, mimeTypeFor, sanitizeFileName } from '../files';
import { assertUrlAllowed, restrictsHosts } from '../policy/policy';

/** Less free space than this where Chromium writes a download that failed: the disk stopped it. */
const NEARLY_FULL_BYTES = 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

export const download = defineAction({
	name: 'download',
	description:
		'Download a file, either by clicking the element that starts the download or by fetching a URL with the session’s cookies. Returns the file.',
	input: {
		selector: elementTarget.selector
			.optional()
			.describe('The element to click that starts the download.'),
		index: elementTarget.index,
		url: z
			.string()
			.trim()
			.min(1)
			.refine((value) => URL.canParse(value), 'not a valid absolute URL')
			.optional()
			.describe('Fetch this URL directly, sending the session’s cookies (instead of clicking).'),
	},
	async run(context, { selector, index, url }) {
		if (!selector === !url) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'Download needs either a selector to click or a URL, not both.',
				{
					field: selector ? 'url' : 'selector',
					advice:
						'Set "selector" to the link or button that starts the download, or "url" to the file address.',
				},
			);
		}
		const file = selector
			? await downloadByClick(context, { selector, index })
			: await downloadByUrl(context, url!);
		return {
			result: {
				fileName: file.fileName,
				mimeType: file.mimeType,
				size: file.bytes.length,
				url: file.url,
			},
			files: [
				{
					kind: 'download',
					bytes: file.bytes,
					fileName: file.fileName,
					mimeType: file.mimeType,
					path: file.path,
				},
			],
		};
	},
});

async function downloadByClick(
	context: ActionContext,
	target: { selector: string; index?: number },
) {
	const download = await clickedDownload(context, target);
	const fileName = sanitizeFileName(download.suggestedFilename());
	try {
		const path = await saveInSessionFolder(context, fileName, download.url(), (to) =>
			download.saveAs(to),
		);
		return {
			bytes: await readFile(path),
			fileName,
			mimeType: mimeTypeFor(fileName),
			path,
			url: download.url(),
		};
	} finally {
		// Chromium's copy in Playwright's temporary folder: the session folder holds the one kept.
		await download.delete().catch(() => undefined);
	}
}

/** Clicks, and waits until Chromium has the whole file the click started downloading. */
async function clickedDownload(
	context: ActionContext,
	target: { selector: string; index?: number },
): Promise<Download> {
	const started = Date.now();
	// The size the server announced, by URL: Chromium reports a failed download only as "canceled".
	const announced = new Map<string, number>();
	const onResponse = (response: Response) => {
		const length = Number(response.headers()['content-length']);
		if (Number.isSafeInteger(length) && length > 0) announced.set(response.url(), length);
	};
	context.context.on('response', onResponse);
	try {
		const downloadStarted = context.page.waitForEvent('download', { timeout: context.timeoutMs });
		// Keep a rejection of the waiter from going unhandled when the click fails first.
		downloadStarted.catch(() => undefined);
		await locate(context, target).click({ timeout: context.timeoutMs });
		const download = await downloadStarted;
		const failure = await finishedWithin(download, context.timeoutMs - (Date.now() - started));
		if (failure === undefined) throw await stoppedUnfinished(download, context.timeoutMs);
		if (failure) {
			const url = download.url();
			throw await browserDownloadFailed(context, url, failure, announced.get(url));
		}
		return download;
	} finally {
		context.context.off('response', onResponse);
	}
}

/** The download's failure (null when it succeeded), or undefined when it is still running after `ms`. */
async function finishedWithin(download: Download, ms: number): Promise<string | null | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => resolve(undefined), Math.max(ms, 0));
	});
	try {
		return await Promise.race([download.failure(), late]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * A download still running at the action's time limit is cancelled: otherwise Chromium would go on
 * fetching it in the background, and a retry with a longer limit would fetch it twice.
 */
async function stoppedUnfinished(
	download: Download,
	timeoutMs: number,
): Promise<BrowserAgentError> {
	await download.cancel().catch(() => undefined);
	await download.delete().catch(() => undefined);
	return new BrowserAgentError(
		'TIMEOUT',
		`The download from ${download.url()} did not finish within ${timeoutMs} ms; it was stopped and nothing of it was kept.`,
		{
			advice:
				'Raise the Timeout (Ms) option for a large file or a slow server; if the file never arrives, the server stalled: run the step again.',
		},
	);
}

/**
 * Chromium tells Playwright only that a download was "canceled", for a connection that closed
 * early and for a full disk alike, and removes its partial file a moment later. A file announced
 * larger than the free space where Chromium writes it, or a disk still (nearly) full when the
 * failure is reported, was stopped by the disk; any other, by the connection.
 */
async function browserDownloadFailed(
	context: ActionContext,
	url: string,
	failure: string,
	announcedBytes: number | undefined,
): Promise<BrowserAgentError> {
	if (failure !== 'canceled') {
		return new BrowserAgentError(
			'DOWNLOAD_FAILED',
			`The download from ${url} failed: ${failure}.`,
			{
				advice: 'Check that the session is still logged in and the file exists.',
			},
		);
	}
	const folder = temporaryFolder(context);
	const free = await freeBytes(folder);
	if (free !== undefined && (free < NEARLY_FULL_BYTES || (announcedBytes ?? 0) > free))
		return diskFull(url, folder, { announcedBytes, free });
	return connectionClosed(url, 'Chromium stopped it as "canceled"', folder);
}

async function downloadByUrl(context: ActionContext, url: string) {
	let response;
	try {
		response = await fetchWithinPolicy(context, url);
	} catch (error) {
		if (!closedEarly(error)) throw error;
		throw connectionClosed(url, firstLineOf(error), temporaryFolder(context), error);
	}
	try {
		return await savedResponse(context, url, response);
	} finally {
		// Playwright keeps a fetched body until told otherwise (the context's end).
		await response.dispose().catch(() => undefined);
	}
}

async function savedResponse(context: ActionContext, url: string, response: APIResponse) {
	if (!response.ok()) {
		throw new BrowserAgentError(
			'DOWNLOAD_FAILED',
			`Downloading ${url} returned HTTP ${response.status()} ${response.statusText()}.`,
			{
				advice:
					response.status() === 401 || response.status() === 403
						? 'The server refused the session: log in earlier in the workflow, in the same session.'
						: 'Check the URL.',
			},
		);
	}
	const headers = response.headers();
	const fromUrl = decodeURIComponent(new URL(response.url()).pathname.split('/').pop() ?? '');
	const fileName = sanitizeFileName(
		fileNameFromContentDisposition(headers['content-disposition']) ?? fromUrl,
	);
	const bytes = await response.body();
	context.signal.throwIfAborted();
	const path = await saveInSessionFolder(context, fileName, url, (to) => writeFile(to, bytes));
	const mimeType = headers['content-type']?.split(';')[0].trim() || mimeTypeFor(fileName);
	return { bytes, fileName, mimeType, path, url: response.url() };
}

/**
 * Playwright's request client fails a response that ends before its Content-Length with
 * "aborted" (or the socket's own error), never with a short body.
 */
function closedEarly(error: unknown): boolean {
	if (error instanceof playwrightErrors.TimeoutError || error instanceof BrowserAgentError)
		return false;
	return /\b(aborted|socket hang up|ECONNRESET|EPIPE|premature close)\b/i.test(firstLineOf(error));
}

/**
 * GETs the URL with the context's request client, which shares the session's cookies (so logged-in
 * downloads work) but is not routed through the browser, so the policy checks each redirect here.
 */
async function fetchWithinPolicy(context: ActionContext, url: string) {
	const { policy } = context.session;
	assertUrlAllowed(policy, url);
	if (!restrictsHosts(policy))
		return context.context.request.get(url, {
			timeout: context.timeoutMs,
			failOnStatusCode: false,
		});
	let current = url;
	for (let hop = 0; ; hop++) {
		// Past the action's deadline, no further hop (the caller has its TIMEOUT already).
		context.signal.throwIfAborted();
		const response = await context.context.request.get(current, {
			timeout: context.timeoutMs,
			failOnStatusCode: false,
			maxRedirects: 0,
		});
		const location = response.headers().location;
		if (!REDIRECT_STATUSES.has(response.status()) || !location) return response;
		await response.dispose();
		if (hop >= MAX_REDIRECTS) {
			throw new BrowserAgentError(
				'DOWNLOAD_FAILED',
				`Downloading ${url} was redirected more than ${MAX_REDIRECTS} times.`,
				{ advice: 'Check the URL.' },
			);
		}
		current = new URL(location, current).href;
		assertUrlAllowed(policy, current);
	}
}

/**
 * Writes the file into a folder of its own in the session's downloads folder (never over an
 * earlier download). When writing fails, that folder goes with it: nothing half-written stays.
 */
async function saveInSessionFolder(
	context: ActionContext,
	fileName: string,
	url: string,
	write: (path: string) => Promise<void>,
): Promise<string> {
	const folder = join(
		context.sessionDir,
		'downloads',
		String(Date.now()) + '-' + Math.random().toString(36).slice(2, 8),
	);
	const path = join(folder, fileName);
	try {
		await mkdir(folder, { recursive: true });
		await write(path);
		return path;
	} catch (error) {
		await rm(folder, { recursive: true, force: true });
		const code = diskErrorCode(error);
		if (!code) throw error;
		throw diskFull(url, temporaryFolder(context), { code }, error);
	}
}

/** ENOSPC or EDQUOT, from Node's fs (`code`) or inside Playwright's message (saveAs). */
function diskErrorCode(error: unknown): 'ENOSPC' | 'EDQUOT' | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOSPC' || code === 'EDQUOT') return code;
	const named = /\b(ENOSPC|EDQUOT)\b/.exec(firstLineOf(error))?.[1];
	return named === 'ENOSPC' || named === 'EDQUOT' ? named : undefined;
}

/**
 * The folder that holds the session folders and Chromium's downloads: the operating system's
 * temporary folder (TMPDIR) when the session opened.
 */
function temporaryFolder(context: ActionContext): string {
	return dirname(context.sessionDir);
}

async function freeBytes(folder: string): Promise<number | undefined> {
	try {
		const stats = await statfs(folder);
		return stats.bavail * stats.bsize;
	} catch {
		return undefined;
	}
}

function diskFull(
	url: string,
	folder: string,
	seen: { code?: 'ENOSPC' | 'EDQUOT'; announcedBytes?: number; free?: number },
	cause?: unknown,
): BrowserAgentError {
	const size =
		seen.announcedBytes === undefined ? '' : `the file is ${mebibytes(seen.announcedBytes)} and `;
	const why =
		seen.code === 'EDQUOT'
			? `the disk quota of ${folder} is used up (EDQUOT)`
			: seen.free === undefined
				? `the disk is full: no space left in ${folder} (ENOSPC)`
				: `the disk is full: ${size}${folder} has ${mebibytes(seen.free)} free`;
	return new BrowserAgentError(
		'DOWNLOAD_FAILED',
		`Downloading ${url} failed: ${why}. Nothing of the file was kept.`,
		{
			advice: `Free space in ${folder}, or set TMPDIR to a folder on a larger disk for n8n and restart it (the browser and each session keep their downloads there; a clicked download needs twice its size for a moment).`,
			cause,
		},
	);
}

function connectionClosed(
	url: string,
	seen: string,
	folder: string,
	cause?: unknown,
): BrowserAgentError {
	return new BrowserAgentError(
		'DOWNLOAD_FAILED',
		`Downloading ${url} failed: the connection closed before the file was complete (${seen}). Nothing of the file was kept.`,
		{
			advice: `Run the download again (n8n's Retry On Fail setting can do it); if it keeps failing, the server or a proxy is cutting the connection: check it, or download a smaller file. If ${folder} is nearly full, free space there.`,
			cause,
		},
	);
}

function mebibytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function firstLineOf(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
}
