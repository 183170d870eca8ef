import { z } from 'zod';

/** How a session's browser context is set up, and how long it may live. */
export const sessionOptionsSchema = z.strictObject({
	viewport: z
		.strictObject({ width: z.number().int().min(100).max(8_000), height: z.number().int().min(100).max(8_000) })
		.default({ width: 1280, height: 800 }),
	userAgent: z.string().trim().min(1).max(1_000).optional(),
	locale: z.string().trim().min(2).max(35).optional().describe('e.g. en-US, de-DE, zh-CN'),
	timezoneId: z.string().trim().min(1).max(64).optional().describe('IANA time zone, e.g. Europe/Berlin'),
	headless: z.boolean().optional().describe('Run without a visible window (needed on servers). Default: as the browser connection says (headless).'),
	extraHTTPHeaders: z.record(z.string(), z.string()).optional(),
	idleTimeoutMs: z
		.number()
		.int()
		.min(100)
		.max(24 * 3_600_000)
		.default(5 * 60_000)
		.describe('Close the session after this long without an action.'),
	totalTimeoutMs: z
		.number()
		.int()
		.min(100)
		.max(7 * 24 * 3_600_000)
		.default(30 * 60_000)
		.describe('Close the session this long after it opened, whatever it is doing.'),
});

export type SessionOptions = z.output<typeof sessionOptionsSchema>;
export type SessionOptionsInput = z.input<typeof sessionOptionsSchema>;
