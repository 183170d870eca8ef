import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ParallelScriptHost, PolicyInput, ScriptRunOutcome, SessionKey } from '../../../lib';
import { ESCAPE_HOST } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('runPuppeteerScriptInParallel', () => {
	let env: RunnerEnvironment;

	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function open(policy: PolicyInput = { allowCustomScript: true }): Promise<SessionKey> {
		const key = env.key();
		await env.pool.open(key, { environment: { policy } });
		return key;
	}

	function run(key: SessionKey, input: Record<string, unknown>, host: ParallelScriptHost = {}) {
		return env.pool.run<{ runs: ScriptRunOutcome[] }>(
			key,
			'runPuppeteerScriptInParallel',
			input,
			{},
			{ host },
		);
	}

	it('runs at once, each run on a new tab with its own globals; the session’s tab and cookies are shared, the tabs closed after', async () => {
		const key = await open();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const paths = ['/cards', '/form', '/list'];
		// Each run waits until every run has reached the page: one after another, the first would time out.
		const outcome = await run(
			key,
			{
				runs: 3,
				timeoutMs: 20_000,
				scriptCode: `await $page.goto(${JSON.stringify(env.site.url)} + $json.path);
				await $page.evaluate((path) => localStorage.setItem('arrived' + path, '1'), $json.path);
				await $page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('arrived')).length === 3, { timeout: 15000 });
				await $page.setCookie({ name: 'visited' + $json.path.slice(1), value: 'yes' });
				return [{ path: $json.path, title: await $page.title(), tabs: (await $browser.pages()).length }];`,
			},
			{ runs: paths.map((path) => ({ variables: { $json: { path } } })) },
		);
		assert.equal(outcome.result.runs.length, 3);
		for (const [index, runOutcome] of outcome.result.runs.entries()) {
			assert.ok(runOutcome.ok, JSON.stringify(runOutcome));
			const [item] = runOutcome.items as any[];
			assert.equal(item.path, paths[index], 'outcomes in the order of the runs');
			assert.ok(item.title, 'the run’s own page');
			assert.ok(item.tabs >= 2, 'the run’s tab is one of the session’s');
		}
		assert.equal(outcome.url, `${env.site.url}/tables`, 'the current tab stays where it was');
		const tabs = await env.pool.run<any>(key, 'listTabs', {});
		assert.deepEqual(
			tabs.result.tabs.map((tab: any) => tab.url),
			[`${env.site.url}/tables`],
			'the runs’ tabs are closed',
		);
		const cookies = await env.pool.run<any>(key, 'getCookies', {});
		const names = cookies.result.cookies.map((cookie: any) => cookie.name);
		for (const path of paths) assert.ok(names.includes(`visited${path.slice(1)}`), names.join());
	});

	it('reports each run’s failure (typed, with its page and a picture) while the others succeed', async () => {
		const key = await open();
		const outcome = await run(
			key,
			{
				runs: 4,
				// Room for four attachments at once on a busy machine; the hanging run ends at this limit.
				timeoutMs: 10_000,
				scriptCode: `await $page.goto(${JSON.stringify(`${env.site.url}/cards`)});
				if ($json.kind === 'throw') throw new Error('card ' + $json.kind + ' not found');
				if ($json.kind === 'object') return { not: 'a list' };
				if ($json.kind === 'hang') await $page.waitForSelector('#never-there', { timeout: 0 });
				return [{ kind: $json.kind }];`,
			},
			{
				runs: ['ok', 'throw', 'object', 'hang'].map((kind) => ({ variables: { $json: { kind } } })),
			},
		);
		const [fine, thrown, object, hang] = outcome.result.runs;
		assert.deepEqual(fine.ok && fine.items, [{ kind: 'ok' }]);
		assert.ok(!thrown.ok && !object.ok && !hang.ok);
		assert.equal(thrown.error.code, 'SCRIPT_FAILED');
		assert.match(thrown.error.message, /card throw not found/);
		assert.equal(thrown.url, `${env.site.url}/cards`);
		assert.equal(object.error.code, 'SCRIPT_RESULT_INVALID');
		assert.equal(hang.error.code, 'TIMEOUT');
		assert.match(hang.error.message, /10000 ms/);
		// Each failed run's picture is among the action's files, named in its outcome. The run that ran
		// out of time has only what is left before the action's deadline for it: on a busy machine it may have none.
		for (const failed of [thrown, object, hang]) {
			const file = outcome.files.find((candidate) => candidate.fileName === failed.screenshot);
			if (failed === hang && !failed.screenshot) continue;
			assert.ok(file, `picture of ${failed.error.code}`);
			assert.equal(file.bytes.subarray(1, 4).toString(), 'PNG');
		}
		const tabs = await env.pool.run<any>(key, 'listTabs', {});
		assert.equal(tabs.result.tabs.length, 1, 'failed runs’ tabs are closed too');
	});

	it('takes the session’s secrets out of a failed run’s message and address', async () => {
		const key = await open();
		const secret = 'Tr0ub4dor&3-parallel';
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#password', value: secret });
		const outcome = await run(key, {
			runs: 1,
			scriptCode: `await $page.goto(${JSON.stringify(`${env.site.url}/cards?token=${encodeURIComponent(secret)}`)});
			throw new Error('login failed with ${secret}');`,
		});
		const [failed] = outcome.result.runs;
		assert.ok(!failed.ok);
		assert.match(failed.error.message, /login failed with \[redacted\]/);
		assert.ok(!JSON.stringify(outcome.result).includes(secret), JSON.stringify(outcome.result));
		assert.match(failed.url, /\/cards\?token=/);
	});

	it('is refused with NOT_ALLOWED unless the policy allows custom script, and checks its input', async () => {
		const refused = await failureOf(run(await open({}), { runs: 2, scriptCode: 'return [];' }));
		assert.equal(refused.code, 'NOT_ALLOWED');
		const key = await open();
		const tooMany = await failureOf(run(key, { runs: 21, scriptCode: 'return [];' }));
		assert.equal(tooMany.code, 'INVALID_INPUT');
		assert.equal(tooMany.field, 'runs');
		const mismatch = await failureOf(
			run(key, { runs: 2, scriptCode: 'return [];' }, { runs: [{}] }),
		);
		assert.equal(mismatch.code, 'INVALID_INPUT');
		assert.equal(mismatch.field, 'runs');
	});

	it('is held to the session’s domain policy: a run sent to a refused host fails the whole call', async () => {
		const key = await open({ allowCustomScript: true, allowedDomains: ['127.0.0.1'] });
		const elsewhere = env.site.url.replace('127.0.0.1', ESCAPE_HOST);
		const error = await failureOf(
			run(
				key,
				{
					runs: 2,
					scriptCode: `await $page.goto($json.url).catch(() => undefined); return [{ url: $page.url() }];`,
				},
				{
					runs: [`${env.site.url}/cards`, `${elsewhere}/form`].map((url) => ({
						variables: { $json: { url } },
					})),
				},
			),
		);
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(error.message, new RegExp(ESCAPE_HOST));
	});
});
