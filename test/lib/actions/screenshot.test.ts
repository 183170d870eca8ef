import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer) {
	assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('screenshot', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('captures the viewport as PNG with a file name and MIME type', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'screenshot', {});
		const [file] = run.files;
		assert.equal(file.mimeType, 'image/png');
		assert.match(file.fileName, /^screenshot-\d{8}-\d{6}\.png$/);
		assert.deepEqual(pngSize(file.bytes), { width: 1280, height: 800 });
		assert.equal(run.result.size, file.bytes.length);
	});

	it('captures the whole page when fullPage is on', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'screenshot', { fullPage: true });
		assert.ok(pngSize(run.files[0].bytes).height > 2_500, 'the form page is taller than 2500 px');
	});

	it('captures one element', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/slider` });
		const run = await env.pool.run(key, 'screenshot', { selector: '#slider-track', fileName: 'slider.png' });
		assert.deepEqual(pngSize(run.files[0].bytes).width, 300);
		assert.equal(run.files[0].fileName, 'slider.png');
	});

	it('writes JPEG with the requested quality', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const high = await env.pool.run(key, 'screenshot', { format: 'jpeg', quality: 95 });
		const low = await env.pool.run(key, 'screenshot', { format: 'jpeg', quality: 10 });
		assert.deepEqual([...high.files[0].bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'JPEG signature');
		assert.equal(high.files[0].mimeType, 'image/jpeg');
		assert.match(high.files[0].fileName, /\.jpg$/);
		assert.ok(low.files[0].bytes.length < high.files[0].bytes.length, 'lower quality is smaller');
	});

	it('fails with ELEMENT_NOT_FOUND for a missing element, and rejects a bad quality', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const missing = await failureOf(env.pool.run(key, 'screenshot', { selector: '#nope', timeoutMs: 400 }));
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		const quality = await failureOf(env.pool.run(key, 'screenshot', { format: 'jpeg', quality: 101 }));
		assert.equal(quality.code, 'INVALID_INPUT');
		assert.equal(quality.field, 'quality');
	});
});
