import type { BrowserContext, Page } from 'playwright';
import type { LiveInput } from './input';
import { elementAt, focusedElement, type ElementKind, type PickedTarget } from './picker';

/** One recorded step: a Run Steps step (`{"action": "click", "selector": …}`), runnable as it is. */
export type RecordedStep =
	| { action: 'navigate'; url: string }
	| { action: 'click'; selector: string }
	| { action: 'fill'; selector: string; value: string }
	| { action: 'check' | 'uncheck'; selector: string }
	| { action: 'selectOption'; selector: string; values: string[] }
	| { action: 'pressKey'; selector?: string; keys: string }
	| { action: 'uploadFile'; selector: string; uploadBy: 'fileChooser' }
	| { action: 'waitForPopup' };

/** What the person's recording gave: the steps in order, and what a step needs from whoever replays it. */
export interface Recording {
	steps: RecordedStep[];
	/** Step numbers count from 1, as Run Steps names its output fields (step1, step2…). */
	notes: Array<{ step: number; note: string }>;
}

/** Keys that edit the focused field: their effect is in the field's final value, not steps of their own. */
const EDITING_KEYS =
	/^(Backspace|Delete|ArrowLeft|ArrowRight|ArrowUp|ArrowDown|Home|End|Shift|Control|Alt|Meta|(Control|Meta|Shift)\+.+)$/;
const FIELD_KINDS = new Set<ElementKind>(['text', 'password', 'select']);

export const PASSWORD_NOTE =
	'A password was typed here; it is not recorded. Set Value Source → Site Login: Password (a Browser Agent Site Login credential), or the value in Run Steps.';
export const FILE_NOTE =
	'A file dialog opened here. Give the files: Element → Upload File takes them from the item’s binary fields; in Run Steps, add "files".';

/**
 * Turns what a person does through the live view into steps, as Playwright's codegen would:
 * clicks, the final value of a field (not each key), selections, check/uncheck, keys that are not
 * editing, file dialogs and new tabs, each element named by the locator normalize() gives. The
 * element is named before the input reaches the page, while it is still there.
 */
export class LiveRecorder {
	private on = false;
	private readonly recorded: Recording = { steps: [], notes: [] };
	/** The field the person is typing into or choosing in: its value is read when they leave it. */
	private field?: { page: Page; target: PickedTarget };
	/** What the person pressed the button on, until they release it. */
	private pressed?: PickedTarget;
	/** The press opened a file dialog: recorded as Upload File, not as a click. */
	private chooserOpened = false;
	private lastUrl?: string;
	private readonly watched = new WeakSet<BrowserContext>();

	get recording(): boolean {
		return this.on;
	}

	get stepCount(): number {
		return this.recorded.steps.length;
	}

	async start(page: Page): Promise<void> {
		if (this.on) return;
		this.on = true;
		if (page.url() !== this.lastUrl) this.push({ action: 'navigate', url: page.url() });
		const context = page.context();
		if (this.watched.has(context)) return;
		this.watched.add(context);
		context.on('page', () => {
			if (this.on) this.push({ action: 'waitForPopup' });
		});
		const onChooser = (tab: Page) =>
			tab.on('filechooser', () => {
				if (!this.on || !this.pressed) return;
				this.push(
					{ action: 'uploadFile', selector: this.pressed.selector, uploadBy: 'fileChooser' },
					FILE_NOTE,
				);
				this.chooserOpened = true;
			});
		for (const tab of context.pages()) onChooser(tab);
		context.on('page', onChooser);
	}

	async stop(): Promise<void> {
		await this.flush();
		this.on = false;
	}

	/** The recording so far, with the field being typed in read now. */
	async finish(): Promise<Recording> {
		await this.flush();
		this.on = false;
		return { steps: [...this.recorded.steps], notes: [...this.recorded.notes] };
	}

	/** Called with each input before the page gets it. */
	async before(page: Page, input: LiveInput): Promise<void> {
		if (!this.on) return;
		if (input.type === 'down' && input.button === 'left') {
			await this.flush();
			this.chooserOpened = false;
			this.pressed = await elementAt(page, input.x, input.y);
		} else if (input.type === 'type') {
			await this.typingInto(page);
		} else if (input.type === 'key') {
			const focused = await focusedElement(page);
			// In a drop-down every key chooses (Enter too): its choice is the step, read when they leave it.
			if (
				focused &&
				(focused.kind === 'select' ||
					(FIELD_KINDS.has(focused.kind) && EDITING_KEYS.test(input.key)))
			)
				return this.typingInto(page, focused);
			await this.flush();
			this.push({
				action: 'pressKey',
				...(focused && focused.kind !== 'other' && { selector: focused.selector }),
				keys: input.key,
			});
		}
	}

	/** Called with each input after the page got it. */
	async after(page: Page, input: LiveInput): Promise<void> {
		if (!this.on || input.type !== 'up' || input.button !== 'left') return;
		const target = this.pressed;
		const chooserOpened = this.chooserOpened;
		this.pressed = undefined;
		this.chooserOpened = false;
		if (!target || chooserOpened) return;
		switch (target.kind) {
			case 'text':
			case 'password':
			case 'select':
				// A click into a field is how typing starts; the field's value is the step.
				this.field = { page, target };
				return;
			case 'checkbox':
			case 'radio': {
				const checked = await page
					.locator(target.selector)
					.isChecked({ timeout: 1_000 })
					.catch(() => true);
				return this.push({ action: checked ? 'check' : 'uncheck', selector: target.selector });
			}
			default:
				this.push({ action: 'click', selector: target.selector });
		}
	}

	private async typingInto(page: Page, known?: PickedTarget): Promise<void> {
		const target = known ?? (await focusedElement(page));
		if (this.field?.target.selector === target?.selector && this.field?.page === page) return;
		await this.flush();
		if (target && FIELD_KINDS.has(target.kind)) this.field = { page, target };
	}

	/** Records the field being typed into with its value now: one Fill (or Select Option) for all its keys. */
	private async flush(): Promise<void> {
		const field = this.field;
		this.field = undefined;
		if (!field) return;
		const { page, target } = field;
		const element = page.locator(target.selector);
		if (target.kind === 'select') {
			const values = await element
				.evaluate((select: HTMLSelectElement) =>
					Array.from(select.selectedOptions, (option) => option.label || option.value),
				)
				.catch(() => undefined);
			if (values) this.push({ action: 'selectOption', selector: target.selector, values });
			return;
		}
		if (target.kind === 'password')
			return this.push({ action: 'fill', selector: target.selector, value: '' }, PASSWORD_NOTE);
		const value = await element.inputValue({ timeout: 1_000 }).catch(() => undefined);
		if (value === undefined) return;
		const last = this.recorded.steps.at(-1);
		if (last?.action === 'fill' && last.selector === target.selector && last.value === value)
			return;
		this.push({ action: 'fill', selector: target.selector, value });
	}

	private push(step: RecordedStep, note?: string): void {
		this.recorded.steps.push(step);
		if (note) this.recorded.notes.push({ step: this.recorded.steps.length, note });
		if (step.action === 'navigate') this.lastUrl = step.url;
	}
}
