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
	const path = await page.evaluate(cssPathAt, { x: x * viewport.width, y: y * viewport.height });
	if (!path) return undefined;
	const normalized = await page.locator(path).normalize();
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

/** In the page: a CSS path that names exactly the element at the point (nth-of-type at each step). */
function cssPathAt(point: { x: number; y: number }): string | undefined {
	let element = document.elementFromPoint(point.x, point.y);
	if (!element || element === document.documentElement) return undefined;
	const steps: string[] = [];
	for (; element && element !== document.documentElement; element = element.parentElement) {
		const tag = element.tagName.toLowerCase();
		const parent: Element | null = element.parentElement;
		const sameTag = parent
			? Array.from(parent.children).filter((child) => child.tagName === element!.tagName)
			: [];
		steps.unshift(sameTag.length > 1 ? `${tag}:nth-of-type(${sameTag.indexOf(element) + 1})` : tag);
	}
	return `css=html > ${steps.join(' > ')}`;
}
