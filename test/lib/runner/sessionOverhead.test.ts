import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright';
import { defineAction } from '../../../lib/actions/action';
import type { ActionArtifacts, Session } from '../../../lib/runner/session';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/**
 * Counts the ways a title can be read: evaluating document.title in the page (page.title(), a
 * round trip that waits for the page's main thread), and asking the browser process for it
 * (DevTools Target.getTargetInfo, on any DevTools session of the page).
 */
async function countTitleReads(page: Page): Promise<{ inPage: number; inBrowser: number }> {
	const reads = { inPage: 0, inBrowser: 0 };
	const title = page.title.bind(page);
	page.title = () => {
		reads.inPage++;
		return title();
	};
	const probe = await page.context().newCDPSession(page);
	const prototype = Object.getPrototypeOf(probe) as CDPSession;
	await probe.detach();
	const send = prototype.send;
	prototype.send = function (this: CDPSession, ...args: Parameters<CDPSession['send']>) {
		if (args[0] === 'Target.getTargetInfo') reads.inBrowser++;
		return send.apply(this, args);
	} as CDPSession['send'];
	restore.push(() => {
		prototype.send = send;
	});
	return reads;
}
const restore: Array<() => void> = [];

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

	it('reads the page title once for a run that returns it, from the browser, never when the call does not want it', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const reads = await countTitleReads(await env.page(key));
		try {
			const wanted = await env.pool.run(key, 'fill', { selector: '#username', value: 'ada' });
			assert.equal(wanted.title, 'Sign in - Acme Finance');
			assert.deepEqual(reads, { inPage: 0, inBrowser: 1 }, 'one read, no round trip to the page');

			Object.assign(reads, { inPage: 0, inBrowser: 0 });
			const unwanted = await env.pool.run(
				key,
				'fill',
				{ selector: '#username', value: 'ada' },
				{},
				{ pageTitle: false },
			);
			assert.equal(unwanted.title, '');
			assert.deepEqual(reads, { inPage: 0, inBrowser: 0 }, 'no read for a title nobody reads');
		} finally {
			for (const undo of restore.splice(0)) undo();
		}
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
