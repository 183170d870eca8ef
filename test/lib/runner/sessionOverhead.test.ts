import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { defineAction } from '../../../lib/actions/action';
import type { ActionArtifacts, Session } from '../../../lib/runner/session';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** Counts the page's title reads: each is a round trip to the page. */
function countTitleReads(page: Page): { count: number } {
	const reads = { count: 0 };
	const title = page.title.bind(page);
	page.title = () => {
		reads.count++;
		return title();
	};
	return reads;
}

/** Counts the strings the session's secret scrub looks at. */
function countScrubs(session: Session): { count: number } {
	const scrubs = { count: 0 };
	const scrub = session.secrets.scrub.bind(session.secrets);
	session.secrets.scrub = (text) => {
		scrubs.count++;
		return scrub(text);
	};
	return scrubs;
}

/** An action whose result quotes a secret it was given. */
const echo = defineAction({
	name: 'echo',
	description: 'Returns its text.',
	input: {},
	sensitiveFields: [],
	personDrives: false,
	run: async (_context, input: Record<string, unknown>) => ({ result: { said: input.text } }),
});

describe('What a session does around each action', () => {
	let env: RunnerEnvironment;

	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('reads the page title once for a run that returns it, never when the call does not want it', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const reads = countTitleReads(await env.page(key));

		const wanted = await env.pool.run(key, 'fill', { selector: '#username', value: 'ada' });
		assert.equal(wanted.title, 'Sign in - Acme Finance');
		assert.equal(reads.count, 1, 'one round trip for the title');

		reads.count = 0;
		const unwanted = await env.pool.run(
			key,
			'fill',
			{ selector: '#username', value: 'ada' },
			{},
			{ pageTitle: false },
		);
		assert.equal(unwanted.title, '');
		assert.equal(reads.count, 0, 'no round trip for a title nobody reads');
	});

	it('walks a large result for secrets only when a listener reads it, and hands that listener a scrubbed one', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		// From here on the session knows a secret, so its scrub has something to look for.
		await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
		const session = (await env.pool.session(key))!;
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables/wide?rows=1000` });

		const scrubs = countScrubs(session);
		const table = await env.pool.run<{ rows: unknown[] }>(key, 'extractTable', {
			selector: 'table',
		});
		assert.equal(table.result.rows.length, 1_000, '10 000 cells read');
		assert.ok(scrubs.count < 100, `${scrubs.count} strings scrubbed for one action's record`);

		let seen: ActionArtifacts | undefined;
		session.once('action', (_record, artifacts) => (seen = artifacts));
		const run = await session.run(echo, { text: `typed ${LOGIN.password} here`, timeoutMs: 5_000 });
		assert.deepEqual(
			run.result,
			{ said: `typed ${LOGIN.password} here` },
			'the caller’s own result',
		);
		assert.deepEqual(seen?.result, { said: 'typed [redacted] here' }, 'what listeners see');
	});
});
