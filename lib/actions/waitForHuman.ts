import { z } from 'zod';
import type { Page } from 'playwright';
import { defineAction, type ActionFile } from './action';
import { BrowserAgentError } from '../errors';
import type { LiveLink, LiveLinks } from '../liveView/links';
import { LiveRecorder } from '../liveView/recorder';

/** What the caller lends: where links live (a server or n8n serves them), and who hears of the new link. */
export interface HumanWaitHost {
	links: LiveLinks;
	/** Called once the link exists, before the wait: send it to the person (a message, the node's output…). */
	onLink?(link: LiveLink): void;
}

export const ON_TIME_LIMIT = ['continue', 'fail'] as const;

/** Inside the 2 s the runner allows an action past its time limit, so "continue" never ends in TIMEOUT. */
const AFTER_PERSON_SCREENSHOT_MS = 1_500;

/**
 * A person finishes what only a person can do (a captcha, an SMS code, an approval) on the
 * session's page through a live-view link, and presses Done; or the time limit passes. What they
 * did is counted by kind (clicks, keys…), never what they typed; the credential's policy holds
 * for every request their actions cause, as for any action.
 */
export const waitForHuman = defineAction({
	name: 'waitForHuman',
	description:
		'Hand the page to a person through a live-view link until they press Done or the time limit passes; returns how long they took and whether time ran out.',
	retryable: false,
	personDrives: true,
	// A person needs minutes, not the 30 s of a step.
	defaultTimeoutMs: 10 * 60_000,
	input: {
		interactive: z
			.boolean()
			.default(true)
			.describe('Whether the person may click and type in the page; off shows it only.'),
		onTimeLimit: z
			.enum(ON_TIME_LIMIT, { error: `onTimeLimit must be ${ON_TIME_LIMIT.join(' or ')}` })
			.default('continue')
			.describe(
				'When nobody pressed Done in time: continue (timedOut: true) or fail with TIMEOUT.',
			),
		message: z
			.string()
			.max(500)
			.default('')
			.describe('What the person is asked to do, shown above the page.'),
		screenshot: z
			.boolean()
			.default(false)
			.describe('Also return a picture of the page as the person left it.'),
	},
	async run(context, { interactive, onTimeLimit, message, screenshot, timeoutMs }) {
		const host = context.host as Partial<HumanWaitHost>;
		if (!host.links)
			throw new BrowserAgentError(
				'NOT_ALLOWED',
				'Waiting for a person needs a live view to show them the page.',
				{
					advice:
						'Call it through SessionPool.waitForHuman (it serves the link), or from the n8n node.',
				},
			);
		const started = Date.now();
		const personActions: Record<string, number> = {};
		let current = context.page;
		// A tab the person opens becomes the one the flow goes on with.
		const onTab = (tab: Page) => {
			current = tab;
			context.session.usePage(tab);
		};
		context.context.on('page', onTab);
		// The tab the person is on: theirs, or another of the session's if they closed it.
		const tabNow = () =>
			current.isClosed() ? context.context.pages().find((tab) => !tab.isClosed()) : current;
		let done!: () => void;
		const pressedDone = new Promise<'done'>((resolve) => (done = () => resolve('done')));
		// Offered to a person who may act: Record turns what they do into steps.
		const recorder = interactive ? new LiveRecorder() : undefined;
		const link = host.links.create(
			{
				currentPage: async () => tabNow(),
				personActed: (kind) => {
					const name = kind.split(' ')[0];
					personActions[name] = (personActions[name] ?? 0) + 1;
				},
			},
			{
				interactive,
				onDone: () => done(),
				expiresAt: started + timeoutMs,
				title: message || 'Your turn',
				recorder,
			},
		);
		let timer: NodeJS.Timeout | undefined;
		try {
			host.onLink?.(link);
			const timeLimit = new Promise<'time'>((resolve) => {
				timer = setTimeout(() => resolve('time'), timeoutMs);
			});
			const aborted = new Promise<never>((_, reject) => {
				context.signal.addEventListener('abort', () => reject(context.signal.reason), {
					once: true,
				});
			});
			const ended = await Promise.race([pressedDone, timeLimit, aborted]);
			const timedOut = ended === 'time';
			if (timedOut && onTimeLimit === 'fail')
				throw new BrowserAgentError(
					'TIMEOUT',
					`Nobody pressed Done in the live view within ${timeoutMs} ms.`,
					{
						advice:
							'Send the link sooner or to more people, raise the time limit, or set On Time Limit to continue.',
					},
				);
			const recorded = await recorder?.finish();
			const page = tabNow();
			const files: ActionFile[] = [];
			const picture =
				screenshot && page
					? await page.screenshot({ timeout: AFTER_PERSON_SCREENSHOT_MS }).catch(() => undefined)
					: undefined;
			if (picture)
				files.push({
					kind: 'screenshot',
					bytes: picture,
					fileName: 'after-person.png',
					mimeType: 'image/png',
				});
			return {
				result: {
					timedOut,
					durationMs: Date.now() - started,
					personActions,
					...(recorded?.steps.length && { recorded }),
					...(page && { url: page.url(), title: await page.title().catch(() => '') }),
				},
				files,
			};
		} finally {
			clearTimeout(timer);
			context.context.off('page', onTab);
			host.links.revoke(link.token, 'the wait is over');
		}
	},
});
