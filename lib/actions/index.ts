import { z } from 'zod';
import type { ActionDefinition } from './action';
import { BrowserAgentError } from '../errors';
import { parseOrThrow } from '../validation';
import { click } from './click';
import { download } from './download';
import { dragSlider } from './dragSlider';
import { extractTable } from './extractTable';
import { extractText } from './extractText';
import { fill } from './fill';
import { navigate } from './navigate';
import { screenshot } from './screenshot';
// issue-4 imports: page
// issue-4 imports: element
// issue-4 imports: mouse and extract
// issue-4 imports: tab, frame and network
// issue-4 imports: session and storage

export * from './action';
export { click, download, dragSlider, extractTable, extractText, fill, navigate, screenshot };

/** Every action by its stable name. Batch steps, AI tools and the node all look actions up here. */
export const actions = {
	navigate,
	click,
	fill,
	dragSlider,
	screenshot,
	download,
	extractTable,
	extractText,
	// issue-4 actions: page
	// issue-4 actions: element
	// issue-4 actions: mouse and extract
	// issue-4 actions: tab, frame and network
	// issue-4 actions: session and storage
} as const satisfies Record<string, ActionDefinition<any, any>>;

export type ActionName = keyof typeof actions;
export type ActionInput<Name extends ActionName> = z.input<(typeof actions)[Name]['input']>;
export type ActionResult<Name extends ActionName> = Awaited<ReturnType<(typeof actions)[Name]['run']>>['result'];

export function getAction(name: string): ActionDefinition<any, any> {
	if (!Object.hasOwn(actions, name)) {
		throw new BrowserAgentError('UNKNOWN_ACTION', `There is no action called "${name}".`, {
			field: 'action',
			advice: `Use one of: ${Object.keys(actions).join(', ')}.`,
		});
	}
	return actions[name as ActionName];
}

/** Validates raw input against an action's schema and applies its defaults. */
export function parseActionInput(action: ActionDefinition<any, any>, raw: unknown): Record<string, any> {
	return parseOrThrow(action.input, raw, { action: action.name, subject: `input for ${action.name}` });
}

/** JSON Schema of an action's input, for AI agents and documentation. */
export function actionJsonSchema(name: ActionName) {
	return z.toJSONSchema(actions[name].input, { io: 'input' });
}
