import { z } from 'zod';
import { defineAction, type ActionContext, type ActionOutput } from './action';

export interface StructureField {
	label: string | null;
	name: string | null;
	type: string;
	required: boolean;
	selector: string;
	placeholder?: string;
	disabled?: true;
	/** For selects: the choices, value and visible text. */
	options?: Array<{ value: string; text: string }>;
}

export interface StructureForm {
	selector: string;
	name?: string;
	action?: string;
	method?: string;
	fields: StructureField[];
	/** The form's first submit button, when it has one. */
	submitSelector?: string;
}

export interface StructureButton {
	text: string;
	type?: string;
	selector: string;
	disabled?: true;
}

export interface StructureLink {
	text: string;
	href: string;
	selector: string;
}

export interface StructureHeading {
	level: number;
	text: string;
	selector: string;
}

export interface PageStructure {
	title: string;
	url: string;
	headings: StructureHeading[];
	forms: StructureForm[];
	/** Form fields that belong to no form (common in single-page apps). */
	fieldsOutsideForms: StructureField[];
	buttons: StructureButton[];
	links: StructureLink[];
	/** How many of each were on the page, before the per-kind limit. */
	counts: { headings: number; forms: number; fields: number; buttons: number; links: number };
	truncated: boolean;
	/** The same, as short text for people and LLM prompts. */
	summary: string;
}

/** What the page script returns: each element with its selector candidates, best first. */
interface Candidates {
	/** #id or [name=…]: already checked in the page to match exactly this element. */
	css?: string;
	/** role=…[name="…"]: Playwright's engine, checked afterwards. */
	role?: string;
	/** The short CSS path, unique by construction. */
	path: string;
	/** Position in the page script's element registry, to check role selectors against. */
	ref: number;
}

type Raw<T> = Omit<T, 'selector' | 'submitSelector' | 'fields'> & { selector: Candidates };
type RawField = Raw<StructureField>;
type RawForm = Raw<StructureForm> & { fields: RawField[]; submit?: Candidates };

interface RawStructure {
	title: string;
	url: string;
	headings: Array<Raw<StructureHeading>>;
	forms: RawForm[];
	fieldsOutsideForms: RawField[];
	buttons: Array<Raw<StructureButton>>;
	links: Array<Raw<StructureLink>>;
	counts: PageStructure['counts'];
	truncated: boolean;
}

/** Where the page script keeps the elements it described, so role selectors can be checked against them. */
const REGISTRY = 'browser-agent.pageStructure';

export const extractPageStructure = defineAction({
	name: 'extractPageStructure',
	description:
		'Summarise the page for people and LLMs: headings, forms with their fields (label, name, type, required), buttons and links, each with a selector that finds exactly that element again (#id, then [name=…], then a role selector, then a short CSS path).',
	retryable: true,
	input: {
		includeHidden: z
			.boolean()
			.default(false)
			.describe('Also list elements that are not visible (hidden inputs, closed menus…).'),
		maxPerKind: z
			.number()
			.int()
			.min(1)
			.max(1_000)
			.default(100)
			.describe(
				'List at most this many headings, forms, buttons and links each (and fields per form), in page order.',
			),
	},
	async run(context, { includeHidden, maxPerKind }): Promise<ActionOutput<PageStructure>> {
		const raw = await context.scope.evaluate(describePage, {
			includeHidden,
			maxPerKind,
			registry: REGISTRY,
		});
		try {
			const selectors = await chooseSelectors(context, raw);
			const pick = (candidates: Candidates) => selectors.get(candidates.ref)!;
			const field = ({ selector, ...rest }: RawField): StructureField => ({
				...rest,
				selector: pick(selector),
			});
			const structure: Omit<PageStructure, 'summary'> = {
				title: raw.title,
				url: raw.url,
				headings: raw.headings.map(({ selector, ...rest }) => ({
					...rest,
					selector: pick(selector),
				})),
				forms: raw.forms.map(({ selector, fields, submit, ...rest }) => ({
					selector: pick(selector),
					...rest,
					fields: fields.map(field),
					...(submit && { submitSelector: pick(submit) }),
				})),
				fieldsOutsideForms: raw.fieldsOutsideForms.map(field),
				buttons: raw.buttons.map(({ selector, ...rest }) => ({
					...rest,
					selector: pick(selector),
				})),
				links: raw.links.map(({ selector, ...rest }) => ({ ...rest, selector: pick(selector) })),
				counts: raw.counts,
				truncated: raw.truncated,
			};
			return { result: { ...structure, summary: summarize(structure) } };
		} finally {
			await context.scope
				.evaluate(
					(registry) => delete (window as unknown as Record<symbol, unknown>)[Symbol.for(registry)],
					REGISTRY,
				)
				.catch(() => undefined);
		}
	},
});

