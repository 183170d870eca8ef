import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { BrowserAgentError, type SessionKey, type SessionPool } from '../../../../lib';

/** The binary field of the page's picture after a step, on the step's first output item. */
export const STEP_SCREENSHOT_FIELD = 'stepScreenshot';
/** Small enough for every step of a manual run (one viewport, CSS pixels), sharp enough to read. */
const STEP_SCREENSHOT_QUALITY = 60;

const SCREENSHOT_AFTER_STEP = ['auto', 'always', 'never'] as const;
export type ScreenshotAfterStep = (typeof SCREENSHOT_AFTER_STEP)[number];

export const screenshotAfterStepOption: INodeProperties = {
	displayName: 'Screenshot After Step',
	name: 'screenshotAfterStep',
	type: 'options',
	options: [
		{
			name: 'Auto',
			value: 'auto',
			description: 'In runs started from the editor; not in production executions',
		},
		{ name: 'Always', value: 'always', description: 'Also in production executions' },
		{ name: 'Never', value: 'never' },
	],
	default: 'auto',
	description: `Attach a JPEG of the page after this step to the first output item (binary "${STEP_SCREENSHOT_FIELD}"), so the output panel shows what the browser saw`,
};

/** The node's Screenshot After Step option (the same for all its items: one picture per step). */
export function readScreenshotAfterStep(this: IExecuteFunctions): ScreenshotAfterStep {
	const value = this.getNodeParameter(`options.${screenshotAfterStepOption.name}`, 0, 'auto');
	if ((SCREENSHOT_AFTER_STEP as readonly unknown[]).includes(value))
		return value as ScreenshotAfterStep;
	throw new BrowserAgentError(
		'INVALID_INPUT',
		`Screenshot After Step must be one of ${SCREENSHOT_AFTER_STEP.join(', ')}, not ${JSON.stringify(value)}.`,
		{ field: 'options.screenshotAfterStep', advice: 'Pick Auto, Always or Never.' },
	);
}

export function wantsStepScreenshot(
	setting: ScreenshotAfterStep,
	mode: WorkflowExecuteMode,
): boolean {
	return setting === 'always' || (setting === 'auto' && mode === 'manual');
}

/**
 * Adds the page's picture to the item, unless the session is gone (Session → Close) or the item
 * already has a file of that name (the step's own files are never replaced).
 */
export async function attachStepScreenshot(
	context: IExecuteFunctions,
	pool: SessionPool,
	key: SessionKey,
	item: INodeExecutionData,
): Promise<void> {
	if (item.binary?.[STEP_SCREENSHOT_FIELD]) return;
	const bytes = await pool.viewportScreenshot(key, STEP_SCREENSHOT_QUALITY);
	if (!bytes) return;
	item.binary = {
		...item.binary,
		[STEP_SCREENSHOT_FIELD]: await context.helpers.prepareBinaryData(
			bytes,
			'step.jpg',
			'image/jpeg',
		),
	};
}
