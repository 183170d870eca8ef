import { errors as playwrightErrors, type Locator } from 'playwright';
import { z } from 'zod';
import { defineAction, elementTarget } from './action';

/** What an IF node can branch on. An absent element is a normal answer, not an error. */
export interface ElementState {
	exists: boolean;
	/** How many elements the selector matches (all of them, whatever the index). */
	count: number;
	visible: boolean;
	enabled: boolean;
	/** False too for elements that cannot be checked. */
	checked: boolean;
	editable: boolean;
	focused: boolean;
	boundingBox: { x: number; y: number; width: number; height: number } | null;
	text: string;
	/** The value of an input, text area or drop-down; null for other elements. */
	value: string | null;
}

const ABSENT: Omit<ElementState, 'count'> = {
	exists: false,
	visible: false,
	enabled: false,
	checked: false,
	editable: false,
	focused: false,
	boundingBox: null,
	text: '',
	value: null,
};

/** How long each probe of an element known to exist may take (it may vanish in between). */
const PROBE_TIMEOUT_MS = 1_000;

export const getState = defineAction({
	name: 'getState',
	description:
		'Tell whether an element exists and is visible, enabled, checked or editable, with its count, position and text: never fails because the element is absent, so an IF node can branch on the answer.',
	retryable: true,
	input: {
		selector: elementTarget.selector,
		index: elementTarget.index.describe(
			'Which match to describe (0 = first). Leave empty for the first match; count still counts them all.',
		),
		waitMs: z
			.number()
			.int()
			.min(0)
			.max(3_600_000)
			.default(0)
			.describe(
				'How long to wait for the element to appear before answering “does not exist”. 0 = answer at once.',
			),
	},
	async run(context, { selector, index, waitMs }) {
		const all = context.scope.locator(selector);
		const target = all.nth(index ?? 0);
		if (waitMs > 0) {
			await target
				.waitFor({ state: 'attached', timeout: Math.min(waitMs, context.timeoutMs) })
				.catch((error: unknown) => {
					if (!(error instanceof playwrightErrors.TimeoutError)) throw error;
				});
		}
		const count = await all.count();
		if (count <= (index ?? 0)) return { result: { ...ABSENT, count } satisfies ElementState };
		return { result: { ...(await describe(target)), count } satisfies ElementState };
	},
});

async function describe(target: Locator): Promise<Omit<ElementState, 'count'>> {
	const probe = { timeout: PROBE_TIMEOUT_MS };
	const facts = await target
		.evaluate(
			(element) => {
				const field = element as HTMLInputElement;
				const hasValue =
					element instanceof HTMLInputElement ||
					element instanceof HTMLTextAreaElement ||
					element instanceof HTMLSelectElement;
				return {
					text: ((element as HTMLElement).innerText ?? element.textContent ?? '')
						.replace(/\s+/g, ' ')
						.trim(),
					value: hasValue ? String(field.value) : null,
					password: element instanceof HTMLInputElement && field.type === 'password',
					focused: element.ownerDocument.activeElement === element,
				};
			},
			undefined,
			probe,
		)
		.catch(() => undefined);
	// The element went away between counting and looking: answer as if it had never been there.
	if (!facts) return ABSENT;
	const [visible, enabled, editable, checked, box] = await Promise.all([
		target.isVisible().catch(() => false),
		target.isEnabled(probe).catch(() => false),
		target.isEditable(probe).catch(() => false),
		target.isChecked(probe).catch(() => false),
		target.boundingBox(probe).catch(() => null),
	]);
	return {
		exists: true,
		visible,
		enabled,
		checked,
		editable,
		focused: facts.focused,
		boundingBox: box && {
			x: Math.round(box.x),
			y: Math.round(box.y),
			width: Math.round(box.width),
			height: Math.round(box.height),
		},
		text: facts.text,
		// Never read a password field's content into the workflow's data.
		value: facts.password ? null : facts.value,
	};
}