/**
 * The best selector of every described element. #id and [name=…] were checked in the page;
 * a role selector is kept only when Playwright finds exactly that element with it; otherwise
 * the short CSS path, unique by construction.
 */
async function chooseSelectors(
	context: ActionContext,
	raw: RawStructure,
): Promise<Map<number, string>> {
	const all: Candidates[] = [
		...raw.headings.map((heading) => heading.selector),
		...raw.forms.flatMap((form) => [
			form.selector,
			...form.fields.map((field) => field.selector),
			...(form.submit ? [form.submit] : []),
		]),
		...raw.fieldsOutsideForms.map((field) => field.selector),
		...raw.buttons.map((button) => button.selector),
		...raw.links.map((link) => link.selector),
	];
	const chosen = new Map<number, string>();
	await Promise.all(
		all.map(async (candidates) => {
			if (chosen.has(candidates.ref)) return;
			chosen.set(candidates.ref, candidates.css ?? candidates.path);
			if (candidates.css || !candidates.role) return;
			const found = await context.scope
				.locator(candidates.role)
				.evaluateAll(
					(elements, registry) =>
						elements.map((element) =>
							(window as unknown as Record<symbol, Element[]>)[Symbol.for(registry)].indexOf(
								element,
							),
						),
					REGISTRY,
				)
				.catch(() => []);
			if (found.length === 1 && found[0] === candidates.ref)
				chosen.set(candidates.ref, candidates.role);
		}),
	);
	return chosen;
}

function summarize(structure: Omit<PageStructure, 'summary'>): string {
	const quote = (text: string | null | undefined) => (text ? `"${text}"` : '(no text)');
	const lines = [`Page: ${structure.title || '(untitled)'} (${structure.url})`];
	if (structure.headings.length) {
		lines.push(
			'Headings:',
			...structure.headings.map(
				(heading) => `  H${heading.level} ${quote(heading.text)} → ${heading.selector}`,
			),
		);
	}
	const fieldLine = (field: StructureField) =>
		`    - ${field.label ? quote(field.label) : '(no label)'}: ${field.type}${field.name ? `, name=${field.name}` : ''}${field.required ? ', required' : ''}${field.options ? `, options: ${field.options.map((option) => option.value).join('|')}` : ''} → ${field.selector}`;
	for (const form of structure.forms) {
		lines.push(
			`Form ${form.selector}${form.method ? ` (${form.method.toUpperCase()}${form.action ? ` ${form.action}` : ''})` : ''}:`,
			...form.fields.map(fieldLine),
		);
		if (form.submitSelector) lines.push(`    submit → ${form.submitSelector}`);
	}
	if (structure.fieldsOutsideForms.length)
		lines.push('Fields outside forms:', ...structure.fieldsOutsideForms.map(fieldLine));
	if (structure.buttons.length)
		lines.push(
			'Buttons:',
			...structure.buttons.map(
				(button) =>
					`  ${quote(button.text)}${button.disabled ? ' (disabled)' : ''} → ${button.selector}`,
			),
		);
	if (structure.links.length)
		lines.push(
			'Links:',
			...structure.links.map((link) => `  ${quote(link.text)} ${link.href} → ${link.selector}`),
		);
	if (structure.truncated)
		lines.push('(Lists were cut to the per-kind limit; counts has the totals.)');
	return lines.join('\n');
}

/**
 * Runs in the page: self-contained, and its helpers are object methods because tsx would wrap
 * named inner functions in a helper that does not exist in the page. Registers every described
 * element in a window slot keyed by `registry`, for chooseSelectors.
 */
