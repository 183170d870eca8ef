import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineAction, elementTarget, locate, type ActionContext } from './action';
import { BrowserAgentError } from '../errors';
import { fileNameFromContentDisposition, mimeTypeFor, sanitizeFileName } from '../files';
import { assertUrlAllowed, restrictsHosts } from '../policy/policy';

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
	const downloadStarted = context.page.waitForEvent('download', { timeout: context.timeoutMs });
	// Keep a rejection of the waiter from going unhandled when the click fails first.
	downloadStarted.catch(() => undefined);
	await locate(context, target).click({ timeout: context.timeoutMs });
	const started = await downloadStarted;
	const failure = await started.failure();
	if (failure) {
		throw new BrowserAgentError(
			'DOWNLOAD_FAILED',
			`The download from ${started.url()} failed: ${failure}.`,
			{
				advice: 'Check that the session is still logged in and the file exists.',
			},
		);
	}
	const fileName = sanitizeFileName(started.suggestedFilename());
	const path = await uniquePath(context.sessionDir, fileName);
	await started.saveAs(path);
	return {
		bytes: await readFile(path),
		fileName,
		mimeType: mimeTypeFor(fileName),
		path,
		url: started.url(),
	};
}

async function downloadByUrl(context: ActionContext, url: string) {
	const response = await fetchWithinPolicy(context, url);
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
	const path = await uniquePath(context.sessionDir, fileName);
	await writeFile(path, bytes);
	const mimeType = headers['content-type']?.split(';')[0].trim() || mimeTypeFor(fileName);
	return { bytes, fileName, mimeType, path, url: response.url() };
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

/** A path in the session's downloads folder that does not overwrite an earlier download. */
async function uniquePath(sessionDir: string, fileName: string): Promise<string> {
	const folder = join(
		sessionDir,
		'downloads',
		String(Date.now()) + '-' + Math.random().toString(36).slice(2, 8),
	);
	await mkdir(folder, { recursive: true });
	return join(folder, fileName);
}
