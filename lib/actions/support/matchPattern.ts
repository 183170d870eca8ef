import { z } from 'zod';

/**
 * Text patterns for URLs and titles (tabs, frames, network rules), one syntax everywhere:
 * `/…/flags` is a regular expression; text with `*` is a wildcard pattern for the whole value
 * (`*` = any text); other text matches anywhere in the value. Wildcards and plain text ignore case.
 */
export const PATTERN_SYNTAX =
	'* stands for any text and the pattern must match the whole value (e.g. *://shop.example.com/api/*); /…/ is a regular expression (e.g. /orders\\/\\d+/); other text matches anywhere in the value. Case is ignored except in regular expressions.';

const REGEX_LITERAL = /^\/(.+)\/([dimsuvgy]*)$/s;

export type TextMatcher = (value: string) => boolean;

/** Compiles a pattern (see PATTERN_SYNTAX). Throws a SyntaxError for a broken regular expression. */
export function compilePattern(pattern: string): TextMatcher {
	const literal = REGEX_LITERAL.exec(pattern);
	if (literal) {
		// g and y make test() remember where it stopped; a matcher must answer the same every time.
		const regex = new RegExp(literal[1], literal[2].replace(/[gy]/g, ''));
		return (value) => regex.test(value);
	}
	if (pattern.includes('*')) {
		const source = pattern
			.split('*')
			.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			.join('.*');
		const regex = new RegExp(`^${source}$`, 'is');
		return (value) => regex.test(value);
	}
	const needle = pattern.toLowerCase();
	return (value) => value.toLowerCase().includes(needle);
}

function isValidPattern(pattern: string): boolean {
	try {
		compilePattern(pattern);
		return true;
	} catch {
		return false;
	}
}

/** A URL or title pattern as action input: validated before the browser is touched. */
export const patternSchema = z
	.string()
	.trim()
	.min(1, 'the pattern is empty, e.g. *checkout* or /orders\\/\\d+/')
	.max(2_000)
	.refine(isValidPattern, 'not a valid /regular expression/')
	.describe(`A pattern: ${PATTERN_SYNTAX}`);
