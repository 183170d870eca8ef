import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionKey } from '../../../lib';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/**
 * A script gets raw CDP too ($page.createCDPSession(), $browser's connection). The browser is
 * shared by every execution, so whatever route a script takes, it must stay in its own session.
 */
describe('puppeteer’s private transport keeps a script inside its session', () => {
	let env: RunnerEnvironment;
	let other: SessionKey;
	let key: SessionKey;

	before(async () => {
		env = await startRunnerEnvironment();
		other = env.key();
		await env.pool.run(other, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(other, 'setCookies', {
			cookies: [{ name: 'theirs', value: 'secret', url: env.site.url }],
		});
		key = env.key();
		await env.pool.open(key, { environment: { policy: { allowCustomScript: true } } });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		await env.pool.run(key, 'setCookies', {
			cookies: [{ name: 'ours', value: 'mine', url: env.site.url }],
		});
	});
	after(() => env.close());

	async function script(code: string): Promise<any> {
		const run = await env.pool.run<any>(key, 'runPuppeteerScript', { scriptCode: code });
		return run.result.items[0];
	}

	it('refuses browser-wide commands on a page’s own CDP session', async () => {
		const outcome = await script(`
			const session = await $page.createCDPSession();
			const outcome = {};
			for (const method of ['Target.getTargets', 'Target.createTarget', 'Browser.close', 'Target.attachToBrowserTarget']) {
				try {
					await session.send(method, method === 'Target.createTarget' ? { url: 'about:blank' } : {});
					outcome[method] = 'allowed';
				} catch (error) {
					outcome[method] = error.message;
				}
			}
			outcome.version = (await session.send('Browser.getVersion')).product;
			return [outcome];`);
		for (const method of ['Target.getTargets', 'Target.createTarget', 'Browser.close']) {
			assert.match(outcome[method], /not available on a page's session/, method);
		}
		assert.notEqual(outcome['Target.attachToBrowserTarget'], 'allowed');
		assert.match(outcome.version, /Chrome/);
		const info = await env.pool.run<any>(other, 'getPageInfo', {});
		assert.equal(info.url, `${env.site.url}/form`, 'the other session’s browser is still there');
	});

	it('shows only the session’s cookies, whichever way they are read', async () => {
		const outcome = await script(`
			const session = await $page.createCDPSession();
			const names = (cookies) => cookies.map((cookie) => cookie.name).sort();
			return [{
				page: names(await $page.cookies()),
				browser: names(await $browser.cookies()),
				storage: names((await session.send('Storage.getCookies', {})).cookies),
				network: names((await session.send('Network.getAllCookies')).cookies),
			}];`);
		assert.deepEqual(outcome, {
			page: ['ours'],
			browser: ['ours'],
			storage: ['ours'],
			network: ['ours'],
		});
	});

	it('lists, attaches to and closes only the session’s pages', async () => {
		const otherTargets = await script(`
			const targets = $browser.targets().map((target) => ({ type: target.type(), url: target.url() }));
			const refused = [];
			for (const method of ['Target.attachToTarget', 'Target.closeTarget']) {
				try {
					// The root connection, as puppeteer itself uses it, with a target id that is not ours.
					await $page._client().connection().send(method, { targetId: 'ABCDEF0123456789', flatten: true });
					refused.push('allowed');
				} catch (error) {
					refused.push(error.message);
				}
			}
			return [{ targets, refused }];`);
		assert.deepEqual(otherTargets.targets, [{ type: 'page', url: `${env.site.url}/tables` }]);
		for (const message of otherTargets.refused) assert.match(message, /No page with the target id/);
	});
});
