/**
 * Reading and rewriting where a workflow reads a node's output: n8n expressions (parameter values
 * starting with `=`) and the JavaScript of Code nodes. Only the forms whose meaning is certain are
 * rewritten; the rest is found and reported.
 */
import { isRecord, type WorkflowNode } from './workflow';

/** A string of a node that n8n evaluates, and where it is among the node's parameters. */
export interface EvaluatedString {
	/** e.g. `assignments.assignments[0].value` */
	path: string;
	value: string;
	/** JavaScript code (a Code node), not an expression. */
	code: boolean;
}

/** Parameters holding JavaScript that n8n runs (not expressions), by node type. */
const CODE_PARAMETERS: Record<string, string[]> = {
	'n8n-nodes-base.code': ['jsCode'],
	'n8n-nodes-base.function': ['functionCode'],
	'n8n-nodes-base.functionItem': ['functionCode'],
};

/** Code the converter cannot read (Python): only reported, never rewritten. */
const OPAQUE_CODE_PARAMETERS = ['pythonCode'];

/**
 * Rewrites every evaluated string of a node's parameters with `rewrite` (which returns the text
 * unchanged when it has nothing to do) and returns what changed.
 */
export function rewriteEvaluatedStrings(
	node: WorkflowNode,
	rewrite: (text: string, code: boolean, path: string) => string,
): Array<{ path: string; before: string; after: string }> {
	const changes: Array<{ path: string; before: string; after: string }> = [];
	const codeParameters = CODE_PARAMETERS[node.type] ?? [];
	const visit = (value: unknown, path: string, code: boolean): unknown => {
		if (typeof value === 'string') {
			if (!code && !value.startsWith('=')) return value;
			const after = rewrite(value, code, path);
			if (after !== value) changes.push({ path, before: value, after });
			return after;
		}
		if (Array.isArray(value)) return value.map((entry, i) => visit(entry, `${path}[${i}]`, code));
		if (isRecord(value)) {
			for (const [key, entry] of Object.entries(value)) {
				value[key] = visit(entry, path ? `${path}.${key}` : key, code);
			}
		}
		return value;
	};
	for (const [key, value] of Object.entries(node.parameters)) {
		node.parameters[key] = visit(value, key, codeParameters.includes(key));
	}
	return changes;
}

/** Every evaluated string of a node: expressions, JavaScript and Python code. */
export function evaluatedStrings(node: WorkflowNode): EvaluatedString[] {
	const found: EvaluatedString[] = [];
	const codeParameters = [...(CODE_PARAMETERS[node.type] ?? []), ...OPAQUE_CODE_PARAMETERS];
	const visit = (value: unknown, path: string, code: boolean) => {
		if (typeof value === 'string') {
			if (code || value.startsWith('=')) found.push({ path, value, code });
		} else if (Array.isArray(value)) {
			value.forEach((entry, i) => visit(entry, `${path}[${i}]`, code));
		} else if (isRecord(value)) {
			for (const [key, entry] of Object.entries(value)) visit(entry, `${path}.${key}`, code);
		}
	};
	for (const [key, value] of Object.entries(node.parameters)) {
		visit(value, key, codeParameters.includes(key));
	}
	return found;
}

/** Plain (not evaluated) string parameters of a node, e.g. a field name typed into a text box. */
export function plainStrings(node: WorkflowNode): Array<{ path: string; value: string }> {
	const found: Array<{ path: string; value: string }> = [];
	const codeParameters = [...(CODE_PARAMETERS[node.type] ?? []), ...OPAQUE_CODE_PARAMETERS];
	const visit = (value: unknown, path: string) => {
		if (typeof value === 'string') {
			if (!value.startsWith('=')) found.push({ path, value });
		} else if (Array.isArray(value)) {
			value.forEach((entry, i) => visit(entry, `${path}[${i}]`));
		} else if (isRecord(value)) {
			for (const [key, entry] of Object.entries(value)) visit(entry, `${path}.${key}`);
		}
	};
	for (const [key, value] of Object.entries(node.parameters)) {
		if (!codeParameters.includes(key)) visit(value, key);
	}
	return found;
}

