/**
 * Reads elements' rendered text (what `innerText` gives) without asking the browser for it
 * element by element where page script can prove the answer is the element's `textContent`.
 *
 * `innerText` makes the browser walk its layout tree for every call: on a 10 000-row table that
 * is most of Extract Table's time. `textContent` reads the DOM only. The two give the same text,
 * once whitespace is folded (runs of whitespace to one space, trimmed: what the extract actions
 * return), when all of these hold:
 *
 * 1. Nothing in the subtree adds line breaks or drops text: its nodes are text, comments and
 *    phrasing elements that stay inline (a, b, code, em, strong, time… no <br>, no <wbr>, no
 *    blocks, no replaced or form elements, no element with a `hidden` attribute), and no author
 *    rule or inline style makes one of them a block, a float or absolutely positioned (nor the
 *    element a flex or grid container, which would make its inline children blocks).
 * 2. No CSS changes the characters or hides them, on the element, its descendants or its
 *    ancestors: `visibility`, `text-transform`, `-webkit-text-security`, `content-visibility`,
 *    `content` (an image replaces the element's text), `white-space-collapse: discard`, and
 *    `text-transform` on `::first-letter`/`::first-line`. A declaration counts unless its value
 *    is a harmless one (`visible`, `none`…: `inherit` or `var()` count). Rules are read from the
 *    document's style sheets, skipping media that do not apply now; a sheet that cannot be read
 *    (another origin) sends every element to `innerText`. Running animations of those
 *    properties count as rules on their target. `::before`/`::after` content is not part of
 *    `innerText` (the specification and Chromium agree), so it does not matter.
 * 3. No shadow tree can change what is rendered. A shadow root moves light-DOM children into
 *    slots (or drops them) and can style them, and a closed one cannot be seen from script.
 *    So the element, its descendants and the ancestors walked (its parent, the parent's
 *    parent…: tr, tbody, table, ul, li…) must be elements that cannot host one (not div, span,
 *    p, h1–h6, section…, not custom elements), and what those ancestors inherit is read from
 *    the computed style of the last of them (for cells, the table), which includes whatever it
 *    inherits through a shadow tree, with checkVisibility() for hidden or skipped ancestors
 *    above it. An element whose own parent could host a shadow root is read with innerText:
 *    proving it would need its own computed style, which costs more than innerText.
 * 4. Whitespace folding gives the same result as the browser's whitespace processing. Chromium
 *    removes a line break next to a zero-width space, and CSS allows removing line breaks
 *    between East Asian characters, so text with an inner line break and any non-ASCII
 *    character goes to `innerText`. (A check of every BMP character in every `white-space`
 *    mode found no other difference; the equality test repeats it.)
 * 5. The page has not replaced the innerText or textContent getters.
 *
 * Where any of these fails, or cannot be decided, the reader asks `innerText`: the output is
 * the same as reading `innerText` everywhere, only faster where the proof holds (the cells of
 * most tables).
 *
 * Runs in the page (see withPageHelpers): self-contained, helpers as methods, since TypeScript
 * runners such as tsx wrap inner named functions in a helper that does not exist in the page.
 */
