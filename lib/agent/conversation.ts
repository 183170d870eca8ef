import { z } from 'zod';
import { BrowserAgentError } from '../errors';
import type { ChatMessage } from './prompts';

/**
 * The model of an AI operation: any function from messages to text (or parsed JSON), so lib/agent
 * stays free of n8n and of any model provider. `call.role` says which part of the loop asks;
 * `call.signal` aborts when the operation's time is up (pass it on to cancel the request).
 */
export type ChatModel = (
	messages: ChatMessage[],
	call: { role: ModelRole; signal?: AbortSignal },
) => Promise<unknown>;

export type ModelRole = 'navigator' | 'planner' | 'extractor';

/**
 * The options every AI operation has (how much of the page the model sees, how its replies are
 * checked, how long it may take, which secrets it sees as placeholders), with the operation's own
 * defaults for time and snapshot size.
 */
export function modelOptionFields(defaults: { timeoutMs: number; snapshotCharacters: number }) {
	return {
		timeoutMs: z
			.number()
			.int()
			.min(1_000)
			.max(3_600_000)
			.default(defaults.timeoutMs)
			.describe(
				'Total time for the operation, model calls and browser actions together (milliseconds).',
			),
		repairAttempts: z
			.number()
			.int()
			.min(0)
			.max(5)
			.default(2)
			.describe('How often a reply that is not valid JSON of the asked shape is sent back to fix.'),
		snapshotCharacters: z
			.number()
			.int()
			.min(500)
			.max(200_000)
			.default(defaults.snapshotCharacters)
			.describe('The most characters of the page snapshot the model sees per turn.'),
		useVision: z
			.boolean()
			.default(false)
			.describe('Send a viewport JPEG with each snapshot, for models that read images.'),
		/** Values the model sees only as `{{name}}` (e.g. a Site Login password); substituted when typing. */
		placeholders: z.record(z.string(), z.string()).default({}),
	};
}

/** Ends an AI operation with a code of its own; what was done so far is returned with it. */
export class AgentStop extends Error {
	constructor(readonly failure: BrowserAgentError) {
		super(failure.message);
	}
}

/**
 * Talks to the model for one AI operation: hides secrets behind their placeholders on the way out,
 * puts them back in what the model asks to type, checks every reply against its zod shape and sends
 * a wrong one back to be fixed, and keeps the operation's time limit.
 */
export class ModelConversation {
	calls = 0;
	private readonly hidden: Array<[string, string]>;

	constructor(
		private readonly model: ChatModel,
		private readonly options: {
			placeholders: Record<string, string>;
			repairAttempts: number;
			timeoutMs: number;
			started: number;
		},
	) {
		this.hidden = Object.entries(options.placeholders).filter(([, value]) => value);
	}

	/** No secret leaves for the model: each placeholder's value is put back as `{{name}}`. */
	conceal(text: string): string {
		return this.hidden.reduce((out, [name, value]) => out.split(value).join(`{{${name}}}`), text);
	}

