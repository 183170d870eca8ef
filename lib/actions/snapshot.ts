import { z } from 'zod';
import { defineAction, locate, type ActionFile, type ActionOutput } from './action';
import { refsIn, rememberRefs } from './support/refs';

export interface SnapshotResult {
	/** The accessibility snapshot (YAML-like lines, `[ref=eN]` on elements that can be acted on). */
	snapshot: string;
	/** How many refs the returned text names. */
	refs: number;
	/** True when the text was cut at Max Characters. */
	truncated: boolean;
	/** The length of the whole snapshot before it was cut or filtered. */
	totalCharacters: number;
}

/** Roles a person (or a model) acts on: what Interactive Only keeps. */
const INTERACTIVE_ROLES = new Set([
	'button',
	'checkbox',
	'combobox',
	'link',
	'listbox',
	'menuitem',
	'menuitemcheckbox',
	'menuitemradio',
	'option',
	'radio',
	'searchbox',
	'slider',
	'spinbutton',
	'switch',
	'tab',
	'textbox',
	'treeitem',
]);

export const snapshot = defineAction({
	name: 'snapshot',
	description:
		'Read the page (or one element) as a compact accessibility snapshot: roles, names and states, with a ref like e12 on every element, usable as the selector ref=e12 in later actions.',
	retryable: true,
	input: {
		selector: z
			.string()
			.trim()
			.min(1)
			.optional()
			.describe('Snapshot only this element (Playwright selector). Default: the whole page.'),
		index: z.number().int().min(0).optional(),
		maxCharacters: z
			.number()
			.int()
			.min(200)
			.max(1_000_000)
			.default(20_000)
			.describe(
				'Cut the snapshot after this many characters (at a line end), with a note saying how much was left out.',
			),
		interactiveOnly: z
			.boolean()
			.default(false)
			.describe(
				'Keep only elements one can act on (buttons, links, fields, options…), one per line, without the page’s structure.',
			),
		includeIframes: z
			.boolean()
			.default(true)
			.describe('Include the content of iframes (their refs look like f1e3).'),
		screenshot: z
			.boolean()
			.default(false)
			.describe('Also return a JPEG of the viewport, for models that read images.'),
	},
	async run(
		context,
		{ selector, index, maxCharacters, interactiveOnly, includeIframes, screenshot, timeoutMs },
	): Promise<ActionOutput<SnapshotResult>> {
		const target = selector
			? locate(context, { selector, index: index ?? 0 })
			: context.scope.locator(':root');
		const full = await target.ariaSnapshot({ mode: 'ai', timeout: timeoutMs });
		// Every ref of the snapshot resolves in Playwright, shown or not: remember them all.
		rememberRefs(context, refsIn(full));
		let text = includeIframes ? full : withoutIframes(full);
		if (interactiveOnly) text = interactiveLines(text);
		const cut = cutAtLine(text, maxCharacters);
		const files: ActionFile[] = [];
		if (screenshot) {
			const bytes = await context.page.screenshot({
				type: 'jpeg',
				quality: 70,
				scale: 'css',
				timeout: timeoutMs,
			});
			files.push({ kind: 'screenshot', bytes, fileName: 'snapshot.jpg', mimeType: 'image/jpeg' });
		}
		return {
			result: {
				snapshot: cut.text,
				refs: refsIn(cut.text).length,
				truncated: cut.truncated,
				totalCharacters: full.length,
			},
			files,
		};
	},
});

function indentOf(line: string): number {
	return line.length - line.trimStart().length;
}

/** Drops every iframe's subtree (the iframe line itself stays, so the model knows one is there). */
function withoutIframes(snapshot: string): string {
	const kept: string[] = [];
	let skipDeeperThan: number | undefined;
	for (const line of snapshot.split('\n')) {
		const indent = indentOf(line);
		if (skipDeeperThan !== undefined) {
			if (indent > skipDeeperThan) continue;
			skipDeeperThan = undefined;
		}
		if (/^- iframe\b/.test(line.trimStart())) {
			kept.push(line.replace(/:\s*$/, ''));
			skipDeeperThan = indent;
			continue;
		}
		kept.push(line);
	}
	return kept.join('\n');
}

/** One unindented line per interactive element, with its name, states and ref. */
function interactiveLines(snapshot: string): string {
	return snapshot
		.split('\n')
		.map((line) => line.trimStart())
		.filter((line) => {
			const role = /^- ([a-z]+)/.exec(line)?.[1];
			return role !== undefined && INTERACTIVE_ROLES.has(role) && /\[ref=/.test(line);
		})
		.map((line) => line.replace(/:\s*$/, ''))
		.join('\n');
}

function cutAtLine(text: string, max: number): { text: string; truncated: boolean } {
	if (text.length <= max) return { text, truncated: false };
	const end = text.lastIndexOf('\n', max);
	const kept = text.slice(0, end > 0 ? end : max);
	const left = text.length - kept.length;
	return {
		text: `${kept}\n… (cut: ${left} more characters; raise Max Characters, or snapshot one element with a selector)`,
		truncated: true,
	};
}
