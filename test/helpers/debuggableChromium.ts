import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { findExecutable } from '../../lib/runner/browsers';

/** A Chromium started as a person would for remote debugging: its own process, a free port on 127.0.0.1 (or the one given). */
export async function startDebuggableChromium(port = 0): Promise<{
	/** The ws:// browser endpoint it printed. */
	endpoint: string;
	/** The http:// address of its debugging port (for /json/list). */
	httpUrl: string;
	close(): Promise<void>;
}> {
	const profile = mkdtempSync(join(tmpdir(), 'browser-agent-cdp-'));
	const browser: ChildProcess = spawn(
		findExecutable() ?? chromium.executablePath(),
		[
			'--headless',
			'--no-sandbox',
			`--remote-debugging-port=${port}`,
			'--disable-background-networking',
			'--no-first-run',
			`--user-data-dir=${profile}`,
			'about:blank',
		],
		// Its own process group, so the kill below takes its helper processes (which write to the profile) too.
		{ stdio: ['ignore', 'ignore', 'pipe'], detached: true },
	);
	const close = async () => {
		if (browser.exitCode === null && browser.signalCode === null) {
			const exited = new Promise((resolve) => browser.once('exit', resolve));
			process.kill(-browser.pid!, 'SIGKILL');
			await exited;
		}
		// A helper may still be flushing the profile for a moment after the kill.
		rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 200 });
	};
	try {
		const endpoint = await new Promise<string>((resolve, reject) => {
			let output = '';
			browser.stderr!.on('data', (chunk) => {
				output += chunk;
				const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
				if (found) resolve(found[1]);
			});
			browser.once('exit', () => reject(new Error(`Chromium exited: ${output}`)));
		});
		return { endpoint, httpUrl: `http://${new URL(endpoint).host}`, close };
	} catch (error) {
		await close();
		throw error;
	}
}
