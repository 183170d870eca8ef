import '../../helpers/isolatedDataDir';
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	BROWSER_IDLE_MS_ENV,
	DEFAULT_BROWSER_IDLE_MS,
	SessionPool,
	browserIdleMsFromEnvironment,
} from '../../../lib';
import { eventually } from '../../helpers/processes';
import { failureOf } from '../../helpers/runner';

/** Opens a session and closes it again: the pool's browser is then idle. */
async function useOnce(pool: SessionPool, owner: string, environment = {}): Promise<void> {
	await pool.open({ owner }, { environment });
	await pool.close({ owner });
}

describe('How long the shared browser stays up after its last session', () => {
	let pool: SessionPool | undefined;
	const previousEnv = process.env[BROWSER_IDLE_MS_ENV];
	afterEach(async () => {
		await pool?.shutdown();
		if (previousEnv === undefined) delete process.env[BROWSER_IDLE_MS_ENV];
		else process.env[BROWSER_IDLE_MS_ENV] = previousEnv;
	});

	it('reuses the browser within the idle time, and launches a new one only after it', async () => {
		pool = new SessionPool({ keepBrowserWarmMs: 1_500 });
		await useOnce(pool, 'idle-1');
		await useOnce(pool, 'idle-2');
		assert.equal(pool.browserLaunchCount, 1, 'the second session found the browser warm');
		assert.equal(pool.browserCount, 1, 'still up between sessions');
		await eventually(() => pool!.browserCount === 0, 'the idle browser closed', 10_000);
		await useOnce(pool, 'idle-3');
		assert.equal(pool.browserLaunchCount, 2, 'after the idle time a session launches again');
	});

	it('takes the idle time from the session’s environment (the credential) over the pool’s and $BROWSER_AGENT_BROWSER_IDLE_MS', async () => {
		process.env[BROWSER_IDLE_MS_ENV] = '600000';
		pool = new SessionPool();
		await useOnce(pool, 'credential', { browserIdleMs: 200 });
		await eventually(() => pool!.browserCount === 0, 'the browser closed after 200 ms');
	});

	it('takes $BROWSER_AGENT_BROWSER_IDLE_MS when the pool is given none, and the pool’s own option over it', async () => {
		process.env[BROWSER_IDLE_MS_ENV] = '200';
		pool = new SessionPool();
		await useOnce(pool, 'env');
		await eventually(() => pool!.browserCount === 0, 'the browser closed after 200 ms');
		await pool.shutdown();

		pool = new SessionPool({ keepBrowserWarmMs: 600_000 });
		await useOnce(pool, 'option');
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		assert.equal(pool.browserCount, 1, 'the pool’s option wins over the environment');
	});

	it('reads the environment variable: unset is the default, a bad value is refused by name', async () => {
		assert.equal(DEFAULT_BROWSER_IDLE_MS, 600_000);
		assert.equal(browserIdleMsFromEnvironment({}), undefined);
		assert.equal(browserIdleMsFromEnvironment({ [BROWSER_IDLE_MS_ENV]: ' 0 ' }), 0);
		assert.equal(browserIdleMsFromEnvironment({ [BROWSER_IDLE_MS_ENV]: '90000' }), 90_000);
		for (const bad of ['ten minutes', '-1', '1.5', String(25 * 3_600_000)]) {
			assert.throws(
				() => browserIdleMsFromEnvironment({ [BROWSER_IDLE_MS_ENV]: bad }),
				(error: any) =>
					error.code === 'INVALID_INPUT' && error.message.includes(BROWSER_IDLE_MS_ENV),
				bad,
			);
		}
		pool = new SessionPool();
		const error = await failureOf(
			pool.open({ owner: 'bad' }, { environment: { browserIdleMs: -5 } }),
		);
		assert.equal(error.code, 'INVALID_INPUT');
		assert.equal(pool.browserLaunchCount, 0, 'refused before any browser starts');
	});
});
