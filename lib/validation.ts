import type { z } from 'zod';
import { BrowserAgentError } from './errors';

/**
 * Validates with a zod schema and applies its defaults, or throws INVALID_INPUT naming the
 * first field at fault, so a workflow builder can find it among the node's parameters.
 */
export function parseOrThrow<Schema extends z.ZodType>(
	schema: Schema,
	raw: unknown,
	context: { action?: string; subject: string; advice?: string },
): z.output<Schema> {
	const parsed = schema.safeParse(raw ?? {});
	if (parsed.success) return parsed.data;
	const issues = parsed.error.issues;
	const field = issues[0].path.join('.') || undefined;
	const problems = issues
		.slice(0, 5)
		.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
		.join('; ');
	throw new BrowserAgentError('INVALID_INPUT', `Invalid ${context.subject}: ${problems}.`, {
		action: context.action,
		field,
		advice:
			context.advice ??
			(field ? `Correct the "${field}" parameter.` : 'Check the parameters of this operation.'),
		cause: parsed.error,
	});
}
