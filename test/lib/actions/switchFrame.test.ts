import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionKey } from '../../../lib';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('switchFrame', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	async function onFramesPage(): Promise<SessionKey> {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/frames` });
		return key;
	}

	async function leafResult(key: SessionKey): Promise<string> {
		return (await env.pool.run<any>(key, 'extractText', { selector: '#leaf-result' })).result.text;
	}

	it('enters nested frames by a chain of selectors; a normal click then works inside', async () => {
		const key = await onFramesPage();
		const run = await env.pool.run<any>(key, 'switchFrame', {
			selector: ['#outer-frame', '#inner-frame'],
		});
		assert.deepEqual(run.result.frame, {
			name: 'inner-frame',
			url: `${env.site.url}/frames/leaf`,
			depth: 2,
		});
		assert.equal(run.url, `${env.site.url}/frames`, 'the run reports the page');
		await env.pool.run(key, 'click', { selector: '#leaf-button' });
		assert.equal(await leafResult(key), 'clicked');
	});

	it('enters one level at a time: selectors are looked up in the current frame', async () => {
		const key = await onFramesPage();
		const outer = await env.pool.run<any>(key, 'switchFrame', { selector: '#outer-frame' });
		assert.deepEqual(outer.result.frame, {
			name: 'outer-frame',
			url: `${env.site.url}/frames/inner`,
			depth: 1,
		});
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: '#inner-heading' })).result.text,
			'Outer widget',
		);
		await env.pool.run(key, 'switchFrame', { selector: '#inner-frame' });
		await env.pool.run(key, 'click', { selector: '#leaf-button' });
		assert.equal(await leafResult(key), 'clicked');
	});

	it('finds a frame at any depth by name or by URL', async () => {
		const key = await onFramesPage();
		const byName = await env.pool.run<any>(key, 'switchFrame', { name: 'inner-frame' });
		assert.equal(byName.result.frame.depth, 2);
		await env.pool.run(key, 'click', { selector: '#leaf-button' });
		const byUrl = await env.pool.run<any>(key, 'switchFrame', { url: '*/frames/inner' });
		assert.equal(byUrl.result.frame.name, 'outer-frame');
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: 'h2' })).result.text,
			'Outer widget',
		);
	});

	it('returns to the page when the page navigates away', async () => {
		const key = await onFramesPage();
		await env.pool.run(key, 'switchFrame', { selector: ['#outer-frame', '#inner-frame'] });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: '#name', value: 'Ada' });
		assert.equal(await (await env.page(key)).inputValue('#name'), 'Ada');
	});

	it('fails with ELEMENT_NOT_FOUND when the iframe is missing, naming where it looked', async () => {
		const key = await onFramesPage();
		const error = await failureOf(
			env.pool.run(key, 'switchFrame', {
				selector: ['#outer-frame', '#missing-frame'],
				timeoutMs: 400,
			}),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.equal(error.selector, '#missing-frame');
		assert.match(error.message, /inside the frame "#outer-frame"/);
	});

	// The chain shares one deadline. Once it is spent (here at once; on a busy machine while the outer
	// iframe was looked up), the error must still name the selector that is missing, not the outer one.
	it('names the missing iframe even when the time ran out while an outer one was looked up', async () => {
		const key = await onFramesPage();
		const error = await failureOf(
			env.pool.run(key, 'switchFrame', {
				selector: ['#outer-frame', '#missing-frame'],
				timeoutMs: 1,
			}),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND', error.message);
		assert.equal(error.selector, '#missing-frame');
		assert.match(error.message, /inside the frame "#outer-frame"/);
	});

	it('inside a frame, advises to go back to the page when the selector is not found there', async () => {
		const key = await onFramesPage();
		await env.pool.run(key, 'switchFrame', { selector: '#outer-frame' });
		const error = await failureOf(
			env.pool.run(key, 'switchFrame', { selector: '#outer-frame', timeoutMs: 400 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.match(error.message, /in the current frame "outer-frame"/);
		assert.match(error.advice, /Frame → Main/);
	});

	it('fails with ELEMENT_NOT_FOUND when the selector matches something that is not an iframe', async () => {
		const key = await onFramesPage();
		const error = await failureOf(env.pool.run(key, 'switchFrame', { selector: 'h1' }));
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.match(error.message, /is a <h1>, not an <iframe>/);
	});

	it('fails with ELEMENT_AMBIGUOUS when the selector matches several elements', async () => {
		const key = await onFramesPage();
		const error = await failureOf(env.pool.run(key, 'switchFrame', { selector: 'h1, iframe' }));
		assert.equal(error.code, 'ELEMENT_AMBIGUOUS');
	});

	it('fails with ELEMENT_NOT_FOUND for an unknown name, listing the frames', async () => {
		const key = await onFramesPage();
		const error = await failureOf(
			env.pool.run(key, 'switchFrame', { name: 'payment', timeoutMs: 300 }),
		);
		assert.equal(error.code, 'ELEMENT_NOT_FOUND');
		assert.match(error.message, /No frame named "payment"/);
		assert.match(error.advice, /outer-frame \(.*\/frames\/inner\), inner-frame/);
	});

	it('needs exactly one of selector, name and url', async () => {
		const none = await failureOf(env.pool.run(env.key(), 'switchFrame', {}));
		assert.equal(none.code, 'INVALID_INPUT');
		assert.equal(none.field, 'selector');
		const two = await failureOf(
			env.pool.run(env.key(), 'switchFrame', { selector: '#a', url: '*x*' }),
		);
		assert.equal(two.code, 'INVALID_INPUT');
		assert.equal(two.field, 'url');
		const empty = await failureOf(env.pool.run(env.key(), 'switchFrame', { selector: [] }));
		assert.equal(empty.code, 'INVALID_INPUT');
	});
});