function describePage({
	includeHidden,
	maxPerKind,
	registry,
}: {
	includeHidden: boolean;
	maxPerKind: number;
	registry: string;
}): RawStructure {
	const elements: Element[] = [];
	(window as unknown as Record<symbol, Element[]>)[Symbol.for(registry)] = elements;
	const BUTTON_SELECTOR =
		'button, input[type=submit], input[type=button], input[type=reset], input[type=image], [role=button]';
	const FIELD_SELECTOR = 'input, select, textarea';
	const NON_FIELD_INPUTS = ['submit', 'button', 'reset', 'image'];
	const TEXT_ROLES: Record<string, string> = {
		text: 'textbox',
		email: 'textbox',
		tel: 'textbox',
		url: 'textbox',
		password: 'textbox',
		textarea: 'textbox',
		search: 'searchbox',
		number: 'spinbutton',
		checkbox: 'checkbox',
		radio: 'radio',
		range: 'slider',
		select: 'combobox',
	};

	const h = {
		fold(text: string | null | undefined): string {
			return (text ?? '').replace(/\s+/g, ' ').trim();
		},
		short(text: string): string {
			return text.length > 120 ? `${text.slice(0, 119)}…` : text;
		},
		isUnique(selector: string, element: Element): boolean {
			try {
				const matches = document.querySelectorAll(selector);
				return matches.length === 1 && matches[0] === element;
			} catch {
				return false;
			}
		},
		visible(element: Element): boolean {
			return typeof element.checkVisibility === 'function'
				? element.checkVisibility({ visibilityProperty: true })
				: element.getClientRects().length > 0;
		},
		text(element: Element): string {
			return h.fold((element as HTMLElement).innerText ?? element.textContent);
		},
		ariaLabel(element: Element): string {
			const labelledBy = element.getAttribute('aria-labelledby');
			if (labelledBy) {
				const text = h.fold(
					labelledBy
						.split(/\s+/)
						.map((id) => document.getElementById(id)?.textContent ?? '')
						.join(' '),
				);
				if (text) return text;
			}
			return h.fold(element.getAttribute('aria-label'));
		},
		/** A control's label: aria, then <label> elements (without the controls inside them), then title. */
		fieldLabel(element: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string | null {
			const aria = h.ariaLabel(element);
			if (aria) return aria;
			const labels = Array.from(element.labels ?? []).map((label) => {
				const copy = label.cloneNode(true) as HTMLElement;
				copy
					.querySelectorAll('input, select, textarea, button')
					.forEach((control) => control.remove());
				return h.fold(copy.textContent);
			});
			const text = h.fold(labels.join(' '));
			return text || h.fold(element.getAttribute('title')) || null;
		},
		buttonText(element: Element): string {
			return (
				h.ariaLabel(element) ||
				h.text(element) ||
				h.fold((element as HTMLInputElement).value) ||
				h.fold(element.getAttribute('title')) ||
				h.fold(element.getAttribute('alt'))
			);
		},
		linkText(element: Element): string {
			return (
				h.ariaLabel(element) ||
				h.text(element) ||
				h.fold(element.getAttribute('title')) ||
				h.fold(element.querySelector('img[alt]')?.getAttribute('alt'))
			);
		},
		/** Shortest chain of tag (and :nth-of-type) steps, from the element up, that matches only it; stops at a unique #id. */
		cssPath(element: Element): string {
			const steps: string[] = [];
			for (let node: Element | null = element; node; node = node.parentElement) {
				if (node.id && h.isUnique(`#${CSS.escape(node.id)}`, node)) {
					steps.unshift(`#${CSS.escape(node.id)}`);
					if (h.isUnique(steps.join(' > '), element)) return steps.join(' > ');
					steps.shift();
				}
				let step = node.localName;
				const parent: Element | null = node.parentElement;
				if (parent) {
					const sameTag = Array.from(parent.children).filter(
						(child) => child.localName === node!.localName,
					);
					if (sameTag.length > 1) step += `:nth-of-type(${sameTag.indexOf(node) + 1})`;
				}
				steps.unshift(step);
				if (h.isUnique(steps.join(' > '), element)) return steps.join(' > ');
			}
			return steps.join(' > ');
		},
		candidates(element: Element, role: string | null, name: string): Candidates {
			const ref =
				elements.indexOf(element) >= 0 ? elements.indexOf(element) : elements.push(element) - 1;
			const id = element.id ? `#${CSS.escape(element.id)}` : '';
			const nameAttribute = element.getAttribute('name');
			const byName = nameAttribute
				? `${element.localName}[name=${JSON.stringify(nameAttribute)}]`
				: '';
			const css =
				id && h.isUnique(id, element)
					? id
					: byName && h.isUnique(byName, element)
						? byName
						: undefined;
			const roleSelector =
				role && name && name.length <= 100
					? `role=${role}[name=${JSON.stringify(name)}]`
					: undefined;
			return {
				...(css && { css }),
				...(roleSelector && { role: roleSelector }),
				path: h.cssPath(element),
				ref,
			};
		},
		field(element: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): RawField {
			const type = element.type === 'select-one' ? 'select' : element.type;
			const label = h.fieldLabel(element);
			const field: RawField = {
				label,
				name: element.getAttribute('name'),
				type,
				required: element.required,
				selector: h.candidates(element, TEXT_ROLES[type] ?? null, label ?? ''),
			};
			const placeholder = h.fold(element.getAttribute('placeholder'));
			if (placeholder) field.placeholder = placeholder;
			if (element.disabled) field.disabled = true;
			if (element instanceof HTMLSelectElement) {
				field.options = Array.from(element.options)
					.slice(0, maxPerKind)
					.map((option) => ({ value: option.value, text: h.fold(option.text) }));
			}
			return field;
		},
		isField(element: Element): boolean {
			if (
				!(
					element instanceof HTMLInputElement ||
					element instanceof HTMLSelectElement ||
					element instanceof HTMLTextAreaElement
				)
			)
				return false;
			if (element instanceof HTMLInputElement && NON_FIELD_INPUTS.includes(element.type))
				return false;
			return includeHidden || (element.type !== 'hidden' && h.visible(element));
		},
		shown(element: Element): boolean {
			return includeHidden || h.visible(element);
		},
	};

	const headingElements = Array.from(
		document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'),
	).filter(h.shown);
	const formElements = Array.from(document.forms).filter(h.shown);
	const fieldElements = Array.from(document.querySelectorAll(FIELD_SELECTOR)).filter(
		h.isField,
	) as Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;
	const buttonElements = Array.from(document.querySelectorAll(BUTTON_SELECTOR)).filter(h.shown);
	const linkElements = Array.from(document.querySelectorAll('a[href]')).filter(h.shown);

	return {
		title: document.title,
		url: location.href,
		headings: headingElements.slice(0, maxPerKind).map((element) => {
			const level = /^h[1-6]$/.test(element.localName)
				? Number(element.localName[1])
				: Number(element.getAttribute('aria-level')) || 2;
			const text = h.text(element);
			return {
				level,
				text: h.short(text),
				selector: h.candidates(element, `heading[level=${level}]`, text),
			};
		}),
		forms: formElements.slice(0, maxPerKind).map((form) => {
			const submit = Array.from(form.elements).find(
				(control) =>
					(control instanceof HTMLButtonElement || control instanceof HTMLInputElement) &&
					control.type === 'submit' &&
					h.shown(control),
			);
			const action = form.getAttribute('action');
			return {
				selector: h.candidates(form, h.ariaLabel(form) ? 'form' : null, h.ariaLabel(form)),
				...(form.getAttribute('name') && { name: form.getAttribute('name')! }),
				...(action !== null && { action: form.action }),
				...(form.getAttribute('method') && { method: form.method }),
				fields: fieldElements
					.filter((field) => field.form === form)
					.slice(0, maxPerKind)
					.map(h.field),
				...(submit && { submit: h.candidates(submit, 'button', h.buttonText(submit)) }),
			};
		}),
		fieldsOutsideForms: fieldElements
			.filter((field) => !field.form)
			.slice(0, maxPerKind)
			.map(h.field),
		buttons: buttonElements.slice(0, maxPerKind).map((element) => {
			const text = h.buttonText(element);
			const type =
				element instanceof HTMLButtonElement || element instanceof HTMLInputElement
					? element.type
					: undefined;
			return {
				text: h.short(text),
				...(type && { type }),
				selector: h.candidates(element, 'button', text),
				...((element as HTMLButtonElement).disabled && { disabled: true as const }),
			};
		}),
		links: linkElements.slice(0, maxPerKind).map((element) => {
			const text = h.linkText(element);
			return {
				text: h.short(text),
				href: (element as HTMLAnchorElement).href,
				selector: h.candidates(element, 'link', text),
			};
		}),
		truncated:
			[
				headingElements,
				formElements,
				buttonElements,
				linkElements,
				fieldElements.filter((field) => !field.form),
			].some((list) => list.length > maxPerKind) ||
			formElements.some(
				(form) => fieldElements.filter((field) => field.form === form).length > maxPerKind,
			),
		counts: {
			headings: headingElements.length,
			forms: formElements.length,
			fields: fieldElements.length,
			buttons: buttonElements.length,
			links: linkElements.length,
		},
	};
}
