import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IExecuteFunctions } from 'n8n-workflow';
import { SessionPool, type SessionStatus } from '../../../../lib';
import { assertSessionNotLost } from '../../../../nodes/BrowserAgent/transport/sessionContinuity';

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
		runExecutionData: { resultData: { runData } },
		workflow: { nodes },
	} as unknown as IExecuteFunctions;
}

const key = { owner: 'execution-7', name: 'default' };
const opened = { type: OWN_TYPE, json: { sessionName: 'default', sessionId: 'a1' }, startTime: 1 };

describe('SESSION_LOST: an execution resumed where its session is not', () => {
	const pool = new SessionPool();

	it('fails when an earlier node used the session and this process never held it, naming that node', async () => {
		await assert.rejects(
			assertSessionNotLost(contextWith({ 'Open Page': opened }), pool, key, 'extract.text'),
			(error: { code: string; message: string; advice: string }) => {
				assert.equal(error.code, 'SESSION_LOST');
				assert.match(error.message, /"default" that node "Open Page" used/);
				assert.match(error.advice, /Export State/);
				return true;
			},
		);
	});

	it('goes on when the session is here, was closed on purpose, is opened anew, or was never used', async () => {
		const here = {
			status: async () => ({ state: 'idle' }) as SessionStatus,
		} as unknown as SessionPool;
		await assertSessionNotLost(contextWith({ 'Open Page': opened }), here, key, 'extract.text');
		const closed = {
			'Open Page': opened,
			Close: {
				type: OWN_TYPE,
				json: { sessionName: 'default', sessionId: 'a1', closed: true },
				startTime: 2,
			},
		};
		await assertSessionNotLost(contextWith(closed), pool, key, 'extract.text');
		await assertSessionNotLost(contextWith({ 'Open Page': opened }), pool, key, 'session.open');
		await assertSessionNotLost(contextWith({}), pool, key, 'extract.text');
	});

	it('reads only Browser Agent nodes, and only the session of that name', async () => {
		const copied = { ...opened, type: 'n8n-nodes-base.set' };
		await assertSessionNotLost(contextWith({ 'Set Fields': copied }), pool, key, 'extract.text');
		await assertSessionNotLost(
			contextWith({ 'Open Page': opened }),
			pool,
			{ ...key, name: 'second' },
			'extract.text',
		);
	});
});
