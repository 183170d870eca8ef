import { errors, type Frame, type Page } from 'playwright';
import { z } from 'zod';
import { defineAction, type ActionContext } from './action';
import { BrowserAgentError } from '../errors';
import { describeFrames, frameInfo } from './support/frames';
import { compilePattern, patternSchema } from './support/matchPattern';
import { pollUntil, remaining } from './support/polling';

const frameSelector = z
	.string()
	.trim()
	.min(1, 'a selector is required, e.g. #payment-frame or iframe[name="checkout"]')
	.max(10_000);

export const switchFrame = defineAction({
	name: 'switchFrame',
	description:
		'Make later element actions work inside a frame (iframe): found by the selector of its iframe element (a list of selectors, outer to inner, for frames inside frames), by its name, or by its URL. Frame → main goes back to the page.',
	retryable: true,
	input: {
		selector: z
			.union([frameSelector, z.array(frameSelector).min(1).max(10)])
			.optional()
			.describe(
				'The iframe element (Playwright selector), looked up where the flow currently is (the page, or the frame it is in). For nested frames, a list from outer to inner, e.g. ["#outer-frame", "#inner-frame"].',
			),
		name: z
			.string()
			.trim()
			.min(1)
			.max(1_000)
			.optional()
			.describe(
				'The frame’s name (the iframe’s name attribute, or its id when it has no name), at any depth.',
			),
		url: patternSchema
			.optional()
			.describe(
				'The first frame, at any depth, whose URL matches this pattern (*, /regex/ or text it contains).',
			),
	},
	async run(context, { selector, name, url }) {
		const given = [
			selector !== undefined && 'selector',
			name !== undefined && 'name',
			url !== undefined && 'url',
		].filter(Boolean) as string[];
		if (given.length !== 1) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				`Switch Frame needs exactly one of selector, name or url (got ${given.length ? given.join(', ') : 'none'}).`,
				{
					field: given[1] ?? 'selector',
					advice:
						'Choose one way to find the frame: the selector of its iframe element, its name, or a URL pattern.',
				},
			);
		}
		const deadline = Date.now() + context.timeoutMs;
		const frame =
			selector !== undefined
				? await enterChain(context, Array.isArray(selector) ? selector : [selector], deadline)
				: await findFrame(
						context,
						name !== undefined ? (frame) => frame.name() === name : matchUrl(url!),
						name !== undefined ? `named "${name}"` : `whose URL matches "${url}"`,
						deadline,
					);
		// Elements are looked up in its document; wait until there is one.
		await frame.waitForLoadState('domcontentloaded', { timeout: remaining(deadline) });
		context.session.useFrame(frame);
		context.scope = frame;
		return { result: { frame: frameInfo(frame) } };
	},
});

function matchUrl(pattern: string): (frame: Frame) => boolean {
	const matches = compilePattern(pattern);
	return (frame) => matches(frame.url());
}

/** Enters one iframe per selector, each looked up inside the previous one. */
async function enterChain(
	context: ActionContext,
	selectors: string[],
	deadline: number,
): Promise<Frame> {
	let scope: Page | Frame = context.scope;
	for (const [level, selector] of selectors.entries()) {
		const where =
			level === 0
				? scope === context.page
					? 'on the page'
					: `in the current frame "${(scope as Frame).name()}"`
				: `inside the frame "${selectors[level - 1]}"`;
		const matches = scope.locator(selector);
		let timedOut: unknown;
		try {
			await matches.first().waitFor({ state: 'attached', timeout: remaining(deadline) });
		} catch (error) {
			if (!(error instanceof errors.TimeoutError)) throw error;
			timedOut = error;
		}
		// The chain shares one deadline, so on a busy machine it can pass while an outer iframe that is
		// there is still being looked up. What the page holds now, not which wait the clock stopped,
		// decides which selector is missing; these lookups do not wait, so they need no time left.
		const handles = await matches.elementHandles();
		if (handles.length === 0) {
			throw new BrowserAgentError(
				'ELEMENT_NOT_FOUND',
				`No iframe matches "${selector}" ${where} (waited ${context.timeoutMs} ms).`,
				{
					selector,
					advice:
						level === 0 && scope !== context.page
							? 'The flow is inside a frame already, and selectors are looked up there: use Frame → Main first to start from the page, or give only the inner frames.'
							: 'Check the selector of the <iframe> element (a screenshot helps), or raise the timeout if the frame appears late.',
					cause: timedOut,
				},
			);
		}
		if (handles.length > 1) {
			await Promise.all(handles.map((handle) => handle.dispose().catch(() => undefined)));
			throw new BrowserAgentError(
				'ELEMENT_AMBIGUOUS',
				`The selector "${selector}" matches ${handles.length} elements ${where}, so switchFrame does not know which frame to enter.`,
				{
					selector,
					advice:
						'Make the selector more specific, e.g. iframe[name="…"], or add >> nth=0 to take the first.',
				},
			);
		}
		const [handle] = handles;
		const frame = await handle.contentFrame();
		const tag = frame
			? ''
			: await handle
					.evaluate((element) => (element as Element).tagName.toLowerCase())
					.catch(() => 'element');
		await handle.dispose().catch(() => undefined);
		if (!frame) {
			throw new BrowserAgentError(
				'ELEMENT_NOT_FOUND',
				`"${selector}" ${where} is a <${tag}>, not an <iframe>, so there is no frame to enter.`,
				{
					selector,
					advice: 'Point the selector at the <iframe> (or <frame>) element itself.',
				},
			);
		}
		scope = frame;
	}
	return scope as Frame;
}

/** The first frame of the page, at any depth, that `test` accepts; waits for it up to the deadline. */
async function findFrame(
	context: ActionContext,
	test: (frame: Frame) => boolean,
	what: string,
	deadline: number,
): Promise<Frame> {
	const frame = await pollUntil(
		() =>
			context.page
				.frames()
				.find(
					(candidate) =>
						candidate.parentFrame() !== null && !candidate.isDetached() && test(candidate),
				),
		{
			deadline,
			signal: context.signal,
		},
	);
	if (frame) return frame;
	throw new BrowserAgentError(
		'ELEMENT_NOT_FOUND',
		`No frame ${what} on the page (waited ${context.timeoutMs} ms).`,
		{
			advice: `Frames on the page: ${describeFrames(context.page.frames())}. A frame’s name is its iframe’s name attribute, or its id when it has none.`,
		},
	);
}
