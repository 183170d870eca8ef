import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright';
import { BrowserManager, findExecutable } from '../../../lib';
import {
	PLAYWRIGHT_DISABLED_FEATURES,
	UNNEEDED_FEATURES,
	withFeatureSwitches,
} from '../../../lib/runner/chromiumFeatures';
import { startFixtureSite } from '../../../scripts/fixture-site/server';
import { chromiumProcesses } from '../../helpers/processes';

/** The command line of the one Chromium browser this test process runs (Playwright talks to it through a pipe; its helpers have none). */
function browserCommandLine(): string[] {
	const browsers = chromiumProcesses()
		.map(({ pid }) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean))
		.filter((args) => args.includes('--remote-debugging-pipe'));
	assert.equal(browsers.length, 1, `one browser process, found ${browsers.length}`);
	return browsers[0];
}

const featureSwitches = (args: string[]) =>
	args.filter((arg) => arg.startsWith('--disable-features='));

describe('withFeatureSwitches', () => {
	it('puts Playwright’s features, ours and the user’s into one switch, and leaves out Playwright’s', () => {
		const { args, ignoreDefaultArgs } = withFeatureSwitches([
			'--no-sandbox',
			'--disable-features=WebUSB, PaintHolding',
			'--disable-features=Serial',
		]);
		assert.deepEqual(ignoreDefaultArgs, [
			`--disable-features=${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`,
		]);
		assert.equal(args[0], '--no-sandbox');
		const [only, ...more] = featureSwitches(args);
		assert.equal(more.length, 0);
		assert.deepEqual(only.slice('--disable-features='.length).split(','), [
			...PLAYWRIGHT_DISABLED_FEATURES,
			...UNNEEDED_FEATURES,
			'WebUSB',
			'Serial',
		]);
	});
});

describe('a launched Chromium’s features', () => {
	it('Playwright writes its switch exactly as PLAYWRIGHT_DISABLED_FEATURES (else update the list with Playwright)', async () => {
		let browser: Browser | undefined;
		try {
			browser = await chromium.launch({
				executablePath: findExecutable(),
				args: ['--no-sandbox'],
			});
			assert.deepEqual(featureSwitches(browserCommandLine()), [
				`--disable-features=${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`,
			]);
		} finally {
			await browser?.close();
		}
	});

	it('a pooled browser has one switch with every feature, makes no address-bar pages, and honours the user’s features', async () => {
		const site = await startFixtureSite();
		const manager = new BrowserManager();
		try {
			const lease = await manager.acquire({
				mode: 'launch',
				executablePath: findExecutable(),
				headless: true,
				headlessMode: 'new',
				args: ['--disable-features=WebUSB'],
				launchTimeoutMs: 60_000,
			});
			const [only, ...more] = featureSwitches(browserCommandLine());
			assert.equal(more.length, 0, 'a second switch would undo the first');
			const features = only.slice('--disable-features='.length).split(',');
			for (const feature of [...PLAYWRIGHT_DISABLED_FEATURES, ...UNNEEDED_FEATURES, 'WebUSB'])
				assert.ok(features.includes(feature), `${feature} is off`);

			const { page } = await lease.newIsolatedPage({});
			await page.goto(`${site.url}/login`);
			// WebUSB is on by default in a secure context (127.0.0.1 is one); the user turned it off.
			assert.equal(await page.evaluate(() => 'usb' in navigator), false);
			const cdp = await lease.browser.newBrowserCDPSession();
			const { targetInfos } = await cdp.send('Target.getTargets');
			assert.deepEqual(
				targetInfos.filter((target) => target.url.startsWith('chrome://omnibox')),
				[],
				'no address-bar popup pages',
			);
			lease.release();
		} finally {
			await manager.closeAll();
			await site.close();
		}
	});
});
