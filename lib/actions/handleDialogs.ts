import { z } from 'zod';
import type { BrowserContext, Dialog } from 'playwright';
import { defineAction, storeKey, type SessionControls } from './action';

/** One JavaScript dialog (alert, confirm, prompt, leave-page prompt) the session saw. */
export interface DialogRecord {
	type: string;
	message: string;
	/** The text a prompt proposes; empty for other dialogs. */
	defaultValue: string;
	/** What was done with it. */
	handledWith: 'accepted' | 'dismissed';
	/** The page that opened it. */
	url: string;
	/** When it opened (ISO 8601). */
	at: string;
}

/** What the session remembers about dialogs, under the store key `dialogs`. */
export interface DialogState {
	policy: 'accept' | 'dismiss';
	/** Typed into prompts when accepting; undefined keeps each prompt's proposed text. */
	promptText?: string;
	/** The latest dialogs, oldest first (at most DIALOG_HISTORY_LIMIT). */
	seen: DialogRecord[];
	/** Every dialog since handling started, including those no longer kept in `seen`. */
	total: number;
}

export const DIALOGS_STORE_KEY = storeKey<DialogState>('dialogs');
const DIALOG_HISTORY_LIMIT = 100;

/** The session's dialog state, when Handle Dialogs has run in it. */
export function dialogState(session: SessionControls): DialogState | undefined {
	return session.store.get(DIALOGS_STORE_KEY);
}

export const handleDialogs = defineAction({
	name: 'handleDialogs',
	description:
		'From now on, accept or dismiss every alert, confirm and prompt in every tab of the session (prompts get the given text), and record each dialog. Returns the dialogs seen so far.',
	retryable: true,
	sensitiveFields: ['promptText'],
	input: {
		// Accept, as the node's field always did: saved workflows that kept its default rely on it.
		policy: z
			.enum(['accept', 'dismiss'])
			.default('accept')
			.describe(
				'accept = press OK (confirm returns true, prompt returns the text); dismiss = press Cancel (confirm returns false, prompt returns null).',
			),
		promptText: z
			.string()
			.max(10_000)
			.optional()
			.describe(
				'Text to answer prompts with when accepting. Leave empty to keep the text each prompt proposes.',
			),
	},
	async run({ context, session }, { policy, promptText }) {
		const existing = dialogState(session);
		const state: DialogState = {
			policy,
			promptText,
			seen: existing?.seen ?? [],
			total: existing?.total ?? 0,
		};
		session.store.set(DIALOGS_STORE_KEY, state);
		if (!existing) listenForDialogs(context, session);
		return { result: { policy, dialogs: [...state.seen], dialogCount: state.total } };
	},
});

/**
 * One listener on the browser context covers every tab, including tabs opened later. It reads
 * the policy from the store when a dialog opens, so a later Handle Dialogs changes it at once.
 */
function listenForDialogs(context: BrowserContext, session: SessionControls): void {
	context.on('dialog', (dialog) => void answer(dialog, session));
}

async function answer(dialog: Dialog, session: SessionControls): Promise<void> {
	const state = dialogState(session);
	if (!state) return;
	// A leave-page prompt is always accepted, as Playwright does, so navigating and closing never hang.
	const accept = dialog.type() === 'beforeunload' || state.policy === 'accept';
	state.seen.push({
		type: dialog.type(),
		message: dialog.message(),
		defaultValue: dialog.defaultValue(),
		handledWith: accept ? 'accepted' : 'dismissed',
		url: dialog.page()?.url() ?? '',
		at: new Date().toISOString(),
	});
	state.total++;
	if (state.seen.length > DIALOG_HISTORY_LIMIT) state.seen.shift();
	try {
		if (accept)
			await dialog.accept(
				dialog.type() === 'prompt' ? (state.promptText ?? dialog.defaultValue()) : undefined,
			);
		else await dialog.dismiss();
	} catch {
		// The tab closed while the dialog was open: nothing left to answer.
	}
}
