/**
 * A session's trace.zip opens in Playwright's own trace viewer (the web app `npx playwright
 * show-trace` serves), the way a person would look at it: the viewer lists each Browser Agent
 * action, shows the page of a step, and a typed value is marked as kept out.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright';
import { findExecutable } from '../../../lib';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** The trace viewer's static files, as shipped in playwright-core. */
const VIEWER = join(
	dirname(require.resolve('playwright-core/package.json')),
	'lib',
	'vite',
	'traceViewer',
);
const TYPES: Record<string, string> = {
	'.html': 'text/html',
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.svg': 'image/svg+xml',
	'.ttf': 'font/ttf',
	'.webmanifest': 'application/manifest+json',
};

/** Serves the viewer and one trace on loopback, as `show-trace` does. */
async function serveViewer(trace: Buffer): Promise<{ server: Server; url: string }> {
	const server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://viewer').pathname;
		if (path === '/trace.zip') {
			response.writeHead(200, { 'content-type': 'application/zip' });
			return void response.end(trace);
		}
		const file = join(VIEWER, normalize(path === '/' ? 'index.html' : path));
		if (!file.startsWith(VIEWER) || !existsSync(file)) {
			response.writeHead(404);
			return void response.end();
		}
		response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
		response.end(readFileSync(file));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return { server, url: `${origin}/?trace=${origin}/trace.zip` };
}

describe('Session trace in Playwright’s trace viewer', () => {
	let env: RunnerEnvironment;
	let browser: Browser;
	before(async () => {
		env = await startRunnerEnvironment();
		browser = await chromium.launch({ executablePath: findExecutable(), args: ['--no-sandbox'] });
	});
	after(async () => {
		await browser?.close();
		await env.close();
	});

	it('lists each action and shows the page of a step', async () => {
		const key = env.key();
		await env.pool.open(key, { options: { recordTrace: true } });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#password', value: 'never-in-the-trace' });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		const { trace } = await env.pool.closeWithTrace(key);

		const { server, url } = await serveViewer(trace!);
		try {
			const page = await browser.newPage();
			await page.goto(url);
			const actions = page.locator('.action-title');
			await actions.filter({ hasText: 'click #login-submit' }).first().waitFor();
			// Each entry shows its title, then its duration on a line of its own.
			const titles = (await actions.allInnerTexts()).map((title) => title.split('\n')[0].trim());
			for (const expected of [
				'navigate',
				'fill #password (value kept out of the trace)',
				'click #login-submit',
			])
				assert.ok(titles.includes(expected), `the viewer lists "${expected}": ${titles}`);
			// The step's DOM snapshot renders the login page in the viewer's frame.
			await actions.filter({ hasText: 'navigate' }).first().click();
			const snapshot = page.frameLocator('iframe.snapshot-visible, iframe[name=snapshot]').first();
			await snapshot.locator('#login-submit').waitFor({ state: 'attached', timeout: 15_000 });
			assert.ok(!(await page.content()).includes('never-in-the-trace'));
		} finally {
			server.close();
		}
	});
});
