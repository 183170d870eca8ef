import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** The ref of the first snapshot line with this role and name, e.g. `textbox "Username"`. */
function refFor(snapshot: string, roleAndName: string): string {
	const line = snapshot.split('\n').find((candidate) => candidate.includes(`- ${roleAndName}`));
	const ref = line && /\[ref=([a-z0-9]+)\]/.exec(line)?.[1];
	assert.ok(ref, `no ref for ${roleAndName} in:\n${snapshot}`);
	return ref;
}

describe('snapshot', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('gives the page as an accessibility snapshot whose refs work as selectors', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const { result } = await env.pool.run<any>(key, 'snapshot', {});
		assert.match(result.snapshot, /textbox "Username" \[ref=e\d+\]/);
		assert.match(result.snapshot, /button "Sign in" \[ref=e\d+\]/);
		assert.equal(result.refs, (result.snapshot.match(/\[ref=/g) ?? []).length);
		assert.equal(result.truncated, false);

		await env.pool.run(key, 'fill', {
			selector: `ref=${refFor(result.snapshot, 'textbox "Username"')}`,
			value: LOGIN.username,
		});
		await env.pool.run(key, 'fill', {
			selector: `ref=${refFor(result.snapshot, 'textbox "Password"')}`,
			value: LOGIN.password,
		});
		const clicked = await env.pool.run(key, 'click', {
			selector: `ref=${refFor(result.snapshot, 'button "Sign in"')}`,
		});
		const page = await env.page(key);
		await page.waitForURL('**/dashboard');
		assert.ok(clicked);
	});

	it('fails with STALE_REF for a ref of an older page, an unknown ref, or no snapshot at all', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const none = await failureOf(env.pool.run(key, 'click', { selector: 'ref=e2' }));
		assert.equal(none.code, 'STALE_REF');
		assert.match(none.message, /no snapshot of this page/);
		assert.match(none.advice, /Take a new snapshot/);

		const { result } = await env.pool.run<any>(key, 'snapshot', {});
		const signIn = refFor(result.snapshot, 'button "Sign in"');
		const unknown = await failureOf(env.pool.run(key, 'click', { selector: 'ref=e9999' }));
		assert.equal(unknown.code, 'STALE_REF');
		assert.match(unknown.message, /not in the latest snapshot/);

		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const started = Date.now();
		const gone = await failureOf(
			env.pool.run(key, 'click', { selector: `ref=${signIn}`, timeoutMs: 20_000 }),
		);
		assert.equal(gone.code, 'STALE_REF');
		assert.ok(Date.now() - started < 10_000, 'without waiting for the element timeout');
	});

	it('bounds its size, keeps only interactive elements on request, and can leave iframes out', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/frames` });
		const full = (await env.pool.run<any>(key, 'snapshot', {})).result;
		assert.match(full.snapshot, /\[ref=f\d+e\d+\]/, 'iframe content has frame refs');

		const noFrames = (await env.pool.run<any>(key, 'snapshot', { includeIframes: false })).result;
		assert.doesNotMatch(noFrames.snapshot, /\[ref=f\d+e\d+\]/);
		assert.match(noFrames.snapshot, /- iframe/, 'the iframe itself is still named');

		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const interactive = (await env.pool.run<any>(key, 'snapshot', { interactiveOnly: true }))
			.result;
		const lines = interactive.snapshot.split('\n');
		assert.ok(lines.length > 5);
		for (const line of lines) {
			assert.match(
				line,
				/^- (button|checkbox|combobox|link|radio|slider|textbox|spinbutton|listbox|option)\b.*\[ref=/,
			);
		}

		const cut = (await env.pool.run<any>(key, 'snapshot', { maxCharacters: 300 })).result;
		assert.equal(cut.truncated, true);
		assert.ok(cut.snapshot.length < 450, `cut near 300 characters (${cut.snapshot.length})`);
		assert.match(cut.snapshot, /… \(cut: \d+ more characters/);
		assert.ok(cut.totalCharacters > 300);

		const element = (await env.pool.run<any>(key, 'snapshot', { selector: '#profile-form' }))
			.result;
		assert.match(element.snapshot, /textbox/);
		assert.ok(element.totalCharacters < full.totalCharacters + 100_000);
	});

	it('adds a viewport JPEG on request', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const run = await env.pool.run<any>(key, 'snapshot', { screenshot: true });
		assert.equal(run.files.length, 1);
		assert.equal(run.files[0].mimeType, 'image/jpeg');
		assert.deepEqual([...run.files[0].bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
	});
});
