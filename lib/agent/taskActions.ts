import { z } from 'zod';
import { actions, type ActionName } from '../actions';

/** What the model may do on the page: a few of the runner's actions, with their own schemas. */
export const TASK_ACTIONS = [
	'navigate',
	'click',
	'fill',
	'selectOption',
	'check',
	'uncheck',
	'pressKey',
	'mouseWheel',
	'goBack',
	'extractText',
	'download',
] as const satisfies readonly ActionName[];

/** The input fields the model fills for each task action (the runner's own schemas, common fields left out). */
export function taskActionSchemas(): Record<string, { description: string; input: unknown }> {
	const common = new Set(['timeoutMs', 'retries', 'onTimeout']);
	return Object.fromEntries(
		TASK_ACTIONS.map((name) => {
			const schema = z.toJSONSchema(actions[name].input, { io: 'input' }) as {
				properties?: Record<string, unknown>;
				required?: string[];
			};
			const properties = Object.fromEntries(
				Object.entries(schema.properties ?? {}).filter(([field]) => !common.has(field)),
			);
			return [
				name,
				{
					description: actions[name].description,
					input: { properties, required: (schema.required ?? []).filter((f) => !common.has(f)) },
				},
			];
		}),
	);
}