/** How a text names a node: `$('Name')`, in double quotes or backticks too. */
export function nodeReference(name: string): string {
	return `$('${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`;
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One read of output JSON: `$('Get Page').item.json.body`, `$node["Get Page"].json`,
 * `$json.statusCode`, `$input.first().json['headers']`…
 */
export interface JsonRead {
	start: number;
	/** Where `.json` (or `$json`) ends. */
	jsonEnd: number;
	/** Which items, as `$('…')` takes it: `.item`, `.first()`, `.all()[0]`, `.itemMatching(i)`. */
	items: string;
	/** A read of a node by name: the text before `.json` with the node's name replaced. */
	renamed?: (name: string) => string;
	/** The field read, when it is written out: its name, the span of the name, the end of `.name` or `['name']`. */
	field?: { name: string; nameStart: number; nameEnd: number; end: number };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Reads of `name`'s output JSON in `text` (by `$('name')`, `$node[…]` and `$items(…)`). */
export function readsOfNode(text: string, name: string): JsonRead[] {
	const reads: JsonRead[] = [];
	const n = escapeRegExp(name);
	const heads: Array<{ pattern: RegExp; kind: 'call' | 'node' | 'items' }> = [
		{ pattern: new RegExp(String.raw`\$\(\s*(['"\x60])${n}\1\s*\)`, 'g'), kind: 'call' },
		{ pattern: new RegExp(String.raw`\$node\[\s*(['"])${n}\1\s*\]`, 'g'), kind: 'node' },
		{ pattern: new RegExp(String.raw`\$items\(\s*(['"])${n}\1`, 'g'), kind: 'items' },
	];
	if (IDENTIFIER.test(name)) {
		heads.push({ pattern: new RegExp(String.raw`\$node\.${n}(?![\w$])`, 'g'), kind: 'node' });
	}
	for (const { pattern, kind } of heads) {
		for (const match of text.matchAll(pattern)) {
			const start = match.index;
			let end = start + match[0].length;
			let items = '';
			let renamed: (newName: string) => string;
			if (kind === 'call') {
				const accessor = readItemsAccessor(text, end);
				if (!accessor) continue;
				items = accessor.items;
				end = accessor.end;
				renamed = (newName) => `${nodeReference(newName)}${accessor.items}`;
			} else if (kind === 'node') {
				renamed = (newName) => `$node[${JSON.stringify(newName)}]`;
			} else {
				// $items("Name", output, run)[index]
				const close = closing(text, start + '$items'.length, '(', ')');
				if (close < 0) continue;
				const index = /^\s*\[/.exec(text.slice(close + 1));
				if (!index) continue;
				const indexEnd = closing(text, close + index[0].length, '[', ']');
				if (indexEnd < 0) continue;
				const rest = text.slice(start + match[0].length, indexEnd + 1);
				const quote = match[1];
				renamed = (newName) => `$items(${quote}${escapeQuote(newName, quote)}${quote}${rest}`;
				end = indexEnd + 1;
			}
			const json = /^\??\.json(?![\w$])/.exec(text.slice(end));
			if (!json) continue;
			const jsonEnd = end + json[0].length;
			reads.push({
				start,
				jsonEnd,
				items,
				renamed,
				field: readField(text, jsonEnd),
			});
		}
	}
	return reads.sort((a, b) => a.start - b.start);
}

/** Reads of the current node's input JSON: `$json`, `$input.item.json`, `$input.first().json`… */
export function readsOfInput(text: string, code: boolean): JsonRead[] {
	const reads: JsonRead[] = [];
	const forms: Array<{ pattern: RegExp; items: (match: RegExpMatchArray) => string }> = [
		{ pattern: /(?<![\w$.])\$json(?![\w$])/g, items: () => '.item' },
		{ pattern: /(?<![\w$.])\$input\??\.item\??\.json(?![\w$])/g, items: () => '.item' },
		{
			pattern: /(?<![\w$.])\$input\??\.(first|last)\(\s*\)\??\.json(?![\w$])/g,
			items: (match) => `.${match[1]}()`,
		},
		{
			pattern: /(?<![\w$.])\$input\??\.all\(\s*\)\s*\[([^\]]+)\]\??\.json(?![\w$])/g,
			items: (match) => `.all()[${match[1]}]`,
		},
	];
	// The Code node's `items` (its legacy name for the input items).
	if (code) {
		forms.push({
			pattern: /(?<![\w$.])items\s*\[([^\]]+)\]\??\.json(?![\w$])/g,
			items: (match) => `.all()[${match[1]}]`,
		});
	}
	for (const { pattern, items } of forms) {
		for (const match of text.matchAll(pattern)) {
			const jsonEnd = match.index + match[0].length;
			reads.push({
				start: match.index,
				jsonEnd,
				items: items(match),
				field: readField(text, jsonEnd),
			});
		}
	}
	return reads.sort((a, b) => a.start - b.start);
}

/** `.item`, `.first()`, `.last()`, `.all(…)[…]` or `.itemMatching(…)` at `at`. */
function readItemsAccessor(text: string, at: number): { items: string; end: number } | undefined {
	const rest = text.slice(at);
	const simple = /^\??\.(item(?![\w$(])|first\(\s*\)|last\(\s*\))/.exec(rest);
	if (simple) return { items: `.${simple[1].replace(/\s+/g, '')}`, end: at + simple[0].length };
	const all = /^\??\.all\(/.exec(rest);
	if (all) {
		const close = closing(text, at + all[0].length - 1, '(', ')');
		const index = close < 0 ? null : /^\s*\[/.exec(text.slice(close + 1));
		if (!index) return undefined;
		const indexEnd = closing(text, close + index[0].length, '[', ']');
		if (indexEnd < 0) return undefined;
		return {
			items: text.slice(at, indexEnd + 1).replace(/^\?/, ''),
			end: indexEnd + 1,
		};
	}
	const matching = /^\??\.itemMatching\(/.exec(rest);
	if (matching) {
		const close = closing(text, at + matching[0].length - 1, '(', ')');
		if (close < 0) return undefined;
		return { items: text.slice(at, close + 1).replace(/^\?/, ''), end: close + 1 };
	}
	return undefined;
}

/** `.name`, `?.name` or `['name']` at `at`: the field's name and the span of the name. */
function readField(text: string, at: number): JsonRead['field'] {
	const rest = text.slice(at);
	const dotted = /^\??\.([A-Za-z_$][\w$]*)/.exec(rest);
	if (dotted) {
		const end = at + dotted[0].length;
		return { name: dotted[1], nameStart: end - dotted[1].length, nameEnd: end, end };
	}
	const bracket = /^\s*\[\s*(['"])([^'"\\\n]*)\1\s*\]/.exec(rest);
	if (bracket) {
		const nameStart = at + bracket[0].indexOf(bracket[1]) + 1;
		return {
			name: bracket[2],
			nameStart,
			nameEnd: nameStart + bracket[2].length,
			end: at + bracket[0].length,
		};
	}
	return undefined;
}

/** The index of the bracket closing the one at `open` (nested brackets counted, strings not). */
function closing(text: string, open: number, opening: string, closingChar: string): number {
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		if (text[i] === opening) depth++;
		else if (text[i] === closingChar && --depth === 0) return i;
	}
	return -1;
}

function escapeQuote(name: string, quote: string): string {
	return name.replace(/\\/g, '\\\\').replace(new RegExp(escapeRegExp(quote), 'g'), `\\${quote}`);
}
