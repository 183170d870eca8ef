import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionKey } from '../../../lib';
import { HEAVY_IMAGE_COUNT } from '../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('blockRequests', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	/** Opens /heavy and reads its counters once the page has loaded. */
	async function heavy(key: SessionKey) {
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/heavy` });
		const text = async (selector: string) =>
			(await env.pool.run<any>(key, 'extractText', { selector })).result.text;
		return {
			loaded: Number(await text('#loaded-count')),
			failed: Number(await text('#failed-count')),
			css: await text('#css-status'),
		};
	}

	it('blocks images for the session and counts what it blocked', async () => {
		const key = env.key();
		const run = await env.pool.run<any>(key, 'blockRequests', { resourceTypes: ['image'] });
		assert.deepEqual(run.result, {
			blocking: true,
			resourceTypes: ['image'],
			urlPatterns: [],
			blockedCount: 0,
			blockedByType: {},
		});
		assert.deepEqual(await heavy(key), { loaded: 0, failed: HEAVY_IMAGE_COUNT, css: 'applied' });
		const again = await env.pool.run<any>(key, 'blockRequests', { resourceTypes: ['image'] });
		assert.ok(
			again.result.blockedCount >= HEAVY_IMAGE_COUNT,
			`blocked ${again.result.blockedCount}`,
		);
		assert.ok(again.result.blockedByType.image >= HEAVY_IMAGE_COUNT);
	});

	it('blocks stylesheets and fonts', async () => {
		const key = env.key();
		await env.pool.run(key, 'blockRequests', { resourceTypes: ['font'] });
		assert.equal((await heavy(key)).css, 'applied');
		const fonts = await env.pool.run<any>(key, 'blockRequests', {
			resourceTypes: ['stylesheet', 'font'],
		});
		assert.equal(fonts.result.blockedByType.font, 1, 'the web font of heavy.css was blocked');
		const page = await heavy(key);
		assert.equal(page.css, 'missing');
		assert.equal(page.loaded, HEAVY_IMAGE_COUNT);
	});

	it('blocks by URL pattern', async () => {
		const key = env.key();
		await env.pool.run(key, 'blockRequests', {
			urlPatterns: ['*/img/2.png', '/\\/img\\/1\\d\\.png$/'],
		});
		assert.deepEqual(await heavy(key), {
			loaded: HEAVY_IMAGE_COUNT - 11,
			failed: 11,
			css: 'applied',
		});
	});

	it('applies to every tab of the session', async () => {
		const key = env.key();
		await env.pool.run(key, 'blockRequests', { resourceTypes: ['image'] });
		await env.pool.run(key, 'openTab', { url: `${env.site.url}/heavy` });
		assert.equal(
			(await env.pool.run<any>(key, 'extractText', { selector: '#failed-count' })).result.text,
			String(HEAVY_IMAGE_COUNT),
		);
	});

	it('replaces the rules; empty lists stop blocking, and the count is kept', async () => {
		const key = env.key();
		await env.pool.run(key, 'blockRequests', { resourceTypes: ['image'] });
		await heavy(key);
		const off = await env.pool.run<any>(key, 'blockRequests', {});
		assert.equal(off.result.blocking, false);
		assert.ok(off.result.blockedCount >= HEAVY_IMAGE_COUNT);
		assert.deepEqual(await heavy(key), { loaded: HEAVY_IMAGE_COUNT, failed: 0, css: 'applied' });
	});

	it('does not block requests of another session', async () => {
		await env.pool.run(env.key(), 'blockRequests', { resourceTypes: ['image'] });
		assert.equal((await heavy(env.key())).loaded, HEAVY_IMAGE_COUNT);
	});

	it('rejects unknown request types and broken patterns', async () => {
		const type = await failureOf(
			env.pool.run(env.key(), 'blockRequests', { resourceTypes: ['images'] }),
		);
		assert.equal(type.code, 'INVALID_INPUT');
		assert.equal(type.field, 'resourceTypes.0');
		const pattern = await failureOf(
			env.pool.run(env.key(), 'blockRequests', { urlPatterns: ['*.png', '/(/'] }),
		);
		assert.equal(pattern.code, 'INVALID_INPUT');
		assert.equal(pattern.field, 'urlPatterns.1');
	});
});
