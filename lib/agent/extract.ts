import { z } from 'zod';
import type { ErrorCode } from '../errors';
import type { SessionEnvironment, SessionKey, SessionPool } from '../runner/pool';
import {
	AgentStop,
	ModelConversation,
	modelOptionFields,
	parseAgentOptions,
	schemaCheck,
	type ChatModel,
} from './conversation';
import { buildExtractPrompt, pageMessage } from './prompts';

/**
 * AI → Extract: structured data read out of the page by a model, from an instruction and,
 * optionally, a JSON Schema the data must match. The model only reads: it takes no action.
 */
export const extractOptionsSchema = z.strictObject({
	instruction: z
		.string()
		.trim()
		.min(1, 'an instruction is required, e.g. "the name, price and stock of every product"'),
	outputSchema: z
		.record(z.string(), z.unknown())
		.optional()
		.describe('A JSON Schema the extracted data must match.'),
	selector: z
		.string()
		.trim()
		.min(1)
		.optional()
		.describe('Read only this element (Playwright selector or ref). Default: the whole page.'),
	...modelOptionFields({ timeoutMs: 120_000, snapshotCharacters: 40_000 }),
});

export type ExtractOptions = z.input<typeof extractOptionsSchema>;

export interface ExtractResult {
	ok: boolean;
	data?: unknown;
	error?: { code: ErrorCode; message: string; advice?: string };
	url?: string;
	title?: string;
	modelCalls: number;
	durationMs: number;
}

const extractReply = z.strictObject({ data: z.unknown() });

export async function extractWithModel(
	pool: SessionPool,
	key: SessionKey,
	model: ChatModel,
	rawOptions: ExtractOptions,
	environment: SessionEnvironment = {},
): Promise<ExtractResult> {
	const options = parseAgentOptions(extractOptionsSchema, rawOptions, 'extract');
	const started = Date.now();
	const conversation = new ModelConversation(model, { ...options, started });
	const check = schemaCheck(
		options.outputSchema ? z.fromJSONSchema(options.outputSchema) : undefined,
	);
	const page = await pageMessage(pool, key, options, environment);
	try {
		const reply = await conversation.ask(
			'extractor',
			buildExtractPrompt(options.instruction, page, options.outputSchema),
			extractReply,
			(candidate) =>
				candidate.data === undefined ? 'data: the reply has no "data"' : check(candidate.data),
		);
		return {
			ok: true,
			data: reply.data,
			url: page.url,
			title: page.title,
			modelCalls: conversation.calls,
			durationMs: Date.now() - started,
		};
	} catch (error) {
		if (!(error instanceof AgentStop)) throw error;
		const { code, message, advice } = error.failure;
		return {
			ok: false,
			error: { code, message, ...(advice && { advice }) },
			url: page.url,
			title: page.title,
			modelCalls: conversation.calls,
			durationMs: Date.now() - started,
		};
	}
}
