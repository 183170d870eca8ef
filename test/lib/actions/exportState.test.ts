import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dataDirectory, profilePath } from '../../../lib/actions/support/storageState';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

describe('exportState', () => {
	let env: RunnerEnvironment;
	let dataDir: string;
	const previousDataDir = process.env.BROWSER_AGENT_DATA_DIR;
	before(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'browser-agent-data-'));
		process.env.BROWSER_AGENT_DATA_DIR = join(dataDir, 'nested', 'data');
		env = await startRunnerEnvironment();
	});
	after(async () => {
		await env.close();
		if (previousDataDir === undefined) delete process.env.BROWSER_AGENT_DATA_DIR;
		else process.env.BROWSER_AGENT_DATA_DIR = previousDataDir;
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('exports cookies and localStorage of every visited site as a Playwright storage state', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'setLocalStorage', { values: { theme: 'dark' } });
		await env.pool.run(key, 'setCookies', {
			cookies: [{ name: 'consent', value: 'yes', url: env.site.url }],
		});
		const run = await env.pool.run<any>(key, 'exportState', {});
		const { storageState, cookieCount, originCount } = run.result;
		assert.deepEqual([cookieCount, originCount], [1, 1]);
		assert.deepEqual(storageState.origins, [
			{ origin: env.site.url, localStorage: [{ name: 'theme', value: 'dark' }] },
		]);
		const [cookie] = storageState.cookies;
		assert.deepEqual(
			{
				name: cookie.name,
				value: cookie.value,
				domain: cookie.domain,
				path: cookie.path,
				expires: cookie.expires,
			},
			{ name: 'consent', value: 'yes', domain: '127.0.0.1', path: '/', expires: -1 },
		);
		assert.equal(run.result.profile, undefined);
	});

	it('exports an empty state from a fresh session', async () => {
		const run = await env.pool.run<any>(env.key(), 'exportState', {});
		assert.deepEqual(run.result, {
			storageState: { cookies: [], origins: [] },
			cookieCount: 0,
			originCount: 0,
		});
	});

	it('saves a profile, creating the data folder, readable by this user only', async () => {
		const run = await env.pool.run<any>(env.key(), 'exportState', { profile: 'Shop_Account-2' });
		assert.equal(
			run.result.savedTo,
			join(dataDir, 'nested', 'data', 'profiles', 'Shop_Account-2.json'),
		);
		assert.equal(statSync(run.result.savedTo).mode & 0o777, 0o600);
		assert.equal(statSync(join(dataDir, 'nested', 'data', 'profiles')).mode & 0o777, 0o700);
	});

	it('reports a folder it cannot write to', async () => {
		// A folder inside a file cannot be made.
		const file = join(dataDir, 'a-file');
		writeFileSync(file, '');
		process.env.BROWSER_AGENT_DATA_DIR = join(file, 'data');
		try {
			const error = await failureOf(env.pool.run(env.key(), 'exportState', { profile: 'x' }));
			assert.equal(error.code, 'ACTION_FAILED');
			assert.match(error.message, /Could not save the profile "x"/);
			assert.match(error.advice, /BROWSER_AGENT_DATA_DIR/);
		} finally {
			process.env.BROWSER_AGENT_DATA_DIR = join(dataDir, 'nested', 'data');
		}
	});

	it('finds the data folder: the environment variable, else n8n’s user folder, else ~/.n8n', () => {
		assert.equal(dataDirectory({ BROWSER_AGENT_DATA_DIR: '/data/ba' }), '/data/ba');
		assert.equal(
			dataDirectory({ N8N_USER_FOLDER: '/home/node' }),
			join('/home/node', '.n8n', 'browser-agent'),
		);
		assert.equal(dataDirectory({}), join(homedir(), '.n8n', 'browser-agent'));
		assert.equal(
			profilePath('acme', { BROWSER_AGENT_DATA_DIR: '/data/ba' }),
			join('/data/ba', 'profiles', 'acme.json'),
		);
		assert.throws(
			() => profilePath('../../etc/passwd', { BROWSER_AGENT_DATA_DIR: '/data/ba' }),
			/letters, digits/,
		);
	});
});
