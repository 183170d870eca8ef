import { Agent, request } from 'undici';
import type { ActionRun } from '../runner/session';
import type { HumanWaitResult } from './liveViews';

/** How long a finished wait still answers its page with "ended" instead of "no such wait". */
const ENDED_KEPT_MS = 10 * 60_000;

/** A person's wait whose caller does not stay to await it (an n8n execution parked as waiting). */
export interface ParkedWait {
	/** The live-view link's token in LiveLinks. */
	linkToken: string;
	/** Settles when the person pressed Done or the time limit passed. */
	outcome: Promise<ActionRun<HumanWaitResult>>;
	/** Where Done is pressed from outside (`<url>/done`) when the time limit passes first. */
	resumeUrl: string;
}

interface Entry extends ParkedWait {
	resumed: boolean;
}

/**
 * Waits for a person that outlive their caller, by a key the caller's host gives (n8n's resume
 * token). The first Done (the person's, or the time limit's POST to the resume URL) claims the
 * resumption; later ones only hear that it ended.
 */
export class ParkedWaits {
	private readonly waits = new Map<string, Entry>();

	constructor(private readonly onResumeFailed: (error: unknown, wait: ParkedWait) => void) {}

	park(key: string, wait: ParkedWait): void {
		const entry: Entry = { ...wait, resumed: false };
		this.waits.set(key, entry);
		void wait.outcome
			.catch(() => undefined)
			.then(async () => {
				if (!entry.resumed)
					await pressDoneAt(wait.resumeUrl).catch((error) => this.onResumeFailed(error, wait));
				setTimeout(() => {
					if (this.waits.get(key) === entry) this.waits.delete(key);
				}, ENDED_KEPT_MS).unref();
			});
	}

	get(key: string): ParkedWait | undefined {
		return this.waits.get(key);
	}

	/** True for the first caller only: that one resumes the flow. */
	claimResumption(key: string): boolean {
		const entry = this.waits.get(key);
		if (!entry || entry.resumed) return false;
		entry.resumed = true;
		return true;
	}
}

/** n8n over loopback may use a certificate made for its public name. */
const loopbackTls = new Agent({ connect: { rejectUnauthorized: false } });

/**
 * Presses Done as the viewer does: first at the host's own port on this machine (n8n says it in
 * N8N_PORT and N8N_PROTOCOL; its public URL may not be reachable from inside), then at the URL itself.
 */
export async function pressDoneAt(resumeUrl: string): Promise<void> {
	const url = new URL(resumeUrl);
	url.pathname = `${url.pathname.replace(/\/$/, '')}/done`;
	const local = new URL(url);
	local.protocol = process.env.N8N_PROTOCOL === 'https' ? 'https:' : 'http:';
	local.hostname = '127.0.0.1';
	local.port = process.env.N8N_PORT || '5678';
	let lastError: unknown;
	for (const target of [local, url]) {
		try {
			const answer = await request(target, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
				dispatcher: target === local ? loopbackTls : undefined,
				headersTimeout: 60_000,
			});
			await answer.body.dump();
			if (answer.statusCode < 400) return;
			lastError = new Error(`${target.origin} answered ${answer.statusCode}`);
		} catch (error) {
			lastError = error;
		}
	}
	throw lastError;
}
