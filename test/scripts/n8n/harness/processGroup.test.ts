// The e2e harness must not leave `n8n` or its Chromium running when the test process ends, however
// it ends. Needs no n8n: the tree is made of `sleep`s shaped like n8n's (see fixtures/groupOwner.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runProcess } from '../../../../scripts/n8n/harness/n8n';
import { eventually, processesWithEnvironment } from '../../../helpers/processes';

const MARKER = 'PROCESS_GROUP_TEST_RUN';
const sleepsOf = (run: string) =>
	processesWithEnvironment(MARKER, run).filter(({ command }) => command === 'sleep 600');

describe('the e2e harness ends the process groups it starts', () => {
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
		it(
			`when the test process gets ${signal}, n8n's Chromium included`,
			{ timeout: 120_000 },
			async () => {
				const run = randomUUID();
				const owner = spawn(
					process.execPath,
					['--import', 'tsx', join(__dirname, 'fixtures', 'groupOwner.ts')],
					{
						env: { ...process.env, [MARKER]: run },
						stdio: 'ignore',
					},
				);
				const exited = new Promise<NodeJS.Signals | null>((done) =>
					owner.on('exit', (_code, received) => done(received)),
				);
				try {
					await eventually(() => sleepsOf(run).length === 2, 'both sleeps of the tree run', 60_000);
					owner.kill(signal);
					assert.equal(await exited, signal, 'the test process still dies of the signal');
					// SIGKILL cannot be caught: the watchdog notices within a second or two.
					await eventually(
						() => processesWithEnvironment(MARKER, run).length === 0,
						'nothing of the tree is left',
						15_000,
					);
				} finally {
					for (const { pid } of processesWithEnvironment(MARKER, run)) process.kill(pid, 'SIGKILL');
				}
			},
		);
	}

	it('when the command ends, with what it left behind', { timeout: 60_000 }, async () => {
		const run = randomUUID();
		const tree = `sleep 600 & node -e "require('node:child_process').spawn('sleep', ['600'], { detached: true, stdio: 'ignore' }).unref()"`;
		const result = await runProcess('bash', ['-c', tree], {
			env: { ...process.env, [MARKER]: run },
		});
		assert.equal(result.code, 0);
		await eventually(
			() => processesWithEnvironment(MARKER, run).length === 0,
			'nothing of the tree is left',
			5_000,
		);
	});
});
