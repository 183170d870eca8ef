import type { Page } from 'playwright';
import { viewportOf } from './input';

/** What the picker tells a person about the element under the pointer. */
export interface PickedElement {
	/** Paste into any Browser Agent selector field: Playwright's own selector for the locator below. */
	selector: string;
	/** The locator as codegen writes it, e.g. getByRole('button', { name: 'Sign in' }). */
	locator: string;
	/** How many elements the locator matches without its position (.first(), .nth(2)); 1 means it is unique. */
	matches: number;
	/** Where the element is, as fractions of the picture, to outline it. */
	box?: { x: number; y: number; width: number; height: number };
}

/**
 * The element at a point of the page (fractions of the picture) as the best-practice locator
 * Playwright's normalize() gives (role, label, test id before CSS), or undefined where there is none.
 */
export async function pickAt(page: Page, x: number, y: number): Promise<PickedElement | undefined> {
	const viewport = await viewportOf(page);
	const found = await page.evaluate(describeElement, {
		x: x * viewport.width,
		y: y * viewport.height,
	});
	if (!found) return undefined;
	const normalized = await page.locator(found.path).normalize();
	const selector = selectorOf(normalized);
	const box = await normalized.boundingBox({ timeout: 1_000 }).catch(() => null);
	return {
		selector,
		locator: normalized.toString(),
		matches: await page.locator(withoutPosition(selector)).count(),
		...(box && {
			box: {
				x: box.x / viewport.width,
				y: box.y / viewport.height,
				width: box.width / viewport.width,
				height: box.height / viewport.height,
			},
		}),
	};
}

/** What a recorded step needs to know of an element: how to find it, and what kind of input it is. */
export type ElementKind = 'text' | 'password' | 'select' | 'checkbox' | 'radio' | 'file' | 'other';
export interface PickedTarget {
	/** Playwright's selector for the locator normalize() gives. */
	selector: string;
	kind: ElementKind;
}

/** The element at a point of the picture (fractions), named as normalize() names it. */
export async function elementAt(
	page: Page,
	x: number,
	y: number,
): Promise<PickedTarget | undefined> {
	const viewport = await viewportOf(page);
	return targetOf(
		page,
		await page.evaluate(describeElement, { x: x * viewport.width, y: y * viewport.height }),
	);
}

/** The element that has the keyboard focus, if one does (not the page itself). */
export async function focusedElement(page: Page): Promise<PickedTarget | undefined> {
	return targetOf(page, await page.evaluate(describeElement, undefined));
}

async function targetOf(
	page: Page,
	found: { path: string; kind: ElementKind } | undefined,
): Promise<PickedTarget | undefined> {
	if (!found) return undefined;
	const normalized = await page.locator(found.path).normalize();
	return { selector: selectorOf(normalized), kind: found.kind };
}

/** Playwright keeps a locator's selector on it without a public getter; its text form is code, not a selector. */
function selectorOf(locator: object): string {
	const selector = (locator as { _selector?: unknown })._selector;
	if (typeof selector !== 'string')
		throw new Error('This Playwright version keeps no selector on its locators.');
	return selector;
}

function withoutPosition(selector: string): string {
	return selector.replace(/ >> nth=-?\d+$/, '');
}

/**
 * In the page: the element at the point (or, without one, the focused element) as a CSS path that
 * names exactly it (nth-of-type at each step), and what kind of input it is.
 */
function describeElement(
	point: { x: number; y: number } | undefined,
): { path: string; kind: ElementKind } | undefined {
	let element = point ? document.elementFromPoint(point.x, point.y) : document.activeElement;
	if (!element || element === document.documentElement || element === document.body)
		return undefined;
	const tag = element.tagName.toLowerCase();
	const type = tag === 'input' ? ((element as HTMLInputElement).type || 'text').toLowerCase() : '';
	const kind: ElementKind =
		tag === 'select'
			? 'select'
			: tag === 'textarea' || (element as HTMLElement).isContentEditable
				? 'text'
				: tag !== 'input'
					? 'other'
					: ['checkbox', 'radio', 'file', 'password'].includes(type)
						? (type as ElementKind)
						: ['button', 'submit', 'reset', 'image', 'range', 'color'].includes(type)
							? 'other'
							: 'text';
	const steps: string[] = [];
	for (; element && element !== document.documentElement; element = element.parentElement) {
		const parent: Element | null = element.parentElement;
		const sameTag = parent
			? Array.from(parent.children).filter((child) => child.tagName === element!.tagName)
			: [];
		const name = element.tagName.toLowerCase();
		steps.unshift(
			sameTag.length > 1 ? `${name}:nth-of-type(${sameTag.indexOf(element) + 1})` : name,
		);
	}
	return { path: `css=html > ${steps.join(' > ')}`, kind };
}
