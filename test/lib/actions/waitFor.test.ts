import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_ITEMS, LOGIN } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('waitFor', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	describe('elements', () => {
		it('waits until an element is attached, visible, hidden or removed', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=400` });
			const attached = await env.pool.run<any>(key, 'waitFor', {
				until: 'elementAttached',
				selector: '#late-button',
			});
			assert.deepEqual(
				[attached.result.until, attached.result.selector],
				['elementAttached', '#late-button'],
			);
			assert.equal(typeof attached.result.waitedMs, 'number');
			await env.pool.run(key, 'waitFor', { until: 'elementVisible', selector: '#late-text' });
			const page = await env.page(key);
			assert.equal(await page.locator('#late-text').isVisible(), true);

			await page.evaluate(() => {
				setTimeout(() => {
					(document.querySelector('#late-text') as HTMLElement).style.display = 'none';
					document.querySelector('#late-button')!.remove();
				}, 300);
			});
			await env.pool.run(key, 'waitFor', { until: 'elementHidden', selector: '#late-text' });
			await env.pool.run(key, 'waitFor', { until: 'elementDetached', selector: '#late-button' });
			assert.equal(await page.locator('#late-button').count(), 0);
		});

		it('fails with TIMEOUT saying what it waited for, and needs a selector', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
			const missing = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'elementVisible',
					selector: '#never-there',
					timeoutMs: 400,
				}),
			);
			assert.equal(missing.code, 'TIMEOUT');
			assert.match(
				missing.message,
				/Waited 400 ms for the element "#never-there" to be visible.*nothing matches "#never-there"/,
			);
			assert.equal(missing.selector, '#never-there');
			const hidden = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'elementVisible',
					selector: '#hover-result',
					timeoutMs: 400,
				}),
			);
			assert.equal(hidden.code, 'TIMEOUT');
			const noSelector = await failureOf(env.pool.run(key, 'waitFor', { until: 'elementVisible' }));
			assert.equal(noSelector.code, 'INVALID_INPUT');
			assert.equal(noSelector.field, 'selector');
			const badCondition = await failureOf(env.pool.run(key, 'waitFor', { until: 'sunrise' }));
			assert.equal(badCondition.code, 'INVALID_INPUT');
			assert.equal(badCondition.field, 'until');
		});
	});

	describe('text', () => {
		it('waits for a text to become visible on the page or inside an element, and to disappear', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=400` });
			const page = await env.page(key);
			// #late-text is in the page from the start, but invisible: only seeing it counts.
			await env.pool.run(key, 'waitFor', { until: 'textAppears', text: 'your statement is ready' });
			assert.equal(await page.locator('#late-text').isVisible(), true);
			const inside = await env.pool.run<any>(key, 'waitFor', {
				until: 'textAppears',
				text: 'Open statement',
				selector: '#late-container',
			});
			assert.equal(inside.result.text, 'Open statement');

			await page.evaluate(() => {
				setTimeout(() => {
					document.querySelector('h1')!.textContent = 'Done';
				}, 300);
			});
			await env.pool.run(key, 'waitFor', { until: 'textDisappears', text: 'Late elements' });
			assert.equal(await page.locator('h1').textContent(), 'Done');
		});

		it('fails with TIMEOUT naming the text and where it looked', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/late?ms=400` });
			const onPage = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'textAppears',
					text: 'Transfer complete',
					timeoutMs: 400,
				}),
			);
			assert.equal(onPage.code, 'TIMEOUT');
			assert.match(onPage.message, /the text "Transfer complete" to appear on the page/);
			// The text is on the page, but not inside that element.
			const inside = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'textAppears',
					text: 'Late elements',
					selector: '#late-result',
					timeoutMs: 400,
				}),
			);
			assert.equal(inside.code, 'TIMEOUT');
			assert.match(inside.message, /inside "#late-result"/);
			const stays = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'textDisappears',
					text: 'Late elements',
					timeoutMs: 400,
				}),
			);
			assert.match(stays.message, /to disappear on the page/);
			const noText = await failureOf(env.pool.run(key, 'waitFor', { until: 'textAppears' }));
			assert.equal(noText.field, 'text');
		});
	});

	describe('URL and title', () => {
		it('waits for the address to match a glob or a regular expression', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
			await env.pool.run(key, 'fill', { selector: '#username', value: LOGIN.username });
			await env.pool.run(key, 'fill', { selector: '#password', value: LOGIN.password });
			await env.pool.run(key, 'click', { selector: '#login-submit' });
			const glob = await env.pool.run<any>(key, 'waitFor', {
				until: 'urlMatches',
				pattern: '**/dashboard*',
			});
			assert.equal(glob.result.matchedUrl, `${env.site.url}/dashboard`);
			const regex = await env.pool.run<any>(key, 'waitFor', {
				until: 'urlMatches',
				pattern: '/\\/DASHBOARD$/i',
			});
			assert.equal(regex.result.matchedUrl, `${env.site.url}/dashboard`);
		});

		it('waits for the title, also across a change made by the page', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
			const glob = await env.pool.run<any>(key, 'waitFor', {
				until: 'titleMatches',
				pattern: 'Live data*',
			});
			assert.equal(glob.result.matchedTitle, 'Live data - Acme Finance');
			const page = await env.page(key);
			await page.evaluate(() => {
				setTimeout(() => {
					document.title = 'Invoice 42';
				}, 300);
			});
			const regex = await env.pool.run<any>(key, 'waitFor', {
				until: 'titleMatches',
				pattern: '/^invoice \\d+$/i',
			});
			assert.equal(regex.result.matchedTitle, 'Invoice 42');
			assert.equal(regex.title, 'Invoice 42');
		});

		it('fails with TIMEOUT showing the address or title it saw, and rejects a broken pattern', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
			const url = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'urlMatches',
					pattern: '**/checkout*',
					timeoutMs: 400,
				}),
			);
			assert.equal(url.code, 'TIMEOUT');
			assert.ok(
				url.message.includes(
					`the page address to match **/checkout*, but it did not happen (the address is ${env.site.url}/form)`,
				),
				url.message,
			);
			const title = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'titleMatches',
					pattern: 'Checkout*',
					timeoutMs: 400,
				}),
			);
			assert.equal(title.code, 'TIMEOUT');
			assert.match(title.message, /the page title to match Checkout\*.*\(the title is ".+"\)/);
			const broken = await failureOf(
				env.pool.run(key, 'waitFor', { until: 'urlMatches', pattern: '/(unclosed/' }),
			);
			assert.equal(broken.code, 'INVALID_INPUT');
			assert.equal(broken.field, 'pattern');
			const none = await failureOf(env.pool.run(key, 'waitFor', { until: 'titleMatches' }));
			assert.equal(none.field, 'pattern');
		});
	});

	describe('network', () => {
		it('waits until requests that were already running have finished', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
			const page = await env.page(key);
			await page.evaluate(() => {
				(window as any).slowDone = false;
				void fetch('/api/data?delay=1200')
					.then((response) => response.text())
					.then(() => {
						(window as any).slowDone = true;
					});
			});
			const run = await env.pool.run<any>(key, 'waitFor', { until: 'networkIdle' });
			assert.equal(run.result.until, 'networkIdle');
			assert.equal(
				await page.evaluate(() => (window as any).slowDone),
				true,
				'the slow request finished before the wait ended',
			);
		});

		it('fails with TIMEOUT naming the requests still running', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', {
				url: `${env.site.url}/never-load`,
				waitUntil: 'domcontentloaded',
			});
			const failure = await failureOf(
				env.pool.run(key, 'waitFor', { until: 'networkIdle', timeoutMs: 1_000 }),
			);
			assert.equal(failure.code, 'TIMEOUT');
			assert.match(failure.message, /the network to be idle.*still loading: .*\/hang/);
		});

		it('returns a JSON response with status, headers and parsed body', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/slow-fetch?ms=1000` });
			const run = await env.pool.run<any>(key, 'waitFor', {
				until: 'response',
				pattern: '**/api/data?delay=*',
			});
			const { response } = run.result;
			assert.equal(response.url, `${env.site.url}/api/data?delay=1000`);
			assert.equal(response.method, 'GET');
			assert.equal(response.status, 200);
			assert.equal(response.ok, true);
			assert.match(response.headers['content-type'], /application\/json/);
			assert.equal(response.bodyType, 'json');
			assert.equal(response.body.ok, true);
			assert.deepEqual(response.body.items, API_ITEMS);
			assert.equal(response.truncated, false);
			assert.equal(
				run.url,
				`${env.site.url}/slow-fetch?ms=1000`,
				'the page address stays apart from the response address',
			);
		});

		it('matches responses by regular expression, returns errors and text too, and caps the body', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
			const page = await env.page(key);
			const later = (path: string) =>
				page.evaluate((address) => {
					// Pages read what they fetch; a body nobody reads never counts as finished in Chromium.
					setTimeout(() => void fetch(address).then((response) => response.text()), 300);
				}, path);

			await later('/api/data?fail=1&delay=200');
			const failed = await env.pool.run<any>(key, 'waitFor', {
				until: 'response',
				pattern: '/api\\/data\\?fail=1/',
			});
			assert.equal(failed.result.response.status, 500);
			assert.equal(failed.result.response.ok, false);
			assert.deepEqual(failed.result.response.body, { ok: false, error: 'Simulated failure' });

			await later('/tables?x=1');
			const html = await env.pool.run<any>(key, 'waitFor', {
				until: 'response',
				pattern: '**/tables?x=1',
			});
			assert.equal(html.result.response.bodyType, 'text');
			assert.match(html.result.response.body, /<table id="simple">/);

			await later('/api/data?delay=100');
			const capped = await env.pool.run<any>(key, 'waitFor', {
				until: 'response',
				pattern: '**/api/data?delay=100',
				maxBodyBytes: 10,
			});
			assert.equal(capped.result.response.truncated, true);
			assert.equal(capped.result.response.bodyType, 'text');
			assert.equal(capped.result.response.body, '{"ok":true');
			assert.ok(capped.result.response.size > 10);
		});

		it('fails with TIMEOUT naming the address pattern when no response comes', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/api-page` });
			const failure = await failureOf(
				env.pool.run(key, 'waitFor', {
					until: 'response',
					pattern: '**/api/orders*',
					timeoutMs: 500,
				}),
			);
			assert.equal(failure.code, 'TIMEOUT');
			assert.match(
				failure.message,
				/Waited 500 ms for a response from an address matching \*\*\/api\/orders\*/,
			);
			assert.ok(failure.advice);
		});
	});

	describe('delay', () => {
		it('pauses for the given time', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
			const started = Date.now();
			const run = await env.pool.run<any>(key, 'waitFor', { until: 'delay', delayMs: 300 });
			assert.equal(run.result.delayMs, 300);
			assert.ok(Date.now() - started >= 290, 'it waited');
		});

		it('rejects a delay longer than the timeout, and a missing delay', async () => {
			const key = env.key();
			const tooLong = await failureOf(
				env.pool.run(key, 'waitFor', { until: 'delay', delayMs: 5_000, timeoutMs: 1_000 }),
			);
			assert.equal(tooLong.code, 'INVALID_INPUT');
			assert.equal(tooLong.field, 'delayMs');
			const missing = await failureOf(env.pool.run(key, 'waitFor', { until: 'delay' }));
			assert.equal(missing.field, 'delayMs');
		});

		it('ends early when the session is closed', async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
			const started = Date.now();
			const waiting = failureOf(
				env.pool.run(key, 'waitFor', { until: 'delay', delayMs: 60_000, timeoutMs: 120_000 }),
			);
			await new Promise((resolve) => setTimeout(resolve, 300));
			await env.pool.close(key);
			const failure = await waiting;
			assert.equal(failure.code, 'SESSION_CLOSED');
			assert.ok(Date.now() - started < 30_000, 'the pause did not run its full minute');
		});
	});
});
