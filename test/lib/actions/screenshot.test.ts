import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { slugify } from '../../../lib/actions/screenshot';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer) {
	assert.deepEqual(
		[...bytes.subarray(0, 8)],
		[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
		'PNG signature',
	);
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Width and height of a WebP file: lossy (VP8), lossless (VP8L) or extended (VP8X). */
function webpSize(bytes: Buffer) {
	assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF', 'RIFF signature');
	assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP', 'WebP signature');
	assert.equal(bytes.readUInt32LE(4) + 8, bytes.length, 'the RIFF size is the file size');
	const chunk = bytes.subarray(12, 16).toString('latin1');
	if (chunk === 'VP8X')
		return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
	if (chunk === 'VP8 ')
		return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	if (chunk === 'VP8L') {
		const bits = bytes.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	throw new Error(`unknown WebP chunk ${chunk}`);
}

/**
 * How far two pictures differ: the mean difference of their pixel channels (0-255), decoded by
 * the browser itself; Infinity when their sizes differ.
 */
async function pictureDifference(page: Page, one: Buffer, other: Buffer): Promise<number> {
	// No helper functions inside: tsx would name them with a helper the page does not have.
	return page.evaluate(
		async (pictures) => {
			const decoded: ImageData[] = [];
			for (const base64 of pictures) {
				const blob = await (await fetch(`data:image/*;base64,${base64}`)).blob();
				const bitmap = await createImageBitmap(blob);
				const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
				const context = canvas.getContext('2d')!;
				context.drawImage(bitmap, 0, 0);
				decoded.push(context.getImageData(0, 0, bitmap.width, bitmap.height));
			}
			const [a, b] = decoded;
			if (a.width !== b.width || a.height !== b.height) return Infinity;
			let total = 0;
			for (let i = 0; i < a.data.length; i++) total += Math.abs(a.data[i] - b.data[i]);
			return total / a.data.length;
		},
		[one.toString('base64'), other.toString('base64')],
	);
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
		const run = await env.pool.run(key, 'screenshot', {
			selector: '#slider-track',
			fileName: 'slider.png',
		});
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

	it('writes WebP (through the DevTools protocol) of the viewport, the whole page and a region', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run<any>(key, 'screenshot', { format: 'webp' });
		const [file] = run.files;
		assert.deepEqual(webpSize(file.bytes), { width: 1280, height: 800 });
		assert.equal(file.mimeType, 'image/webp');
		assert.match(file.fileName, /^screenshot-\d{8}-\d{6}\.webp$/);
		assert.deepEqual(run.result, {
			fileName: file.fileName,
			mimeType: 'image/webp',
			size: file.bytes.length,
		});

		const full = webpSize(
			(await env.pool.run(key, 'screenshot', { format: 'webp', fullPage: true })).files[0].bytes,
		);
		assert.equal(full.width, 1280);
		assert.ok(full.height > 2_500, `the whole form page (${full.height} px)`);

		const region = await env.pool.run(key, 'screenshot', {
			format: 'webp',
			clip: { x: 10, y: 20, width: 200, height: 100 },
		});
		assert.deepEqual(webpSize(region.files[0].bytes), { width: 200, height: 100 });
		const below = await env.pool.run(key, 'screenshot', {
			format: 'webp',
			fullPage: true,
			clip: { x: 0, y: 2_000, width: 300, height: 150 },
		});
		assert.deepEqual(webpSize(below.files[0].bytes), { width: 300, height: 150 });

		const high = await env.pool.run(key, 'screenshot', { format: 'webp', quality: 95 });
		const low = await env.pool.run(key, 'screenshot', { format: 'webp', quality: 10 });
		assert.ok(
			low.files[0].bytes.length < high.files[0].bytes.length,
			`lower quality is smaller (${low.files[0].bytes.length} < ${high.files[0].bytes.length})`,
		);
	});

	it('captures in WebP what it captures in PNG: a scrolled region, an element below the fold', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		// Pictures are decoded in a tab of another session, so this one stays as it is.
		const other = env.key();
		await env.pool.run(other, 'navigate', { url: `${env.site.url}/login` });
		const decoder = await env.page(other);
		const both = async (input: Record<string, unknown>) => {
			const png = (await env.pool.run(key, 'screenshot', input)).files[0].bytes;
			const webp = (
				await env.pool.run(key, 'screenshot', { ...input, format: 'webp', quality: 100 })
			).files[0].bytes;
			return { png, webp };
		};

		await page.evaluate(() => window.scrollTo(0, 900));
		const scrolled = await both({ clip: { x: 0, y: 0, width: 600, height: 400 } });
		const top = (
			await env.pool.run(key, 'screenshot', {
				fullPage: true,
				clip: { x: 0, y: 0, width: 600, height: 400 },
			})
		).files[0].bytes;
		assert.ok(
			(await pictureDifference(decoder, top, scrolled.png)) > 5,
			'the scrolled part differs from the top of the page, so the comparison can tell them apart',
		);
		const regionDifference = await pictureDifference(decoder, scrolled.png, scrolled.webp);
		assert.ok(
			regionDifference < 3,
			`the region of the visible part (differs by ${regionDifference})`,
		);

		await page.evaluate(() => window.scrollTo(0, 0));
		const element = await both({ selector: '#far-below-section' });
		assert.deepEqual(webpSize(element.webp), pngSize(element.png));
		const elementDifference = await pictureDifference(decoder, element.png, element.webp);
		assert.ok(elementDifference < 3, `the element, scrolled to (differs by ${elementDifference})`);
	});

	it('takes the page in PNG and JPEG as Playwright’s own screenshot does: scrolled viewport, whole page, regions', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		const other = env.key();
		await env.pool.run(other, 'navigate', { url: `${env.site.url}/login` });
		const decoder = await env.page(other);
		const compare = async (what: string, input: Record<string, unknown>, limit = 0.5) => {
			const ours = (await env.pool.run(key, 'screenshot', input)).files[0].bytes;
			const playwrights = await page.screenshot({
				fullPage: Boolean(input.fullPage),
				clip: input.clip as never,
				type: (input.format as 'png' | 'jpeg' | undefined) ?? 'png',
				quality: input.format === 'jpeg' ? 80 : undefined,
			});
			if (input.format !== 'jpeg') assert.deepEqual(pngSize(ours), pngSize(playwrights), what);
			const difference = await pictureDifference(decoder, ours, playwrights);
			assert.ok(difference <= limit, `${what}: differs by ${difference}`);
			return ours;
		};

		await page.evaluate(() => window.scrollTo(0, 900));
		const scrolled = await compare('the viewport, scrolled', {});
		const top = await compare('the whole page', { fullPage: true });
		assert.ok(
			(await pictureDifference(decoder, top, scrolled)) === Infinity,
			'the whole page is not the viewport',
		);
		await compare('a region of the viewport', { clip: { x: 10, y: 20, width: 300, height: 200 } });
		await compare('a region of the whole page', {
			fullPage: true,
			clip: { x: 0, y: 1200, width: 640, height: 480 },
		});
		await compare('the whole page in JPEG', { fullPage: true, format: 'jpeg' }, 3);
	});

	it('takes a scale factor Set Viewport set: the viewport, the whole page, a region, an element, WebP, as a browser made with it does', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		await env.pool.run(key, 'setViewport', { width: 800, height: 600, deviceScaleFactor: 2 });
		const page = await env.page(key);
		// The reference: a context made with the factor, which Playwright's screenshot honours.
		const reference = await page
			.context()
			.browser()!
			.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
		try {
			const made = await reference.newPage();
			await made.goto(`${env.site.url}/tables`);
			const shot = async (input: Record<string, unknown>) =>
				(await env.pool.run(key, 'screenshot', input)).files[0].bytes as Buffer;

			const viewport = await shot({});
			assert.deepEqual(pngSize(viewport), { width: 1600, height: 1200 });
			const difference = await pictureDifference(made, viewport, await made.screenshot());
			// A factor emulated on one tab draws text a shade differently from one the context was
			// made with (measured 0.75 of 255).
			assert.ok(difference <= 1.5, `the viewport differs by ${difference}`);

			const height = await page.evaluate(() => document.documentElement.scrollHeight);
			assert.deepEqual(pngSize(await shot({ fullPage: true })), {
				width: 1600,
				height: 2 * height,
			});
			assert.deepEqual(pngSize(await shot({ clip: { x: 10, y: 20, width: 300, height: 200 } })), {
				width: 600,
				height: 400,
			});
			const box = (await page.locator('#complex').boundingBox())!;
			const element = pngSize(await shot({ selector: '#complex' }));
			assert.ok(
				Math.abs(element.width - 2 * box.width) <= 2 &&
					Math.abs(element.height - 2 * box.height) <= 2,
				`the element ${JSON.stringify(element)} at twice its ${box.width}×${box.height}`,
			);
			assert.deepEqual(webpSize(await shot({ format: 'webp' })), { width: 1600, height: 1200 });
			// And the factor stays for what comes next.
			assert.equal(await page.evaluate(() => window.devicePixelRatio), 2);
		} finally {
			await reference.close();
		}
	});

	it('fails with ELEMENT_NOT_FOUND for a missing element, and rejects a bad quality', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const missing = await failureOf(
			env.pool.run(key, 'screenshot', { selector: '#nope', timeoutMs: 400 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		const quality = await failureOf(
			env.pool.run(key, 'screenshot', { format: 'jpeg', quality: 101 }),
		);
		assert.equal(quality.code, 'INVALID_INPUT');
		assert.equal(quality.field, 'quality');
	});

	it('captures a region', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const run = await env.pool.run(key, 'screenshot', {
			clip: { x: 10, y: 20, width: 200, height: 100 },
		});
		assert.deepEqual(pngSize(run.files[0].bytes), { width: 200, height: 100 });
		const below = await env.pool.run(key, 'screenshot', {
			fullPage: true,
			clip: { x: 0, y: 2_000, width: 300, height: 150 },
		});
		assert.deepEqual(
			pngSize(below.files[0].bytes),
			{ width: 300, height: 150 },
			'a region below the fold, with fullPage',
		);
	});

	it('keeps a label in the result and, without a file name, in the file name', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const labelled = await env.pool.run<any>(key, 'screenshot', {
			label: 'After login: Überblick!',
			format: 'jpeg',
		});
		assert.equal(labelled.result.label, 'After login: Überblick!');
		assert.match(labelled.files[0].fileName, /^after-login-uberblick-\d{8}-\d{6}\.jpg$/);
		assert.equal(labelled.result.fileName, labelled.files[0].fileName);
		const named = await env.pool.run<any>(key, 'screenshot', {
			label: 'step 2',
			fileName: 'mine.png',
		});
		assert.equal(named.files[0].fileName, 'mine.png');
		assert.equal(named.result.label, 'step 2');
		assert.equal(slugify('***'), 'screenshot');
		assert.equal(slugify('x'.repeat(100)).length, 60);
	});

	it('outlines elements with labelled boxes for this screenshot only', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const page = await env.page(key);
		const region = { x: 0, y: 0, width: 1280, height: 800 };
		// Exact byte comparison needs a settled page: under load the first pictures after a
		// navigation can still differ (late paint, scrollbar fade), so wait for two equal ones.
		const settledScreenshot = async () => {
			let previous = (await env.pool.run(key, 'screenshot', { clip: region })).files[0].bytes;
			for (let attempt = 0; attempt < 10; attempt++) {
				await page.waitForTimeout(100);
				const next = (await env.pool.run(key, 'screenshot', { clip: region })).files[0].bytes;
				if (Buffer.compare(previous, next) === 0) return next;
				previous = next;
			}
			return previous;
		};
		const plain = { files: [{ bytes: await settledScreenshot() }] };
		const marked = await env.pool.run<any>(key, 'screenshot', {
			clip: region,
			highlights: [
				{ selector: '#name', label: 'Name field' },
				{ selector: 'label' },
				{ selector: '#nothing-here', label: 'Missing' },
			],
		});
		assert.notDeepEqual(
			marked.files[0].bytes,
			plain.files[0].bytes,
			'the boxes are in the picture',
		);
		const [name, labels, missing] = marked.result.highlighted;
		assert.deepEqual(name, { selector: '#name', label: 'Name field', count: 1 });
		assert.ok(labels.count > 3, 'every match of a selector is outlined');
		assert.equal(
			missing.count,
			0,
			'a selector that matches nothing outlines nothing and does not fail',
		);
		assert.equal(
			await page.locator('[data-browser-agent-highlight]').count(),
			0,
			'the boxes are removed afterwards',
		);
		const again = await settledScreenshot();
		assert.deepEqual(again, plain.files[0].bytes, 'the page looks as before');
	});

	it('rejects a region together with an element, and a bad region', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const both = await failureOf(
			env.pool.run(key, 'screenshot', {
				selector: '#name',
				clip: { x: 0, y: 0, width: 10, height: 10 },
			}),
		);
		assert.equal(both.code, 'INVALID_INPUT');
		assert.equal(both.field, 'clip');
		const empty = await failureOf(
			env.pool.run(key, 'screenshot', { clip: { x: 0, y: 0, width: 0, height: 10 } }),
		);
		assert.equal(empty.code, 'INVALID_INPUT');
		assert.equal(empty.field, 'clip.width');
		const noSelector = await failureOf(
			env.pool.run(key, 'screenshot', { highlights: [{ label: 'x' }] }),
		);
		assert.equal(noSelector.field, 'highlights.0.selector');
	});

	it('leaves no box on the page when a later highlight’s selector fails', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const error = await failureOf(
			env.pool.run(key, 'screenshot', {
				highlights: [{ selector: '#name', label: 'Name field' }, { selector: 'input[[[' }],
			}),
		);
		assert.notEqual(
			error.code,
			'INVALID_INPUT',
			'the selector fails on the page, after the first box',
		);
		const page = await env.page(key);
		assert.equal(await page.locator('[data-browser-agent-highlight]').count(), 0);
	});
});
