import { join, relative, resolve } from 'node:path';
import { sanitizeFileName } from '../../files';
import { attachFailureScreenshotFile } from '../failure';
import type { Logger } from '../logger';
import type { ActionArtifacts, ActionRecord, Session } from '../session';
import { sendAlert, type SessionAlert } from './alert';
import { AuditStore } from './auditStore';
import { auditDirectory, type AuditSettings } from './settings';

/** Input fields every action has; left out of the one-line summary. */
const COMMON_FIELDS = new Set(['timeoutMs', 'retries', 'onTimeout']);

/**
 * The pool's audit trail: one AuditStore per data folder, and the wiring that writes what a
 * session does (state changes, actions, screenshots, files, its end) and alerts when it ends badly.
 */
export class AuditLog {
	private readonly stores = new Map<string, AuditStore>();

	constructor(private readonly log: Logger) {}

	/** The store for these settings; undefined when the audit trail is switched off. */
	storeFor(settings: AuditSettings): AuditStore | undefined {
		if (!settings.enabled) return undefined;
		const directory = auditDirectory(settings);
		let store = this.stores.get(directory);
		if (!store) {
			store = new AuditStore(directory, settings, this.log);
			this.stores.set(directory, store);
		} else {
			store.setLimits(settings);
		}
		return store;
	}

	/** Starts recording a session that just opened. */
	attach(session: Session, settings: AuditSettings): void {
		const store = this.storeFor(settings);
		if (store) recordSession(session, store, settings);
		if (settings.alertUrl) alertOnBadEnd(session, settings, store, this.log);
	}

	/** Flushes and closes every store (pool shutdown); they reopen when used again. */
	async close(): Promise<void> {
		const stores = [...this.stores.values()];
		this.stores.clear();
		await Promise.all(stores.map((store) => store.close()));
	}
}

function recordSession(session: Session, store: AuditStore, settings: AuditSettings): void {
	const folder = store.sessionFolder(session.id, session.createdAt);
	const where = (path: string) => relative(store.directory, path);
	const write: AuditStore['write'] = (file, line) =>
		store.write(file, session.secrets.scrubDeep(line));
	let sequence = 0;
	let lastAction: ActionRecord | undefined;

	write('sessions', {
		event: 'opened',
		sessionId: session.id,
		owner: session.owner,
		name: session.name,
		...(settings.workflow?.id && { workflowId: settings.workflow.id }),
		...(settings.workflow?.name && { workflowName: settings.workflow.name }),
		profile: profileOf(session),
		startedAt: session.createdAt.toISOString(),
		// Time it waited for a place under the session limits before it opened.
		...(session.queuedMs > 0 && { queuedMs: session.queuedMs }),
	});
	session.on('state', (state) => {
		if (state === 'running' || state === 'idle') return; // every action has its own line; these would only double them
		write('sessions', { event: 'state', sessionId: session.id, state });
	});
	session.on('action', (record, artifacts) => {
		sequence++;
		lastAction = record;
		const prefix = String(sequence).padStart(3, '0');
		let screenshotPath: string | undefined;
		if (artifacts.failureScreenshot) {
			const path = join(folder, 'screenshots', `${prefix}-${record.action}-failure.png`);
			screenshotPath = where(path);
			// The error names this file to whoever reads it (n8n shows no files of a failed node), so it
			// is on disk before the error leaves the session.
			if (store.saveFileNow(path, artifacts.failureScreenshot) && artifacts.failure)
				attachFailureScreenshotFile(artifacts.failure, resolve(path));
			write('snapshots', {
				sessionId: session.id,
				actionId: record.id,
				action: record.action,
				path: screenshotPath,
				label: `${record.action} failed: ${record.error?.code ?? ''}`.trim(),
				kind: 'failure',
				size: artifacts.failureScreenshot.length,
			});
		}
		const saved = saveActionFiles(session, store, folder, prefix, record, artifacts, write, where);
		write('actions', {
			sessionId: session.id,
			actionId: record.id,
			sequence,
			action: record.action,
			summary: summaryOf(record),
			input: record.input,
			startedAt: record.startedAt,
			endedAt: record.endedAt,
			durationMs: record.durationMs,
			status: record.status,
			attempts: record.attempts,
			...(record.url !== undefined && { url: record.url }),
			...(record.error && { error: record.error }),
			...(record.onTimeout && { onTimeout: record.onTimeout }),
			...(record.reason && { reason: record.reason }),
			...(screenshotPath && { screenshot: screenshotPath }),
			...(saved.length && { files: saved }),
		});
	});
	session.once('end', ({ state, reason, finalScreenshot }) => {
		let finalPath: string | undefined;
		if (finalScreenshot) {
			const path = join(folder, 'screenshots', 'final.png');
			finalPath = where(path);
			store.saveFile(path, finalScreenshot);
			write('snapshots', {
				sessionId: session.id,
				path: finalPath,
				label: `last page (session ${state})`,
				kind: 'final',
				size: finalScreenshot.length,
			});
		}
		write('sessions', {
			event: 'ended',
			sessionId: session.id,
			state,
			startedAt: session.createdAt.toISOString(),
			endedAt: new Date().toISOString(),
			actionCount: sequence,
			...(lastAction && {
				lastAction: {
					action: lastAction.action,
					status: lastAction.status,
					actionId: lastAction.id,
				},
			}),
			...(reason && { error: { code: reason.code, message: reason.message } }),
			...(finalPath && { finalScreenshot: finalPath }),
		});
	});
}

