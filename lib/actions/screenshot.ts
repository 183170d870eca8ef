import { z } from 'zod';
import { defineAction, locate } from './action';
import { timestampForFileName } from '../files';

export const screenshot = defineAction({
	name: 'screenshot',
	description: 'Take a screenshot of the visible viewport, the whole page, or one element, as PNG or JPEG.',
	retryable: true,
	input: {
		fullPage: z.boolean().default(false).describe('Capture the whole scrollable page, not only the visible part.'),
		selector: z
			.string()
			.trim()
			.min(1)
			.optional()
			.describe('Capture only this element (Playwright selector). Leave empty for the page.'),
		index: z.number().int().min(0).optional(),
		format: z.enum(['png', 'jpeg']).default('png'),
		quality: z.number().int().min(0).max(100).optional().describe('JPEG quality, 0-100 (JPEG only).'),
		fileName: z.string().trim().min(1).max(200).optional().describe('File name to give the image.'),
	},
	async run(context, { fullPage, selector, index, format, quality, fileName }) {
		const options = {
			type: format,
			quality: format === 'jpeg' ? (quality ?? 80) : undefined,
			timeout: context.timeoutMs,
		};
		const bytes = selector
			? await locate(context, { selector, index }).screenshot(options)
			: await context.page.screenshot({ ...options, fullPage });
		const extension = format === 'jpeg' ? 'jpg' : 'png';
		const name = fileName ?? `screenshot-${timestampForFileName()}.${extension}`;
		return {
			result: { fileName: name, mimeType: `image/${format}`, size: bytes.length },
			files: [{ kind: 'screenshot', bytes, fileName: name, mimeType: `image/${format}` }],
		};
	},
});
