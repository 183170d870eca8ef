import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRELAUNCH_ENV, prelaunchSharedBrowser, sharedPool } from '../../../lib';
import { BROWSER_ENDPOINT_ENV, EXECUTABLE_PATH_ENV } from '../../../lib/runner/browsers';
import type { Logger } from '../../../lib/runner/logger';
import { processesMentioning } from '../../helpers/processes';

const HOST_SCRIPT = path.join(__dirname, 'fixtures', 'prelaunch.run.ts');
/** Far less than the 10 minutes the browser stays up for the next session. */
const EXIT_LIMIT_MS = 30_000;

const scratches: string[] = [];
after(() => {
	for (const scratch of scratches)
		rmSync(scratch, { recursive: true, force: true, maxRetries: 10 });
});

describe('Starting the browser when the node loads ($BROWSER_AGENT_PRELAUNCH)', () => {
	it('starts one browser when the node loads, and the host still ends by itself, taking the browser with it', async () => {
		const tmp = mkdtempSync(path.join(tmpdir(), 'prelaunch-test-'));
		scratches.push(tmp);
		const child = spawn(process.execPath, ['--import', 'tsx', HOST_SCRIPT], {
			env: {
				...process.env,
				TMPDIR: tmp,
				BROWSER_AGENT_DATA_DIR: path.join(tmp, 'data'),
				BROWSER_AGENT_EXECUTABLE_PATH:
					process.env.BROWSER_AGENT_EXECUTABLE_PATH ?? '/usr/bin/chromium',
				[PRELAUNCH_ENV]: 'true',
				TSX_DISABLE_CACHE: '1',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		let browsersWhileUp: string[] = [];
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (stdout.includes('up ') && !browsersWhileUp.length)
				browsersWhileUp = processesMentioning(tmp);
		});
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		const limit = new Promise<'still running'>((resolve) =>
			setTimeout(() => resolve('still running'), EXIT_LIMIT_MS).unref(),
		);
		const outcome = await Promise.race([exited, limit]);
		if (outcome === 'still running') child.kill('SIGKILL');
		assert.notEqual(outcome, 'still running', `the host was kept alive: ${stdout}${stderr}`);
		assert.equal(outcome, 0, stderr);
		assert.match(stdout, /^up launches=1 browsers=1$/m, 'one browser, started once, reused');
		assert.ok(
			browsersWhileUp.length > 0,
			'the browser was running (the check looks in the right place)',
		);
		for (let attempt = 0; attempt < 20 && processesMentioning(tmp).length; attempt++)
			await new Promise((resolve) => setTimeout(resolve, 100));
		assert.deepEqual(processesMentioning(tmp), [], 'no browser left behind');
	});

	it('does nothing unless asked, once per process, and a browser that cannot start is only logged', async () => {
		const warnings: string[] = [];
		const logger = {
			info: () => undefined,
			warn: (_data: object, message: string) => void warnings.push(message),
		} as unknown as Pick<Logger, 'info' | 'warn'>;
		assert.equal(prelaunchSharedBrowser({}, logger), undefined);
		assert.equal(prelaunchSharedBrowser({ [PRELAUNCH_ENV]: 'false' }, logger), undefined);

		const previous = process.env[EXECUTABLE_PATH_ENV];
		process.env[EXECUTABLE_PATH_ENV] = '/nonexistent/chromium';
		try {
			await prelaunchSharedBrowser({ [PRELAUNCH_ENV]: 'true' }, logger);
		} finally {
			if (previous === undefined) delete process.env[EXECUTABLE_PATH_ENV];
			else process.env[EXECUTABLE_PATH_ENV] = previous;
		}
		assert.equal(warnings.length, 1);
		assert.match(warnings[0], /could not start the browser ahead/);
		assert.equal(prelaunchSharedBrowser({ [PRELAUNCH_ENV]: 'true' }, logger), undefined, 'once');
		await sharedPool().shutdown();
	});

	it('starts nothing for a remote browser: there is no launch to spare', async () => {
		// As in a process that has not tried yet.
		delete (globalThis as Record<symbol, unknown>)[
			Symbol.for('n8n-nodes-browser-agent.prelaunched')
		];
		const infos: string[] = [];
		const logger = {
			info: (_data: object, message: string) => void infos.push(message),
			warn: (_data: object, message: string) => assert.fail(message),
		} as unknown as Pick<Logger, 'info' | 'warn'>;
		await prelaunchSharedBrowser(
			{ [PRELAUNCH_ENV]: 'true', [BROWSER_ENDPOINT_ENV]: 'ws://127.0.0.1:9/devtools/browser/x' },
			logger,
		);
		assert.match(infos.join('\n'), /ignored: the browser is remote/);
		assert.equal(sharedPool().browserCount, 0);
	});
});
