import { errors as playwrightErrors } from 'playwright';
import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import { defineAction, elementTarget, locate, type ActionContext } from './action';

const BASE64 =
	/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * File content: bytes (a Buffer or Uint8Array) from in-process callers such as the n8n node, or
 * base64 text from JSON callers (batch steps, AI tools). Either way the action sees a Buffer. The
 * JSON Schema describes the base64 form, the one JSON can carry.
 */
export const fileBytes = z
	.unknown()
	.transform((value, context) => {
		if (value instanceof Uint8Array)
			return Buffer.isBuffer(value)
				? value
				: Buffer.from(value.buffer, value.byteOffset, value.byteLength);
		if (typeof value === 'string') {
			const text = value.replace(/\s+/g, '');
			if (BASE64.test(text)) return Buffer.from(text, 'base64');
		}
		context.addIssue({
			code: 'custom',
			message: 'expected the file content as bytes (Buffer, Uint8Array) or as base64 text',
		});
		return z.NEVER;
	})
	.meta({
		type: 'string',
		contentEncoding: 'base64',
		description:
			'The file content, base64-encoded. In-process callers may pass a Buffer or Uint8Array instead.',
	});

export const uploadFileInput = z.strictObject({
	name: z
		.string()
		.trim()
		.min(1, 'each file needs a name, e.g. invoice.pdf')
		.max(255)
		.refine((name) => !/[\\/]/.test(name), 'a file name, without folders')
		.describe('The file name the page sees, e.g. invoice.pdf.'),
	mimeType: z
		.string()
		.trim()
		.min(1)
		.max(255)
		.default('application/octet-stream')
		.describe('The file type, e.g. application/pdf.'),
	buffer: fileBytes,
});

export const uploadFile = defineAction({
	name: 'uploadFile',
	description:
		'Put one or several files into a file upload field, or into the file dialog that clicking a button opens, as if the user had chosen them.',
	// The content of uploaded documents never goes to logs or the action history.
	sensitiveFields: ['files'],
	input: {
		...elementTarget,
		files: z.array(uploadFileInput).min(1, 'give at least one file').max(100),
		uploadBy: z
			.enum(['input', 'fileChooser'])
			.default('input')
			.describe(
				'input: the selector is the file field (<input type="file">, hidden ones too). fileChooser: the selector is the button or area that opens the file dialog when clicked.',
			),
	},
	async run(context, { files, uploadBy, ...target }) {
		const payloads = files.map((file) => ({
			name: file.name,
			mimeType: file.mimeType,
			buffer: file.buffer as Buffer,
		}));
		try {
			if (uploadBy === 'fileChooser') await uploadThroughChooser(context, target, payloads);
			else await uploadIntoInput(context, target, payloads);
		} catch (error) {
			throw explain(error, uploadBy, payloads.length) ?? error;
		}
		return {
			result: {
				uploaded: payloads.length,
				files: payloads.map((file) => ({
					name: file.name,
					mimeType: file.mimeType,
					size: file.buffer.length,
				})),
			},
		};
	},
});

async function uploadIntoInput(
	context: ActionContext,
	target: { selector: string; index?: number },
	payloads: Array<{ name: string; mimeType: string; buffer: Buffer }>,
): Promise<void> {
	const element = locate(context, target);
	// Playwright accepts other inputs without complaint and nothing happens; check what the selector hit.
	const isFileInput = await element.evaluate(
		(node) => {
			const field = node instanceof HTMLLabelElement && node.control ? node.control : node;
			return field instanceof HTMLInputElement && field.type === 'file';
		},
		undefined,
		{ timeout: context.timeoutMs },
	);
	if (!isFileInput) throw notAFileInput('uploadBy');
	await element.setInputFiles(payloads, { timeout: context.timeoutMs });
}

function notAFileInput(field: string, cause?: unknown): BrowserAgentError {
	return new BrowserAgentError(
		'INVALID_INPUT',
		'The element is not a file upload field (<input type="file">).',
		{
			field,
			advice:
				'Point the selector at the <input type="file"> (hidden ones work too), or choose the file dialog mode and point it at the button that opens the dialog.',
			cause,
		},
	);
}

async function uploadThroughChooser(
	context: ActionContext,
	target: { selector: string; index?: number },
	payloads: Array<{ name: string; mimeType: string; buffer: Buffer }>,
): Promise<void> {
	const chooserOpened = context.page.waitForEvent('filechooser', { timeout: context.timeoutMs });
	// Keep a rejection of the waiter from going unhandled when the click fails first.
	chooserOpened.catch(() => undefined);
	await locate(context, target).click({ timeout: context.timeoutMs });
	const chooser = await chooserOpened.catch((error: unknown) => {
		if (!(error instanceof playwrightErrors.TimeoutError)) throw error;
		throw new BrowserAgentError(
			'TIMEOUT',
			`Clicking the element opened no file dialog within ${context.timeoutMs} ms.`,
			{
				advice:
					'Point the selector at the button that opens the file dialog; if it is the file field itself, upload into it directly (mode: input).',
				cause: error,
			},
		);
	});
	if (payloads.length > 1 && !chooser.isMultiple()) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The file dialog accepts one file, but ${payloads.length} were given.`,
			{
				field: 'files',
				advice: 'Upload one file per run (split the items), or use the page’s multiple-file field.',
			},
		);
	}
	await chooser.setFiles(payloads, { timeout: context.timeoutMs });
}

function explain(
	error: unknown,
	uploadBy: string,
	fileCount: number,
): BrowserAgentError | undefined {
	const message = error instanceof Error ? error.message : String(error);
	if (
		/Not an <input> element|Not an input\[type=file\] element|not an HTMLInputElement|not of type HTMLElement/i.test(
			message,
		)
	) {
		return notAFileInput(uploadBy === 'input' ? 'uploadBy' : 'selector', error);
	}
	if (/Non-multiple file input can only accept single file/i.test(message)) {
		return new BrowserAgentError(
			'INVALID_INPUT',
			`The upload field accepts one file, but ${fileCount} were given.`,
			{
				field: 'files',
				advice: 'Upload one file per run (split the items), or use the page’s multiple-file field.',
				cause: error,
			},
		);
	}
	return undefined;
}
