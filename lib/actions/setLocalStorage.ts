import { z } from 'zod';
import { defineAction } from './action';
import { jsonOrValue } from './support/storageState';
import { assertWebOrigin } from './support/webStorage';

export const setLocalStorage = defineAction({
	name: 'setLocalStorage',
	description:
		'Write key/value pairs into the localStorage (or sessionStorage) of the current page’s site. Values that are not text are stored as JSON. Other keys stay unless "clear" is set.',
	retryable: true,
	sensitiveFields: ['values'],
	input: {
		values: jsonOrValue(
			z.record(z.string().min(1, 'a storage key cannot be empty'), z.unknown()),
			'the values (an object like {"theme": "dark"})',
		).describe('Keys and values to write, e.g. { "theme": "dark", "token": "…" }.'),
		storage: z
			.enum(['local', 'session'], { error: 'storage must be local or session' })
			.default('local')
			.describe(
				'local: localStorage (kept for the site); session: sessionStorage (this tab only).',
			),
		clear: z.boolean().default(false).describe('Remove every existing key of that storage first.'),
	},
	async run(context, { values, storage, clear }) {
		const entries = Object.entries(values).map(
			([key, value]) =>
				[key, typeof value === 'string' ? value : (JSON.stringify(value) ?? '')] as [
					string,
					string,
				],
		);
		const outcome = await context.scope.evaluate(
			({ entries, storage, clear }) => {
				if (window.location.origin === 'null')
					return { origin: 'null', url: window.location.href, count: 0 };
				const area = storage === 'session' ? window.sessionStorage : window.localStorage;
				if (clear) area.clear();
				for (const [key, value] of entries) area.setItem(key, value);
				return { origin: window.location.origin, url: window.location.href, count: area.length };
			},
			{ entries, storage, clear },
		);
		assertWebOrigin(outcome.origin, outcome.url);
		return {
			result: {
				origin: outcome.origin,
				storage,
				keys: entries.map(([key]) => key),
				written: entries.length,
				total: outcome.count,
			},
		};
	},
});
