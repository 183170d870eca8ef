import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { PolicyInput, PuppeteerScriptHost, SessionKey } from '../../../lib';
import { ESCAPE_HOST, LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('runPuppeteerScript', () => {
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

	function run(
		key: SessionKey,
		scriptCode: string,
		host: Partial<PuppeteerScriptHost> = {},
		extra: Record<string, unknown> = {},
	) {
		return env.pool.run<any>(key, 'runPuppeteerScript', { scriptCode, ...extra }, {}, { host });
	}

	it('is refused with NOT_ALLOWED unless the policy allows custom script', async () => {
		const key = await open({});
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const error = await failureOf(
			run(key, 'await $page.evaluate(() => { document.title = "changed"; }); return [];'),
		);
		assert.equal(error.code, 'NOT_ALLOWED');
		assert.match(error.advice, /Allow Custom JavaScript/);
		assert.equal(await (await env.page(key)).title(), 'Reports - Acme Finance');
	});

	it('works on the session’s page: what the script does, the next actions see', async () => {
		const key = await open();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		const login = await run(
			key,
			`await $page.type('#username', '${LOGIN.username}');
			await $page.type('#password', '${LOGIN.password}');
			await Promise.all([$page.waitForNavigation(), $page.click('#login-submit')]);
			return [{ url: $page.url(), title: await $page.title() }];`,
		);
		assert.deepEqual(login.result.items, [
			{ url: `${env.site.url}/dashboard`, title: await (await env.page(key)).title() },
		]);
		// The login cookie the script's form post set is the session's: a Browser Agent action is logged in.
		const after = await env.pool.run<any>(key, 'navigate', { url: `${env.site.url}/dashboard` });
		assert.equal(after.url, `${env.site.url}/dashboard`, 'not sent back to the login page');
		// And the other way round: what Browser Agent did, the script sees.
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const rows = await run(
			key,
			`const cells = await $page.$$eval('#simple tbody tr', (rows) => rows.map((row) => row.cells[0].textContent.trim()));
			const cookies = await $page.cookies();
			return cells.map((first) => ({ first, loggedIn: cookies.some((cookie) => cookie.name === 'session') }));`,
		);
		assert.equal(rows.result.items.length, 3);
		assert.ok(rows.result.items.every((item: any) => item.loggedIn === true));
	});

	it('sees and opens only the pages of its own session, and cannot close the shared browser', async () => {
		const other = await open();
		await env.pool.run(other, 'navigate', { url: `${env.site.url}/form` });
		const key = await open();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const seen = await run(
			key,
			`const before = (await $browser.pages()).map((page) => page.url());
			const extra = await $browser.newPage();
			await extra.goto(${JSON.stringify(`${env.site.url}/cards`)});
			const after = (await $browser.pages()).map((page) => page.url());
			await $browser.close();
			return [{ before, after }];`,
		);
		assert.deepEqual(seen.result.items[0].before, [`${env.site.url}/tables`]);
		assert.deepEqual(seen.result.items[0].after.sort(), [
			`${env.site.url}/cards`,
			`${env.site.url}/tables`,
		]);
		const tabs = await env.pool.run<any>(key, 'listTabs', {});
		assert.deepEqual(
			tabs.result.tabs.map((tab: any) => tab.url).sort(),
			[`${env.site.url}/cards`, `${env.site.url}/tables`],
			'the page the script opened is a tab of the session',
		);
		// $browser.close() let go; the browser, this session and the other one go on.
		const still = await env.pool.run<any>(other, 'getPageInfo', {});
		assert.equal(still.url, `${env.site.url}/form`);
		await run(key, 'return [{ title: await $page.title() }];');
	});

	it('gives the host’s globals, console and module rules to the script', async () => {
		const key = await open();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const logged: unknown[][] = [];
		const host: Partial<PuppeteerScriptHost> = {
			variables: { $json: { city: 'Oslo' }, $input: { query: 'find invoices' } },
			consoleLog: (...args) => logged.push(args),
			modules: { builtin: ['crypto'], external: [] },
		};
		const result = await run(
			key,
			`console.log('visiting', $page.url());
			console.error('not forwarded, as in n8n-nodes-puppeteer');
			const hash = require('crypto').createHash('sha1').update($json.city).digest('hex');
			return [{ city: $json.city, query: $input.query, hash, device: typeof $puppeteer.KnownDevices['iPhone 13'] }];`,
			host,
		);
		assert.deepEqual(result.result.items, [
			{
				city: 'Oslo',
				query: 'find invoices',
				hash: createHash('sha1').update('Oslo').digest('hex'),
				device: 'object',
			},
		]);
		assert.deepEqual(logged, [['visiting', `${env.site.url}/tables`]]);
		const refused = await failureOf(
			run(key, "require('fs'); return [];", {
				...host,
				modules: { builtin: ['crypto'], external: [] },
			}),
		);
		assert.equal(refused.code, 'SCRIPT_FAILED');
		assert.match(refused.message, /fs/);
	});

	it('intercepts requests: aborted images, continued documents (no command waits behind another)', async () => {
		const key = await open();
		const run = await env.pool.run<any>(key, 'runPuppeteerScript', {
			timeoutMs: 20_000,
			scriptCode: `await $page.setRequestInterception(true);
			let aborted = 0;
			$page.on('request', (request) => {
				if (request.resourceType() === 'image') { aborted++; request.abort(); } else request.continue();
			});
			await $page.goto(${JSON.stringify(`${env.site.url}/heavy`)}, { waitUntil: 'load', timeout: 10000 });
			const loaded = await $page.$$eval('#tiles img', (imgs) => imgs.filter((img) => img.naturalWidth > 0).length);
			return [{ aborted, loaded }];`,
		});
		assert.deepEqual(run.result.items, [{ aborted: 24, loaded: 0 }]);
		// Interception ended with the script: the session's next page load gets its images.
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/heavy` });
		const page = await env.page(key);
		await page.waitForFunction(() => document.querySelectorAll('#tiles img').length === 24);
		const loaded = await page.$$eval(
			'#tiles img',
			(imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length,
		);
		assert.equal(loaded, 24);
	});

	it('fails with typed errors for a script that throws or returns something else than items', async () => {
		const key = await open();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const thrown = await failureOf(run(key, "throw new Error('no invoice today');"));
		assert.equal(thrown.code, 'SCRIPT_FAILED');
		assert.equal(thrown.action, 'runPuppeteerScript');
		assert.match(thrown.message, /no invoice today/);
		const notArray = await failureOf(run(key, "return { title: 'x' };"));
		assert.equal(notArray.code, 'SCRIPT_RESULT_INVALID');
		assert.match(notArray.message, /returned an object/);
		const nothing = await failureOf(run(key, 'await $page.title();'));
		assert.match(nothing.message, /returned nothing/);
		const number = await failureOf(run(key, 'return [{ a: 1 }, 2];'));
		assert.equal(number.code, 'SCRIPT_RESULT_INVALID');
		assert.match(number.message, /item 1 is number 2/);
		const empty = await failureOf(run(key, ''));
		assert.equal(empty.code, 'INVALID_INPUT');
		assert.equal(empty.field, 'scriptCode');
	});

	it('stops waiting at its time limit, lets go of the page, and the session goes on', async () => {
		const key = await open();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const started = Date.now();
		const error = await failureOf(
			run(
				key,
				"await $page.waitForSelector('#never-there', { timeout: 0 }); return [];",
				{},
				{
					timeoutMs: 1_500,
				},
			),
		);
		assert.equal(error.code, 'TIMEOUT');
		assert.match(error.message, /1500 ms/);
		assert.ok(Date.now() - started < 10_000, 'not the default two minutes');
		const info = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.equal(info.url, `${env.site.url}/tables`);
	});

	it('is held to the session’s domain policy', async () => {
		const key = await open({ allowCustomScript: true, allowedDomains: ['127.0.0.1'] });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const elsewhere = env.site.url.replace('127.0.0.1', ESCAPE_HOST);
		const error = await failureOf(run(key, `await $page.goto('${elsewhere}/form'); return [];`));
		assert.equal(error.code, 'DOMAIN_NOT_ALLOWED');
		assert.match(error.message, new RegExp(ESCAPE_HOST));
		const { url } = await env.pool.run<any>(key, 'getPageInfo', {});
		assert.ok(!url.startsWith(elsewhere), `the page never reached ${elsewhere}: it is at ${url}`);
	});
});
