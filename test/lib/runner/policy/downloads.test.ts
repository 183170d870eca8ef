import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { sanitizeFileName } from '../../../../lib/files';
import {
	HOSTILE_DOWNLOAD_BODY,
	HOSTILE_DOWNLOADS,
} from '../../../../scripts/fixture-site/expected';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../../helpers/runner';

const UNSAFE = /[\\/\u0000-\u001f\u007f]|^\.|^$/;

describe('policy: downloads with hostile names stay in the session folder', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('sanitizeFileName drops folders, traversal, control characters and leading dots', () => {
		assert.equal(sanitizeFileName('../../etc/passwd'), 'passwd');
		assert.equal(sanitizeFileName('/etc/passwd'), 'passwd');
		assert.equal(sanitizeFileName('..\\..\\evil.bat'), 'evil.bat');
		assert.equal(sanitizeFileName('C:\\Windows\\win.ini'), 'win.ini');
		assert.equal(sanitizeFileName('bad\u0000name\r\n\u001b.txt'), 'bad_name___.txt');
		assert.equal(sanitizeFileName('..'), 'download');
		assert.equal(sanitizeFileName('.bashrc'), 'bashrc');
		assert.equal(sanitizeFileName('x'.repeat(500) + '.csv').length, 200);
	});

	for (const kind of Object.keys(HOSTILE_DOWNLOADS)) {
		it(`${kind}: by click and by URL`, async () => {
			const key = env.key();
			await env.pool.run(key, 'navigate', { url: `${env.site.url}/escape` });
			const session = (await env.pool.session(key))!;
			const folder = resolve(session.directoryPath) + sep;
			for (const input of [
				{ selector: `#download-${kind}` },
				{ url: `${env.site.url}/escape/files/${kind}` },
			]) {
				const run = await env.pool.run(key, 'download', input);
				const [file] = run.files;
				assert.doesNotMatch(
					file.fileName,
					UNSAFE,
					`${kind} ${JSON.stringify(input)}: ${JSON.stringify(file.fileName)}`,
				);
				assert.ok(resolve(file.path!).startsWith(folder), `${file.path} is inside ${folder}`);
				assert.equal(readFileSync(file.path!, 'utf8'), HOSTILE_DOWNLOAD_BODY);
			}
			await env.pool.close(key);
			assert.equal(existsSync(folder), false);
		});
	}
});
