import './isolatedDataDir';
import type { Page } from 'playwright';
import { SessionPool, type PoolOptions, type SessionKey } from '../../lib';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';

export interface RunnerEnvironment {
	site: FixtureSite;
	pool: SessionPool;
	/** A fresh session key, so tests never share sessions by accident. */
	key(name?: string): SessionKey;
	/** The Playwright page of a session, to check what an action did. */
	page(key: SessionKey): Promise<Page>;
	close(): Promise<void>;
}

let keys = 0;

/** The fixture site on loopback and a session pool, for tests of the runner and its actions. */
export async function startRunnerEnvironment(
	options: PoolOptions = {},
): Promise<RunnerEnvironment> {
	const site = await startFixtureSite();
	// Test files leave their sessions open until the end; the process limit (20) is tested on its own.
	const pool = new SessionPool({ keepBrowserWarmMs: 60_000, maxSessions: 200, ...options });
	return {
		site,
		pool,
		key: (name?: string) => ({ owner: `test-execution-${process.pid}-${++keys}`, name }),
		async page(key) {
			const session = await pool.session(key);
			if (!session) throw new Error(`no open session for ${key.owner}/${key.name ?? 'default'}`);
			const pages = session.context.pages();
			return pages[pages.length - 1];
		},
		async close() {
			await pool.shutdown();
			await site.close();
		},
	};
}

/** Runs `work` and returns the BrowserAgentError (or other error) it rejects with. */
export async function failureOf(work: Promise<unknown>): Promise<any> {
	try {
		await work;
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to fail, but it succeeded');
}

/** A loopback URL nothing listens on (a port just freed), for "connection refused" cases. */
export async function unreachableUrl(): Promise<string> {
	const { createServer } = await import('node:net');
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return `http://127.0.0.1:${port}/`;
}