	/** A value the model gave, with `{{name}}` placeholders replaced by what they stand for. */
	reveal(value: unknown): unknown {
		const { placeholders } = this.options;
		return typeof value === 'string'
			? value.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) =>
					Object.hasOwn(placeholders, name) ? placeholders[name] : whole,
				)
			: value;
	}

	/** Throws the operation's TIMEOUT stop when its time is up. */
	checkTime(): void {
		if (this.timeLeft() <= 0) throw this.timeUp();
	}

	private timeLeft(): number {
		return this.options.started + this.options.timeoutMs - Date.now();
	}

	private timeUp(): AgentStop {
		return new AgentStop(
			new BrowserAgentError(
				'TIMEOUT',
				`The model did not finish within ${this.options.timeoutMs} ms.`,
				{ advice: 'Raise the time limit, or split the work into smaller instructions.' },
			),
		);
	}

	/** One model call, given up (and its request aborted) when the operation's time is up. */
	private async call(messages: ChatMessage[], role: ModelRole): Promise<unknown> {
		const stop = new AbortController();
		const timeUp = new Promise<never>((_, reject) => {
			stop.signal.addEventListener('abort', () => reject(this.timeUp()), { once: true });
		});
		const timer = setTimeout(() => stop.abort(), this.timeLeft());
		try {
			return await Promise.race([this.model(messages, { role, signal: stop.signal }), timeUp]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** One reply of the given shape, after as many repair turns as allowed; a `check` adds a rule zod cannot say. */
	async ask<Reply>(
		role: ModelRole,
		messages: ChatMessage[],
		shape: z.ZodType<Reply>,
		check?: (reply: Reply) => string | undefined,
	): Promise<Reply> {
		const conversation = messages.map((message) => ({
			...message,
			content:
				typeof message.content === 'string'
					? this.conceal(message.content)
					: message.content.map((part) =>
							part.type === 'text' ? { ...part, text: this.conceal(part.text) } : part,
						),
		}));
		for (let attempt = 0; ; attempt++) {
			this.checkTime();
			let raw: unknown;
			try {
				this.calls++;
				raw = await this.call(conversation, role);
			} catch (error) {
				if (error instanceof AgentStop) throw error;
				throw new AgentStop(
					new BrowserAgentError(
						'MODEL_ERROR',
						`The model failed: ${error instanceof Error ? error.message : String(error)}`,
						{
							advice: 'Check the model’s connection and credentials, then run again.',
							cause: error,
						},
					),
				);
			}
			const parsed = shape.safeParse(jsonOf(raw));
			const problem = parsed.success
				? check?.(parsed.data)
				: parsed.error.issues
						.slice(0, 5)
						.map((issue) => `${issue.path.join('.') || 'reply'}: ${issue.message}`)
						.join('; ');
			if (parsed.success && !problem) return parsed.data;
			if (attempt >= this.options.repairAttempts) {
				throw new AgentStop(
					new BrowserAgentError(
						'MODEL_OUTPUT_INVALID',
						`The model's ${role} reply was not valid after ${attempt + 1} tries: ${problem}`,
						{
							advice: 'Use a model that follows JSON instructions well, or raise Repair Attempts.',
						},
					),
				);
			}
			conversation.push(
				{ role: 'assistant', content: typeof raw === 'string' ? raw : JSON.stringify(raw) },
				{
					role: 'user',
					content: `Your reply was not valid (${problem}). Answer again with only the JSON object described in the instructions.`,
				},
			);
		}
	}
}

/** Checks data against the user's JSON Schema; the problem in words, or undefined when it matches. */
export function schemaCheck(schema: z.ZodType | undefined): (data: unknown) => string | undefined {
	return (data) => {
		if (!schema) return undefined;
		const checked = schema.safeParse(data);
		return checked.success
			? undefined
			: `data does not match the output schema: ${checked.error.issues
					.slice(0, 5)
					.map((issue) => `${issue.path.join('.') || 'data'} ${issue.message}`)
					.join('; ')}`;
	};
}

/** A reply as JSON: parsed already, or text with the object somewhere in it (code fences, prose). */
export function jsonOf(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	const text = raw.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
	try {
		return JSON.parse(text);
	} catch {
		const start = text.indexOf('{');
		const end = text.lastIndexOf('}');
		if (start >= 0 && end > start) {
			try {
				return JSON.parse(text.slice(start, end + 1));
			} catch {
				/* not JSON: the schema check says so */
			}
		}
		return text;
	}
}

/** Options of an AI operation, checked by its schema; a wrong one is INVALID_INPUT naming the field. */
export function parseAgentOptions<Schema extends z.ZodType>(
	schema: Schema,
	raw: unknown,
	action: string,
): z.output<Schema> {
	const parsed = schema.safeParse(raw);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	const field = issue.path.join('.');
	throw new BrowserAgentError(
		'INVALID_INPUT',
		`Invalid ${action} option ${field}: ${issue.message}`.replace(/ :/, ':'),
		{ field: field || undefined, action },
	);
}
