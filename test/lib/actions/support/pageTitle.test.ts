import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright';
import { findExecutable } from '../../../../lib';
import { readTitle } from '../../../../lib/actions/support/pageTitle';
import { startFixtureSite, type FixtureSite } from '../../../../scripts/fixture-site/server';

describe('readTitle: the title a page shows, as document.title reads it', () => {
	let browser: Browser;
	let site: FixtureSite;
	let page: Page;
	before(async () => {
		site = await startFixtureSite();
		browser = await chromium.launch({ executablePath: findExecutable(), args: ['--no-sandbox'] });
		page = await browser.newPage();
	});
	after(async () => {
		await browser?.close();
		await site?.close();
	});

	/** readTitle and document.title agree on the page as it is now. */
	async function assertAgrees(expected: string) {
		assert.equal(await page.evaluate(() => document.title), expected, 'the page itself');
		assert.equal(await readTitle(page), expected);
	}

	it('a blank tab has no title', async () => {
		await assertAgrees('');
	});

	it('a loaded page, and a title its script changes just before the read', async () => {
		await page.goto(`${site.url}/tables`);
		await assertAgrees('Reports - Acme Finance');
		await page.evaluate(() => {
			document.title = '  (3)   Reports  ';
		});
		assert.equal(await readTitle(page), '(3) Reports');
	});

	it('a page without a title is "", not the address the browser shows in its place', async () => {
		await page.evaluate(() => {
			document.title = '';
		});
		await assertAgrees('');
		await page.setContent('<p>no title here</p>');
		await assertAgrees('');
	});

	it('a title that is part of the address is still the title', async () => {
		await page.goto(`${site.url}/login`);
		await page.evaluate(() => {
			document.title = 'login';
		});
		await assertAgrees('login');
		await page.evaluate((host) => {
			document.title = host;
		}, new URL(site.url).host);
		await assertAgrees(new URL(site.url).host);
	});

	it('content set on a blank tab keeps its title', async () => {
		const blank = await browser.newPage();
		await blank.setContent('<title>about:blank, titled</title>');
		assert.equal(await readTitle(blank), 'about:blank, titled');
		await blank.close();
	});

	it('a closed tab has no title, and no read waits on it', async () => {
		const tab = await browser.newPage();
		await tab.goto(`${site.url}/tables`);
		await tab.close();
		assert.equal(await readTitle(tab), '');
	});
});
