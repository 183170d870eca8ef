import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IExecuteFunctions } from 'n8n-workflow';
import { dataDirectory, SessionPool, type SessionStatus } from '../../../../lib';
import {
	continueSession,
	forgetKeptLogins,
	keepLoginsOfParkedExecution,
} from '../../../../nodes/BrowserAgent/transport/sessionContinuity';
import { ADMIN_WELCOME, LOGIN } from '../../../../scripts/fixture-site/expected';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../../helpers/runner';

const OWN_TYPE = 'n8n-nodes-browser-agent.browserAgent';

/** An execute context as n8n builds one, holding the execution's run data so far. */
function contextWith(
	runs: Record<string, { type: string; json: Record<string, unknown>; startTime: number }>,
): IExecuteFunctions {
	const runData = Object.fromEntries(
		Object.entries(runs).map(([node, { json, startTime }]) => [
			node,
			[{ startTime, data: { main: [[{ json }]] } }],
		]),
	);
	const nodes = Object.fromEntries(
		Object.entries(runs).map(([node, { type }]) => [node, { type }]),
	);
	return {
		getNode: () => ({ name: 'Read Result', type: OWN_TYPE }),
		getExecutionId: () => EXECUTION_ID,
		logger: { info: () => undefined },
		runExecutionData: { resultData: { runData } },
		workflow: { nodes },
	} as unknown as IExecuteFunctions;
}

const EXECUTION_ID = '7';
const key = { owner: EXECUTION_ID, name: 'default' };
const opened = { type: OWN_TYPE, json: { sessionName: 'default', sessionId: 'a1' }, startTime: 1 };

describe('SESSION_LOST: an execution resumed where its session is not', () => {
	const pool = new SessionPool();

	it('fails when an earlier node used the session and this process never held it, naming that node', async () => {
		await assert.rejects(
			continueSession(contextWith({ 'Open Page': opened }), pool, key, 'extract.text', {}),
			(error: { code: string; message: string; advice: string }) => {
				assert.equal(error.code, 'SESSION_LOST');
				assert.match(error.message, /"default" that node "Open Page" used/);
				assert.match(error.advice, /Keep Login Across Waits/);
				assert.match(error.advice, /Export State/);
				return true;
			},
		);
	});

	it('goes on when the session is here, was closed on purpose, is opened anew, or was never used', async () => {
		const here = {
			status: async () => ({ state: 'idle' }) as SessionStatus,
		} as unknown as SessionPool;
		await continueSession(contextWith({ 'Open Page': opened }), here, key, 'extract.text', {});
		const closed = {
			'Open Page': opened,
			Close: {
				type: OWN_TYPE,
				json: { sessionName: 'default', sessionId: 'a1', closed: true },
				startTime: 2,
			},
		};
		await continueSession(contextWith(closed), pool, key, 'extract.text', {});
		await continueSession(contextWith({ 'Open Page': opened }), pool, key, 'session.open', {});
		await continueSession(contextWith({}), pool, key, 'extract.text', {});
	});

	it('reads only Browser Agent nodes, and only the session of that name', async () => {
		const copied = { ...opened, type: 'n8n-nodes-base.set' };
		await continueSession(contextWith({ 'Set Fields': copied }), pool, key, 'extract.text', {});
		await continueSession(
			contextWith({ 'Open Page': opened }),
			pool,
			{ ...key, name: 'second' },
			'extract.text',
			{},
		);
	});
});

