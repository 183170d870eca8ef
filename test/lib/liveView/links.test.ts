import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import {
	findExecutable,
	LiveLinks,
	LiveViewServer,
	type LiveTarget,
	type PolicyInput,
	type SessionKey,
} from '../../../lib';
import { ESCAPE_HOST, LOGIN } from '../../../scripts/fixture-site/expected';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import { aimAt } from '../../helpers/liveView';

async function assertSoon(check: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!(await check())) {
		if (Date.now() > deadline) assert.fail(`not within 10 s: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('live view links', () => {
	let env: RunnerEnvironment;
	let links: LiveLinks;
	let server: LiveViewServer;
	// The person's browser: another Chromium, as a person's own would be.
	let person: Browser;

	before(async () => {
		env = await startRunnerEnvironment();
		links = new LiveLinks();
		server = await LiveViewServer.start(links);
		person = await chromium.launch({ executablePath: findExecutable(), args: ['--no-sandbox'] });
	});
	after(async () => {
		await person.close();
		await server.close();
		await env.close();
	});

	async function session(url: string, policy: PolicyInput = {}) {
		const key: SessionKey = env.key();
		await env.pool.open(key, { environment: { policy } });
		await env.pool.run(key, 'navigate', { url });
		const acted: string[] = [];
		const target: LiveTarget = {
			currentPage: () => env.page(key),
			personActed: (kind) => acted.push(kind),
		};
		return { key, target, acted, page: await env.page(key) };
	}

	/** Opens a link in the person's browser and waits for the first frame to show. */
	async function watch(url: string): Promise<Page> {
		const view = await (
			await person.newContext({ viewport: { width: 1400, height: 1000 } })
		).newPage();
		await view.goto(url);
		await view.waitForFunction(
			() => (document.getElementById('view') as HTMLImageElement).naturalWidth > 0,
		);
		return view;
	}

	it('shows the page live; a view-only link refuses input', async () => {
		const { target, page } = await session(`${env.site.url}/pick`);
		const link = links.create(target, { interactive: false });
		const view = await watch(server.urlOf(link.token));
		await view.waitForFunction(() =>
			document.getElementById('where')!.textContent!.includes('Approvals'),
		);
		assert.match((await view.locator('#mode').textContent()) ?? '', /View only/);
		// The page changes: the picture follows (a corner pixel of the newest frame turns red).
		const cornerIsRed = () =>
			view.evaluate(() => {
				const img = document.getElementById('view') as HTMLImageElement;
				const canvas = document.createElement('canvas');
				canvas.width = img.naturalWidth;
				canvas.height = img.naturalHeight;
				const context = canvas.getContext('2d')!;
				context.drawImage(img, 0, 0);
				const [red, green] = context.getImageData(
					img.naturalWidth - 5,
					img.naturalHeight - 5,
					1,
					1,
				).data;
				return red > 150 && green < 80;
			});
		assert.equal(await cornerIsRed(), false);
		await page.evaluate(() => {
			document.body.style.background = 'rgb(200, 30, 30)';
		});
		await assertSoon(cornerIsRed, 'the red page reached the view');
		const refused = await view.evaluate(() =>
			fetch(location.pathname + '/input', {
				method: 'POST',
				body: JSON.stringify({ type: 'type', text: 'x' }),
			}).then((r) => r.status),
		);
		assert.equal(refused, 403);
	});

	it('takes a person’s clicks and typing into the page, and tells who listens what kind (not what was typed)', async () => {
		const { target, page, acted } = await session(`${env.site.url}/login`);
		const link = links.create(target, { interactive: true });
		const view = await watch(server.urlOf(link.token));
		for (const [selector, text] of [
			['#username', LOGIN.username],
			['#password', LOGIN.password],
		]) {
			const point = await aimAt(page, view, selector, selector === '#balance-card');
			await view.mouse.click(point.x, point.y);
			await view.keyboard.type(text);
		}
		await view.keyboard.press('Enter');
		await page.waitForURL(`${env.site.url}/dashboard`);
		assert.ok(acted.includes('down') && acted.includes('up') && acted.includes('type'));
		assert.ok(acted.includes('key Enter'));
		assert.ok(
			!acted.some((kind) => kind.includes(LOGIN.password)),
			'no typed text in what is told',
		);
	});

	it('picks elements as normalize() names them; each picked selector finds exactly that element and works in Element → Click', async () => {
		const { key, target, page } = await session(`${env.site.url}/pick`);
		const link = links.create(target, {
			interactive: true,
			title: 'Approve the payment, then press Done',
			onDone: () => undefined,
		});
		const view = await watch(server.urlOf(link.token));
		await view.click('#pick');
		const expected: Record<string, { locator: RegExp; matches: number }> = {
			'#approve': { locator: /^getByRole\('button', \{ name: 'Approve payment' \}\)$/, matches: 1 },
			'#approver': { locator: /^getByRole\('textbox', \{ name: 'Approver name' \}\)$/, matches: 1 },
			'#balance-card': { locator: /^getByTestId\('balance-card'\)$/, matches: 1 },
			'#approvals tbody tr:nth-child(2) td:nth-child(2)': {
				locator: /^getByRole\('cell', \{ name: '300' \}\)\.nth\(1\)$/,
				matches: 2,
			},
		};
		for (const [selector, wanted] of Object.entries(expected)) {
			const point = await aimAt(page, view, selector, selector === '#balance-card');
			await view.mouse.click(point.x, point.y);
			await view
				.waitForFunction(
					(previous) => document.getElementById('selector')!.textContent !== previous,
					await view.locator('#selector').textContent(),
				)
				.catch(() => undefined);
			const picked = (await view.locator('#selector').textContent())!;
			assert.match((await view.locator('#locator').textContent())!, wanted.locator, selector);
			assert.match(
				(await view.locator('#matches').textContent())!,
				wanted.matches === 1
					? /only this element/
					: new RegExp(`matches ${wanted.matches} elements`),
			);
			const same = await page
				.locator(picked)
				.evaluate((element, original) => element === document.querySelector(original), selector);
			assert.ok(same, `${picked} is ${selector}`);
		}
		if (process.env.LIVE_VIEW_DOCS_SCREENSHOT) {
			// The README's picture: the picker on the Approve button.
			await view.mouse.click(
				...(Object.values(await aimAt(page, view, '#approve')) as [number, number]),
			);
			await view.waitForFunction(() =>
				/Approve payment/.test(document.getElementById('locator')!.textContent!),
			);
			await view.screenshot({ path: join(__dirname, '../../../docs/live-view-picker.png') });
		}
		// Pasted unchanged into a Browser Agent operation.
		await view.click('#pick');
		const point = await aimAt(page, view, '#approve');
		await view.click('#pick');
		await view.mouse.click(point.x, point.y);
		await view.waitForFunction(() =>
			/Approve payment/.test(document.getElementById('locator')!.textContent!),
		);
		const selector = (await view.locator('#selector').textContent())!;
		await env.pool.run(key, 'click', { selector });
		assert.equal(await page.locator('#approved').textContent(), 'Approved by nobody');
	});

	it('refuses a wrong token, and says “ended” after revoke, expiry or Done; input is refused then', async () => {
		const { target } = await session(`${env.site.url}/pick`);
		const wrong = await fetch(server.urlOf('not-a-token'));
		assert.equal(wrong.status, 404);

		let done = 0;
		const link = links.create(target, { interactive: true, onDone: () => done++ });
		const view = await watch(server.urlOf(link.token));
		await view.locator('#done').click();
		await view.locator('#ended').waitFor();
		assert.equal(done, 1);
		const after = await fetch(`${server.urlOf(link.token)}/input`, {
			method: 'POST',
			body: JSON.stringify({ type: 'type', text: 'late' }),
		});
		assert.equal(after.status, 410);

		const expiring = links.create(target, { interactive: true, expiresAt: Date.now() + 300 });
		await new Promise((resolve) => setTimeout(resolve, 500));
		const late = await (await person.newContext()).newPage();
		await late.goto(server.urlOf(expiring.token));
		await late.locator('#ended').waitFor();
		assert.match((await late.locator('#ended').textContent())!, /expired/);
		const state = await (await fetch(`${server.urlOf(expiring.token)}/state`)).json();
		assert.equal(state.ended, true);
	});

	it('holds the policy for what the person does: a link to a refused host does not load', async () => {
		const { target, page } = await session(`${env.site.url}/pick`, {
			allowedDomains: ['127.0.0.1'],
		});
		const elsewhere = env.site.url.replace('127.0.0.1', ESCAPE_HOST);
		await page.evaluate((href) => {
			document.body.insertAdjacentHTML(
				'afterbegin',
				`<p><a id="away" href="${href}/form">Partner site</a></p>`,
			);
		}, elsewhere);
		const link = links.create(target, { interactive: true });
		const view = await watch(server.urlOf(link.token));
		const point = await aimAt(page, view, '#away');
		const refused = page.waitForEvent('requestfailed');
		await view.mouse.click(point.x, point.y);
		assert.match((await refused).url(), new RegExp(ESCAPE_HOST));
		assert.ok(
			!page.url().includes(ESCAPE_HOST),
			`the page stayed off ${ESCAPE_HOST}: ${page.url()}`,
		);
	});
});
