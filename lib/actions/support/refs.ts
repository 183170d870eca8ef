import type { Frame, Page } from 'playwright';
import { BrowserAgentError } from '../../errors';
import { storeKey, type ActionContext } from '../action';

/**
 * Element refs (`ref=e12`) from Page → Snapshot as selectors. Playwright resolves `aria-ref=` against
 * the latest AI snapshot of the element's frame, but a ref that is no longer there only times out;
 * the session remembers which refs each page's latest snapshot gave, so a stale one fails at once.
 */
const LATEST_REFS = storeKey<WeakMap<Page | Frame, Set<string>>>('snapshotRefs');

/** A ref as the snapshot writes it: `e12`, or `f1e3` inside the first iframe. */
const REF_PATTERN = /^(?:aria-)?ref=((?:f\d+)?e\d+)$/i;

/** Every `[ref=…]` a snapshot's text names, in order. */
export function refsIn(snapshot: string): string[] {
	return [...snapshot.matchAll(/\[ref=((?:f\d+)?e\d+)\]/g)].map((match) => match[1]);
}

export function rememberRefs(context: ActionContext, refs: Iterable<string>): void {
	context.session.store.obtain(LATEST_REFS, () => new WeakMap()).set(context.scope, new Set(refs));
}

/** The ref a selector names, if it is one (`ref=e12`, also Playwright's own `aria-ref=e12`). */
export function refOf(selector: unknown): string | undefined {
	return typeof selector === 'string' ? REF_PATTERN.exec(selector.trim())?.[1] : undefined;
}

/**
 * The Playwright selector for a ref of the latest snapshot of the action's page or frame; STALE_REF
 * when there is no snapshot, the ref is not in the latest one, or its element is gone since.
 */
export async function refSelector(
	context: ActionContext,
	ref: string,
	action: string,
): Promise<string> {
	const stale = (why: string) =>
		new BrowserAgentError('STALE_REF', `ref=${ref} ${why}`, {
			action,
			selector: `ref=${ref}`,
			advice:
				'Take a new snapshot (Page → Snapshot) of the page as it is now, and use a ref from that snapshot.',
		});
	const latest = context.session.store.get(LATEST_REFS)?.get(context.scope);
	if (!latest) throw stale('cannot be used: no snapshot of this page has been taken yet.');
	if (!latest.has(ref)) throw stale('is not in the latest snapshot of this page.');
	const selector = `aria-ref=${ref}`;
	const count = await context.scope
		.locator(selector)
		.count()
		.catch(() => 0);
	if (count === 0)
		throw stale(
			'no longer resolves: the page changed since the snapshot (it navigated or re-rendered).',
		);
	return selector;
}

/** The input with every ref in a selector field (`selector`, `…Selector`) turned into Playwright's. */
export async function withRefsResolved<Input extends Record<string, unknown>>(
	context: ActionContext,
	input: Input,
	action: string,
): Promise<Input> {
	let resolved: Input | undefined;
	for (const [field, value] of Object.entries(input)) {
		if (field !== 'selector' && !field.endsWith('Selector')) continue;
		const ref = refOf(value);
		if (!ref) continue;
		resolved ??= { ...input };
		(resolved as Record<string, unknown>)[field] = await refSelector(context, ref, action);
	}
	return resolved ?? input;
}
