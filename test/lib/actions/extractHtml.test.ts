import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('extractHtml', () => {
	let env: RunnerEnvironment;
	const key = { owner: 'extract-html-tests' };
	before(async () => {
		env = await startRunnerEnvironment();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/cards` });
	});
	after(() => env.close());

	it('reads the outer HTML of the first match by default, the element included', async () => {
		const run = await env.pool.run<any>(key, 'extractHtml', { selector: '#cards .card' });
		assert.match(
			run.result.html,
			/^<article class="card">\s*<h3 class="title">Checking Plus<\/h3>[\s\S]*<\/article>$/,
		);
		assert.equal(run.result.length, run.result.html.length);
	});

	it('reads the inner HTML, and another match by index', async () => {
		const run = await env.pool.run<any>(key, 'extractHtml', {
			selector: '#cards .card',
			index: 1,
			part: 'inner',
		});
		assert.match(run.result.html, /^\s*<h3 class="title">Savings Max<\/h3>/);
		assert.ok(!run.result.html.includes('<article'));
	});

	it('reads the whole page without a selector: the document with its doctype, or the inside of <html>', async () => {
		const outer = await env.pool.run<any>(key, 'extractHtml', {});
		assert.match(outer.result.html, /^<!DOCTYPE html><html lang="en"><head>/);
		assert.match(outer.result.html, /Green Bond[\s\S]*<\/html>$/);
		const inner = await env.pool.run<any>(key, 'extractHtml', { part: 'inner' });
		assert.match(inner.result.html, /^<head>/);
		assert.match(inner.result.html, /<\/body>$/);
	});

	it('fails with ELEMENT_NOT_FOUND when nothing matches, and rejects an unknown part', async () => {
		const missing = await failureOf(
			env.pool.run(key, 'extractHtml', { selector: '#nope', timeoutMs: 300 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		const wrong = await failureOf(env.pool.run(key, 'extractHtml', { part: 'both' }));
		assert.equal(wrong.code, 'INVALID_INPUT');
		assert.equal(wrong.field, 'part');
	});
});