describe('Keep Login Across Waits: the execution parks in one process and resumes in another', () => {
	let env: RunnerEnvironment;
	let n8nUserFolder: string;
	const saved = { ...process.env };
	const warnings: string[] = [];
	const warn = (message: string) => warnings.push(message);
	const keptFolder = () => join(dataDirectory(), 'kept-logins');

	before(async () => {
		env = await startRunnerEnvironment();
		// The key n8n writes to its settings file on first start, as a worker without N8N_ENCRYPTION_KEY finds it.
		n8nUserFolder = mkdtempSync(join(tmpdir(), 'n8n-user-folder-'));
		mkdirSync(join(n8nUserFolder, '.n8n'));
		writeFileSync(
			join(n8nUserFolder, '.n8n', 'config'),
			JSON.stringify({ encryptionKey: 'k3Yq0v8XlYHq5s8mJx2u7Zc4Wb1Nd6Ta' }),
		);
		delete process.env.N8N_ENCRYPTION_KEY;
		process.env.N8N_USER_FOLDER = n8nUserFolder;
	});
	after(async () => {
		process.env = saved;
		await env.close();
		rmSync(n8nUserFolder, { recursive: true, force: true });
	});

	/** The parking process: a session signed in on the dashboard, and the run data that names it. */
	async function parkedSignedIn(executionId: string, keepLoginAcrossWaits: boolean) {
		const parked = { owner: executionId, name: 'default' };
		await env.pool.open(parked, { options: { keepLoginAcrossWaits } });
		await env.pool.run(parked, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(parked, 'fill', { selector: '#username', value: LOGIN.username });
		await env.pool.run(parked, 'fill', { selector: '#password', value: LOGIN.password });
		await env.pool.run(parked, 'click', { selector: '#login-submit' });
		const runData = {
			'Sign In': [
				{ startTime: 1, data: { main: [[{ json: { sessionName: 'default', sessionId: 's1' } }]] } },
			],
		};
		await keepLoginsOfParkedExecution(env.pool, executionId, executionId, runData as never, warn);
		return runData;
	}

	function resumedContext(executionId: string): IExecuteFunctions {
		const context = contextWith({ 'Sign In': opened });
		return { ...context, getExecutionId: () => executionId } as IExecuteFunctions;
	}

	it('the next node opens the session again: signed in, on the page it was on; the kept login is used once', async () => {
		await parkedSignedIn('101', true);
		assert.equal(readdirSync(keptFolder()).length, 1, 'kept as the execution parked');
		const elsewhere = new SessionPool({ maxSessions: 5 });
		try {
			const key101 = { owner: '101', name: 'default' };
			await continueSession(resumedContext('101'), elsewhere, key101, 'extract.text', {});
			const welcome = await elsewhere.run(key101, 'extractText', { selector: '#welcome' });
			assert.deepEqual(welcome.result, { text: ADMIN_WELCOME });
			assert.equal((await elsewhere.status(key101))?.url, `${env.site.url}/dashboard`);
			assert.deepEqual(readdirSync(keptFolder()), [], 'taken');
		} finally {
			await elsewhere.shutdown();
		}
		assert.deepEqual(warnings, []);
	});

	it('without the option nothing is kept, and the next node fails with SESSION_LOST', async () => {
		await parkedSignedIn('102', false);
		assert.deepEqual(readdirSync(keptFolder()), []);
		const elsewhere = new SessionPool({ maxSessions: 5 });
		const lost = await failureOf(
			continueSession(
				resumedContext('102'),
				elsewhere,
				{ owner: '102', name: 'default' },
				'extract.text',
				{},
			),
		);
		assert.equal(lost.code, 'SESSION_LOST');
		assert.equal(elsewhere.openSessionCount, 0, 'no blank session was opened instead');
	});

	it('an execution that ends forgets its kept logins', async () => {
		await parkedSignedIn('103', true);
		assert.equal(readdirSync(keptFolder()).length, 1);
		await forgetKeptLogins('103');
		assert.deepEqual(readdirSync(keptFolder()), []);
	});

	it('without an encryption key nothing is kept, and the log says why', async () => {
		const empty = mkdtempSync(join(tmpdir(), 'n8n-user-folder-'));
		process.env.N8N_USER_FOLDER = empty;
		try {
			await parkedSignedIn('104', true);
		} finally {
			process.env.N8N_USER_FOLDER = n8nUserFolder;
			rmSync(empty, { recursive: true, force: true });
		}
		assert.deepEqual(readdirSync(keptFolder()), []);
		assert.match(warnings.pop() ?? '', /encryption key was not found \(set N8N_ENCRYPTION_KEY\)/);
	});
});