/** Screenshots and PDFs an action returned go to screenshots/ and files/; uploads are listed (not copied: their content is sensitive). */
function saveActionFiles(
	session: Session,
	store: AuditStore,
	folder: string,
	prefix: string,
	record: ActionRecord,
	artifacts: ActionArtifacts,
	write: AuditStore['write'],
	where: (path: string) => string,
): string[] {
	const saved: string[] = [];
	for (const file of artifacts.files) {
		const name = sanitizeFileName(file.fileName, file.kind);
		if (file.kind === 'screenshot') {
			const path = join(folder, 'screenshots', `${prefix}-${name}`);
			store.saveFile(path, file.bytes);
			saved.push(where(path));
			write('snapshots', {
				sessionId: session.id,
				actionId: record.id,
				action: record.action,
				path: where(path),
				label: file.fileName,
				kind: 'action',
				size: file.bytes.length,
			});
		} else {
			const path = join(folder, 'files', `${prefix}-${name}`);
			store.saveFile(path, file.bytes);
			saved.push(where(path));
			write('files', {
				sessionId: session.id,
				actionId: record.id,
				direction: 'download',
				kind: file.kind,
				name: file.fileName,
				size: file.bytes.length,
				mimeType: file.mimeType,
				path: where(path),
			});
		}
	}
	if (record.action !== 'uploadFile' || record.status !== 'succeeded') return saved;
	// Read only here: the result is scrubbed when read, and other results can be large page data.
	const uploads = (
		artifacts.result as
			| { files?: Array<{ name?: unknown; mimeType?: unknown; size?: unknown }> }
			| undefined
	)?.files;
	if (Array.isArray(uploads)) {
		for (const upload of uploads) {
			write('files', {
				sessionId: session.id,
				actionId: record.id,
				direction: 'upload',
				name: upload.name,
				size: upload.size,
				mimeType: upload.mimeType,
			});
		}
	}
	return saved;
}

function alertOnBadEnd(
	session: Session,
	settings: AuditSettings,
	store: AuditStore | undefined,
	log: Logger,
): void {
	session.once('end', ({ state, reason, finalScreenshot }) => {
		if (state !== 'timeout' && state !== 'failed') return;
		const last = session.history.at(-1);
		const alert: SessionAlert = session.secrets.scrubDeep({
			event: 'browserAgent.sessionEnded',
			sessionId: session.id,
			sessionName: session.name,
			owner: session.owner,
			...(settings.workflow?.id && { workflowId: settings.workflow.id }),
			...(settings.workflow?.name && { workflowName: settings.workflow.name }),
			state,
			startedAt: session.createdAt.toISOString(),
			endedAt: new Date().toISOString(),
			...(last && {
				lastAction: {
					action: last.action,
					status: last.status,
					endedAt: last.endedAt,
					...(last.error && { error: last.error }),
				},
			}),
			...(reason && {
				error: {
					code: reason.code,
					message: reason.message,
					...(reason.advice && { advice: reason.advice }),
				},
			}),
			...(store &&
				finalScreenshot && {
					finalScreenshot: relative(
						store.directory,
						join(store.sessionFolder(session.id, session.createdAt), 'screenshots', 'final.png'),
					),
				}),
		});
		// Not awaited by anyone: the session's end never waits for the receiver.
		void sendAlert(settings.alertUrl!, alert, settings.alertHeaders, log);
	});
}

/** The options a session was opened with, minus secrets and bulky values: what "profile" it ran as. */
function profileOf(session: Session): Record<string, unknown> {
	const { proxy, storageState, extraHTTPHeaders, ...rest } = session.options;
	return {
		...rest,
		...(proxy && {
			proxy: { server: proxy.server, ...(proxy.username && { username: proxy.username }) },
		}),
		...(storageState && { storageState: 'restored' }),
		...(extraHTTPHeaders && { extraHTTPHeaders: Object.keys(extraHTTPHeaders) }),
	};
}

/** One line a person can scan: the action and its own inputs, e.g. `click selector=#submit`. */
export function summaryOf(record: Pick<ActionRecord, 'action' | 'input'>): string {
	const parts = Object.entries(record.input)
		.filter(([key, value]) => !COMMON_FIELDS.has(key) && value !== undefined)
		.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
	const text = [record.action, ...parts].join(' ');
	return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