export function createRenderedTextReader(document: Document): RenderedTextReader {
	const view = document.defaultView;
	const HTML = 'http://www.w3.org/1999/xhtml';
	/** Inline phrasing elements with no shadow root (none can host one) and no special rendering. */
	const PHRASING = new Set(
		'a abbr b bdi cite code data del dfn em i ins kbd label mark s samp small strong sub sup time u var'.split(
			' ',
		),
	);
	/** Elements whose text may be read from textContent: the phrasing ones and text containers. */
	const READABLE = new Set([
		...PHRASING,
		...'td th caption li dt dd figcaption pre address'.split(' '),
	]);
	/** Parents that cannot host a shadow root, so their children inherit from them directly. */
	const PLAIN_PARENTS = new Set([
		...READABLE,
		...'tr tbody thead tfoot table ul ol dl menu figure form'.split(' '),
	]);
	/** Properties that change or hide text, with the values that do not. */
	const TEXT_PROPERTIES = new Map<string, string[]>([
		['visibility', ['visible']],
		['text-transform', ['none']],
		['-webkit-text-security', ['none']],
		['text-security', ['none']],
		['content-visibility', ['visible']],
		['content', ['normal', 'none']],
		[
			'white-space-collapse',
			['collapse', 'preserve', 'preserve-breaks', 'preserve-spaces', 'break-spaces'],
		],
	]);
	/** Properties that turn an inline descendant into a block (a line break in innerText). */
	const BOX_PROPERTIES = new Map<string, string[]>([
		['display', ['inline', 'inline-block', 'contents']],
		['position', ['static', 'relative', 'sticky']],
		['float', ['none']],
	]);
	const ANIMATED_PROPERTIES = new Set([
		'visibility',
		'textTransform',
		'webkitTextSecurity',
		'contentVisibility',
		'content',
		'whiteSpaceCollapse',
		'display',
		'position',
		'float',
		'cssFloat',
	]);
	/** Printable ASCII words with single spaces: already folded, and read the same either way. */
	const PLAIN_TEXT = /^[!-~]+(?: [!-~]+)*$/;
	const NON_ASCII = /[\u0080-\uffff]/;
	const LINE_BREAK = /[\n\r]/;

	const h = {
		/** Whether a declaration block sets one of `properties` to a value outside its safe list. */
		declaresRisky(style: CSSStyleDeclaration, properties: Map<string, string[]>): boolean {
			for (let i = 0; i < style.length; i++) {
				const safe = properties.get(style[i]);
				if (safe && !safe.includes(style.getPropertyValue(style[i]).trim())) return true;
			}
			return false;
		},
		/** The complex selectors of a selector list (split at top-level commas). */
		splitSelectorList(list: string): string[] {
			const parts: string[] = [];
			let depth = 0;
			let start = 0;
			for (let i = 0; i < list.length; i++) {
				const c = list[i];
				if (c === '\\') i++;
				else if (c === '"' || c === "'") i = h.endOfString(list, i);
				else if (c === '(' || c === '[') depth++;
				else if (c === ')' || c === ']') depth--;
				else if (c === ',' && depth === 0) {
					parts.push(list.slice(start, i));
					start = i + 1;
				}
			}
			parts.push(list.slice(start));
			return parts.map((part) => part.trim()).filter(Boolean);
		},
		/** Index of the quote that closes the string opening at `start`. */
		endOfString(text: string, start: number): number {
			let i = start + 1;
			while (i < text.length && text[i] !== text[start]) i += text[i] === '\\' ? 2 : 1;
			return i;
		},
		/**
		 * A selector for the elements a complex selector styles: pseudo-elements removed (a rule
		 * for `td::first-line` styles text of the td), `&` replaced by the parent rule's selectors,
		 * `:scope` (the root, in a style sheet) as `:root`. Null when that cannot be done exactly.
		 */
		subjectOf(
			complex: string,
			parent: string | null,
		): { selector: string; pseudo: boolean } | null {
			let out = '';
			let pseudo = false;
			let nested = false;
			for (let i = 0; i < complex.length; i++) {
				const c = complex[i];
				if (c === '\\') {
					out += complex.slice(i, i + 2);
					i++;
				} else if (c === '"' || c === "'") {
					const end = h.endOfString(complex, i);
					out += complex.slice(i, end + 1);
					i = end;
				} else if (c === '&') {
					if (parent === null) return null;
					out += `:is(${parent})`;
					nested = true;
				} else if (complex.startsWith(':scope', i) && !/[-\w]/.test(complex[i + 6] ?? '')) {
					out += ':root';
					i += 5;
				} else if (c === ':' && complex[i + 1] === ':') {
					pseudo = true;
					let end = i + 2;
					while (end < complex.length && /[-\w]/.test(complex[end])) end++;
					if (complex[end] === '(') {
						for (let depth = 0; end < complex.length; end++) {
							const d = complex[end];
							if (d === '\\') end++;
							else if (d === '"' || d === "'") end = h.endOfString(complex, end);
							else if (d === '(') depth++;
							else if (d === ')' && --depth === 0) {
								end++;
								break;
							}
						}
					}
					if (/(^|[\s>+~(])$/.test(out)) out += '*';
					i = end - 1;
				} else out += c;
			}
			if (parent !== null && !nested) out = `:is(${parent}) ${out}`;
			return { selector: out.trim(), pseudo };
		},
		/** The selectors as one list for matches(); '*' (everything) when one is not valid. */
		selectorList(selectors: string[]): string | null {
			if (selectors.length === 0) return null;
			const probe = document.createDocumentFragment();
			const list = [...new Set(selectors)].join(', ');
			try {
				probe.querySelector(list);
				return list;
			} catch {
				return '*';
			}
		},
		/** What the document's style sheets and running animations can do to text (check 2). */
		readStyles(): StyleFacts {
			const selectors = { text: [] as string[], box: [] as string[], firstLine: [] as string[] };
			let provable = true;
			const pending: Array<{ rules: CSSRuleList; parent: string | null; exact: boolean }> = [];
			for (const sheet of [
				...Array.from(document.styleSheets),
				...(document.adoptedStyleSheets ?? []),
			]) {
				if (sheet.disabled) continue;
				// A sheet for media that do not apply now styles nothing now.
				if (sheet.media.length > 0 && view && !view.matchMedia(sheet.media.mediaText).matches)
					continue;
				try {
					pending.push({ rules: sheet.cssRules, parent: null, exact: true });
				} catch {
					provable = false; // another origin's sheet: its rules cannot be read
				}
			}
			// Grouping rules whose style rules select elements as they would at the top level.
			const PLAIN_GROUPS = [
				'CSSMediaRule',
				'CSSSupportsRule',
				'CSSLayerBlockRule',
				'CSSContainerRule',
			]
				.map((name) => (globalThis as unknown as Record<string, unknown>)[name])
				.filter((group): group is new () => CSSRule => typeof group === 'function');
			while (provable && pending.length > 0) {
				const { rules, parent, exact } = pending.pop()!;
				for (const rule of Array.from(rules)) {
					if (rule instanceof CSSImportRule) {
						try {
							if (rule.styleSheet) pending.push({ rules: rule.styleSheet.cssRules, parent, exact });
						} catch {
							provable = false;
						}
						continue;
					}
					// Rules of media that do not apply now style nothing now.
					if (
						rule instanceof CSSMediaRule &&
						view &&
						!view.matchMedia(rule.media.mediaText).matches
					)
						continue;
					// Animations are read from the running animations below; pages and fonts style no element.
					if (
						rule instanceof CSSKeyframesRule ||
						rule instanceof CSSPageRule ||
						rule instanceof CSSFontFaceRule
					)
						continue;
					const style = (rule as { style?: unknown }).style;
					/** What nested rules' `&` stands for (null: not known exactly). */
					let ruleSelectors: string | null = parent;
					if (rule instanceof CSSStyleRule && exact) {
						const subjects = h
							.splitSelectorList(rule.selectorText)
							.map((complex) => h.subjectOf(complex, parent));
						ruleSelectors = subjects.every((subject) => subject && !subject.pseudo)
							? subjects.map((subject) => subject!.selector).join(', ')
							: null;
						if (style instanceof CSSStyleDeclaration) {
							const text = h.declaresRisky(style, TEXT_PROPERTIES);
							const box = h.declaresRisky(style, BOX_PROPERTIES);
							// Pseudo-element rules matter for the text they style: ::first-letter and ::first-line.
							const styledText =
								text &&
								h.declaresRisky(
									style,
									new Map([...TEXT_PROPERTIES].filter(([name]) => name !== 'content')),
								);
							for (const subject of subjects) {
								const selector = subject?.selector ?? '*';
								if (subject?.pseudo) {
									if (styledText) selectors.firstLine.push(selector);
								} else {
									if (text) selectors.text.push(selector);
									if (box) selectors.box.push(selector);
								}
							}
						}
					} else if (style instanceof CSSStyleDeclaration) {
						// Declarations nested in a rule, or in a rule this reader does not model (@scope…).
						const where = exact && ruleSelectors !== null ? ruleSelectors : '*';
						if (h.declaresRisky(style, TEXT_PROPERTIES)) selectors.text.push(where);
						if (h.declaresRisky(style, BOX_PROPERTIES)) selectors.box.push(where);
					}
					const nested = (rule as { cssRules?: CSSRuleList }).cssRules;
					if (nested)
						pending.push({
							rules: nested,
							parent: rule instanceof CSSStyleRule ? ruleSelectors : parent,
							exact:
								exact &&
								(rule instanceof CSSStyleRule
									? ruleSelectors !== null
									: PLAIN_GROUPS.some((group) => rule instanceof group)),
						});
				}
			}
			// A page that replaced the innerText or textContent getters reads its own way: ask it.
			const innerTextGetter = Object.getOwnPropertyDescriptor(
				HTMLElement.prototype,
				'innerText',
			)?.get;
			const textContentGetter = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent')?.get;
			for (const getter of [innerTextGetter, textContentGetter])
				if (
					!getter ||
					!/\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(getter))
				)
					provable = false;
			const animated = new Set<Element>();
			for (const animation of document.getAnimations?.() ?? []) {
				const effect = animation.effect as KeyframeEffect | null;
				if (!effect || typeof effect.getKeyframes !== 'function') continue;
				const changesText = effect
					.getKeyframes()
					.some((keyframe) => Object.keys(keyframe).some((name) => ANIMATED_PROPERTIES.has(name)));
				if (!changesText) continue;
				if (effect.pseudoElement || !effect.target) provable = false;
				else animated.add(effect.target);
			}
			return {
				canProve: provable,
				animated,
				textSelector: h.selectorList(selectors.text),
				firstLineSelector: h.selectorList(selectors.firstLine),
				descendantSelector: h.selectorList([...selectors.text, ...selectors.box]),
			};
		},
	};

	const DESCENDANT_PROPERTIES = new Map([...TEXT_PROPERTIES, ...BOX_PROPERTIES]);

	// --- Per element ----------------------------------------------------------------------------
	/**
	 * Below this many reads the reader asks innerText without a proof: reading the style sheets
	 * costs more than innerText for a small table (and the answer is the same either way).
	 */
	const READS_BEFORE_PROOF = 200;
	let reads = 0;
	/** Read on the first proof. */
	let styles: StyleFacts | null = null;
	let canProve = false;
	let animated = new Set<Element>();
	let textSelector: string | null = null;
	let firstLineSelector: string | null = null;
	let descendantSelector: string | null = null;
	/** Ancestors known to pass (true) or fail (false) the checks, up to their boundary. */
	const ancestorsSafe = new Map<Element, boolean>();
	let lastParent: Element | null = null;
	let lastParentSafe = false;

	const reader = {
		/** No hidden attribute, no risky inline style, no risky animation. */
		attributesSafe(element: Element, properties: Map<string, string[]>): boolean {
			if (animated.size > 0 && animated.has(element)) return false;
			if (!element.hasAttributes()) return true;
			if (element.hasAttribute('hidden')) return false;
			const style = (element as HTMLElement).style as CSSStyleDeclaration | undefined;
			return !(style && style.length > 0 && h.declaresRisky(style, properties));
		},
		/** The element's textContent when its subtree passes check 1, else null. */
		subtreeText(element: Element): string | null {
			let node: Node | null = element.firstChild;
			while (node) {
				const type = node.nodeType;
				if (type === 1) {
					const child = node as Element;
					if (
						child.namespaceURI !== HTML ||
						!PHRASING.has(child.localName) ||
						!reader.attributesSafe(child, DESCENDANT_PROPERTIES)
					)
						return null;
				} else if (type !== 3 && type !== 8) return null;
				if (type === 1 && node.firstChild) node = node.firstChild;
				else {
					while (node !== element && node!.nextSibling === null) node = node!.parentNode;
					node = node === element ? null : node!.nextSibling;
				}
			}
			if (descendantSelector && element.querySelector(descendantSelector)) return null;
			return element.textContent ?? '';
		},
		/** Check 2 and 3 where the element inherits across a possible shadow root, or the root. */
		boundarySafe(element: Element): boolean {
			if (!view || element.getRootNode() !== document) return false;
			const style = view.getComputedStyle(element);
			for (const [name, safe] of TEXT_PROPERTIES) {
				const value = style.getPropertyValue(name);
				// '' is a property this browser does not have.
				if (value !== '' && !safe.includes(value)) return false;
			}
			return (
				typeof element.checkVisibility === 'function' &&
				// False inside skipped content (content-visibility of an ancestor) or a display:none one.
				element.checkVisibility({ contentVisibilityAuto: true })
			);
		},
		/** Checks 2 and 3 for `start` and the ancestors it inherits from. */
		chainSafe(start: Element): boolean {
			const walked: Element[] = [];
			let element = start;
			let safe: boolean;
			for (;;) {
				const known = ancestorsSafe.get(element);
				if (known !== undefined) {
					safe = known;
					break;
				}
				walked.push(element);
				if (
					!reader.attributesSafe(element, TEXT_PROPERTIES) ||
					(textSelector !== null && element.matches(textSelector))
				) {
					safe = false;
					break;
				}
				const parent = element.parentElement;
				if (parent && parent.namespaceURI === HTML && PLAIN_PARENTS.has(parent.localName)) {
					element = parent;
					continue;
				}
				safe = reader.boundarySafe(element);
				break;
			}
			for (const each of walked) ancestorsSafe.set(each, safe);
			return safe;
		},
		/** textContent folded, or null when it may differ from innerText folded. */
		foldedTextContent(element: Element): string | null {
			if (styles === null) {
				styles = h.readStyles();
				({ canProve, animated, textSelector, firstLineSelector, descendantSelector } = styles);
			}
			// Any namespace: an SVG or MathML element has no innerText, so its text was always
			// textContent (innerText ?? textContent), which this returns or falls back to.
			if (!canProve || !READABLE.has(element.localName)) return null;
			// Checks 2 and 3 for the ancestors first: cells of one row, items of one list share the
			// answer. Where the element itself would be the boundary, reading its computed style
			// costs more than innerText: the proof pays where many elements share one (a table).
			const parent = element.parentElement;
			if (parent === null || parent !== lastParent) {
				if (!parent || parent.namespaceURI !== HTML || !PLAIN_PARENTS.has(parent.localName))
					return null;
				lastParent = parent;
				lastParentSafe = reader.chainSafe(parent);
			}
			if (!lastParentSafe) return null;
			// Without element children, textContent is the text children's text. (Reading it from
			// the element avoids making a script object for every text node: a third of the time.)
			const textOnly = element.childElementCount === 0;
			let text = textOnly ? element.textContent! : reader.subtreeText(element);
			if (text === null) return null;
			if (!PLAIN_TEXT.test(text)) {
				text = text.trim();
				if (LINE_BREAK.test(text) && NON_ASCII.test(text)) return null;
				text = text.replace(/\s+/g, ' ');
			}
			// With element children, the element's own display matters too: a flex or grid
			// container makes its inline children blocks.
			if (
				!reader.attributesSafe(element, textOnly ? TEXT_PROPERTIES : DESCENDANT_PROPERTIES) ||
				(textSelector !== null && element.matches(textSelector)) ||
				(!textOnly && descendantSelector !== null && element.matches(descendantSelector)) ||
				(firstLineSelector !== null && element.closest(firstLineSelector) !== null)
			)
				return null;
			return text;
		},
	};

	return {
		provenText(element) {
			return reader.foldedTextContent(element);
		},
		folded(element) {
			return (
				(++reads > READS_BEFORE_PROOF ? reader.foldedTextContent(element) : null) ??
				((element as HTMLElement).innerText ?? element.textContent ?? '')
					.replace(/\s+/g, ' ')
					.trim()
			);
		},
		unfolded(element) {
			if (++reads <= READS_BEFORE_PROOF || element.namespaceURI !== HTML) return null;
			const text = reader.foldedTextContent(element);
			// Text that folding left unchanged is innerText as it is: it has no whitespace to process.
			return text !== null && text === element.textContent ? text : null;
		},
	};
}

interface StyleFacts {
	/** False when the rules cannot all be read (another origin's sheet) or the getters are the page's. */
	canProve: boolean;
	/** Elements a running animation may hide or change text of. */
	animated: Set<Element>;
	/** Elements whose text (or descendants' text) a rule may change or hide. */
	textSelector: string | null;
	/** Elements whose ::first-letter or ::first-line a rule may transform (or hide). */
	firstLineSelector: string | null;
	/** Descendants a rule may change, hide, or make blocks. */
	descendantSelector: string | null;
}

export interface RenderedTextReader {
	/** textContent folded when that is provably innerText folded, else null. */
	provenText(element: Element): string | null;
	/** innerText with whitespace runs folded to one space and trimmed (from provenText when it can). */
	folded(element: Element): string;
	/** innerText as it is when that is provably textContent, else null (then read innerText). */
	unfolded(element: Element): string | null;
}
