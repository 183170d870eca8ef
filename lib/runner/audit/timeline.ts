import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BrowserAgentError } from '../../errors';
import type { SessionKey, SessionPool } from '../pool';
import type { ActionRecord } from '../session';
import type { AuditLine, AuditStore } from './auditStore';
import { summaryOf } from './sessionAudit';
import { parseAuditSettings, type AuditSettingsInput } from './settings';

/** One action of a session, as the timeline shows it. */
export interface TimelineRow {
	sequence: number;
	actionId: string;
	action: string;
	summary: string;
	startedAt: string;
	endedAt: string;
	durationMs: number;
	status: 'succeeded' | 'failed';
	attempts: number;
	url?: string;
	error?: { code: string; message: string };
	onTimeout?: string;
	/** Why the action ran, when its caller said (an AI model's reasoning). */
	reason?: string;
	/** The failure screenshot, relative to the audit folder. */
	screenshot?: string;
}

export interface Timeline {
	sessionId: string;
	sessionName?: string;
	owner?: string;
	workflowId?: string;
	workflowName?: string;
	/** The last state the trail knows (an open session: its current state). */
	state?: string;
	startedAt?: string;
	endedAt?: string;
	/** Where the rows come from: the audit trail on disk, or the open session's memory (audit off). */
	source: 'audit' | 'session';
	rows: TimelineRow[];
	/** Screenshots of the session (failures, screenshots actions took, the last page), relative to the audit folder. */
	snapshots: Array<{
		path: string;
		kind: string;
		label?: string;
		actionId?: string;
		time?: string;
	}>;
}

export interface TimelineRequest {
	/** The session of this key (its current or most recently ended one)… */
	key?: SessionKey;
	/** …or a past session by its ID, read from the audit trail. */
	sessionId?: string;
	/** The audit settings the session ran under (data folder), as in SessionEnvironment. */
	audit?: AuditSettingsInput;
}

/** Thumbnails embedded in one report, at most; past it the report names the files instead. */
const MAX_EMBEDDED_BYTES = 20 * 1024 * 1024;

/** The timeline of a session and its self-contained HTML report. */
export async function getTimeline(
	pool: SessionPool,
	request: TimelineRequest,
): Promise<{ timeline: Timeline; html: string }> {
	const settings = parseAuditSettings(request.audit);
	const store = pool.audit.storeFor(settings);
	const live = request.key ? await pool.session(request.key) : undefined;
	const sessionId =
		request.sessionId?.trim() || (request.key ? (await pool.status(request.key))?.id : undefined);
	if (!sessionId) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			'This execution has no browser session yet, so there is no timeline to show.',
			{
				action: 'getTimeline',
				field: 'sessionId',
				advice:
					'Run Get Timeline after the Browser Agent nodes of the flow, or give the Session ID of an earlier session.',
			},
		);
	}
	let timeline: Timeline | undefined;
	if (store) {
		const trail = await store.readSession(sessionId);
		if (trail.sessions.length || trail.actions.length) timeline = fromTrail(sessionId, trail);
	}
	if (!timeline && live?.id === sessionId)
		timeline = fromHistory(
			live.id,
			live.name,
			live.owner,
			live.state,
			live.createdAt,
			live.history,
		);
	if (!timeline) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The audit trail has nothing about session ${sessionId}.`,
			{
				action: 'getTimeline',
				field: 'sessionId',
				advice:
					'Check the Session ID (the sessionId field of an earlier Browser Agent output), that the Audit Trail is on in the credential, and that Keep Days has not removed it yet.',
			},
		);
	}
	if (live?.id === sessionId) timeline.state = live.state;
	const images = store ? await loadImages(store, timeline) : new Map<string, Buffer>();
	return { timeline, html: renderTimelineHtml(timeline, images) };
}

function fromTrail(
	sessionId: string,
	trail: { sessions: AuditLine[]; actions: AuditLine[]; snapshots: AuditLine[] },
): Timeline {
	const opened = trail.sessions.find((line) => line.event === 'opened');
	const ended = trail.sessions.findLast((line) => line.event === 'ended');
	const lastState = trail.sessions.findLast(
		(line) => line.event === 'state' || line.event === 'ended',
	);
	const rows = trail.actions
		.map(
			(line, index): TimelineRow => ({
				sequence: Number(line.sequence ?? index + 1),
				actionId: String(line.actionId),
				action: String(line.action),
				summary: String(line.summary ?? line.action),
				startedAt: String(line.startedAt),
				endedAt: String(line.endedAt),
				durationMs: Number(line.durationMs),
				status: line.status === 'failed' ? 'failed' : 'succeeded',
				attempts: Number(line.attempts ?? 1),
				...(line.url !== undefined && { url: String(line.url) }),
				...(line.error && {
					error: { code: String(line.error.code), message: String(line.error.message) },
				}),
				...(line.onTimeout && { onTimeout: String(line.onTimeout) }),
				...(line.reason && { reason: String(line.reason) }),
				...(line.screenshot && { screenshot: String(line.screenshot) }),
			}),
		)
		.sort((a, b) => a.sequence - b.sequence);
	return {
		sessionId,
		...(opened && {
			sessionName: opened.name,
			owner: opened.owner,
			workflowId: opened.workflowId,
			workflowName: opened.workflowName,
			startedAt: opened.startedAt,
		}),
		...(lastState && { state: lastState.state }),
		...(ended && { endedAt: ended.endedAt }),
		source: 'audit',
		rows,
		snapshots: trail.snapshots.map((line) => ({
			path: String(line.path),
			kind: String(line.kind),
			...(line.label && { label: String(line.label) }),
			...(line.actionId && { actionId: String(line.actionId) }),
			time: line.time,
		})),
	};
}

function fromHistory(
	sessionId: string,
	name: string,
	owner: string,
	state: string,
	createdAt: Date,
	history: ActionRecord[],
): Timeline {
	return {
		sessionId,
		sessionName: name,
		owner,
		state,
		startedAt: createdAt.toISOString(),
		source: 'session',
		rows: history.map((record, index) => ({
			sequence: index + 1,
			actionId: record.id,
			action: record.action,
			summary: summaryOf(record),
			startedAt: record.startedAt,
			endedAt: record.endedAt,
			durationMs: record.durationMs,
			status: record.status,
			attempts: record.attempts,
			...(record.url !== undefined && { url: record.url }),
			...(record.error && { error: record.error }),
			...(record.onTimeout && { onTimeout: record.onTimeout }),
			...(record.reason && { reason: record.reason }),
		})),
		snapshots: [],
	};
}

async function loadImages(store: AuditStore, timeline: Timeline): Promise<Map<string, Buffer>> {
	const images = new Map<string, Buffer>();
	let total = 0;
	for (const { path } of timeline.snapshots) {
		if (!path.endsWith('.png') && !path.endsWith('.jpeg') && !path.endsWith('.jpg')) continue;
		const bytes = await readFile(join(store.directory, path)).catch(() => undefined);
		if (!bytes || total + bytes.length > MAX_EMBEDDED_BYTES) continue;
		total += bytes.length;
		images.set(path, bytes);
	}
	return images;
}

/** Every text of the report goes through this: page titles, URLs and error messages are not ours. */
export function escapeHtml(text: unknown): string {
	return String(text ?? '').replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}
.meta{color:#59636e;margin:0 0 16px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #d1d9e0}
th{font-size:12px;text-transform:uppercase;color:#59636e}
.summary{color:#59636e;font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.track{position:relative;height:10px;background:#f0f2f4;border-radius:5px;min-width:160px}
.bar{position:absolute;top:0;height:10px;border-radius:5px;background:#2da44e;min-width:2px}
tr.failed{background:#fff1f0}
tr.failed .bar{background:#cf222e}
.status-failed{color:#cf222e;font-weight:600}
.error{color:#cf222e;margin-top:4px}
img.thumb{max-width:220px;max-height:140px;border:1px solid #d1d9e0;border-radius:4px}
details img{max-width:100%}
.final{margin-top:24px}
`;

/** One self-contained HTML file: a row and a time bar per action, failures in red, screenshots inline. */
export function renderTimelineHtml(
	timeline: Timeline,
	images: Map<string, Buffer> = new Map(),
): string {
	const starts = timeline.rows.map((row) => Date.parse(row.startedAt));
	const ends = timeline.rows.map((row) => Date.parse(row.endedAt));
	const first = Math.min(...starts, timeline.startedAt ? Date.parse(timeline.startedAt) : Infinity);
	const last = Math.max(...ends, first + 1);
	const span = last - first || 1;
	const failed = timeline.rows.filter((row) => row.status === 'failed').length;
	const image = (path: string | undefined, alt: string) => {
		const bytes = path ? images.get(path) : undefined;
		if (!path) return '';
		if (!bytes) return `<span class="summary">${escapeHtml(path)}</span>`;
		const mime = path.endsWith('.png') ? 'image/png' : 'image/jpeg';
		const source = `data:${mime};base64,${bytes.toString('base64')}`;
		return `<details><summary><img class="thumb" alt="${escapeHtml(alt)}" src="${source}"></summary><img alt="${escapeHtml(alt)}" src="${source}"></details>`;
	};
	const shotsByAction = new Map<string, string[]>();
	for (const snapshot of timeline.snapshots) {
		if (!snapshot.actionId || snapshot.kind !== 'action') continue;
		shotsByAction.set(snapshot.actionId, [
			...(shotsByAction.get(snapshot.actionId) ?? []),
			snapshot.path,
		]);
	}
	const rows = timeline.rows
		.map((row) => {
			const left = ((Date.parse(row.startedAt) - first) / span) * 100;
			const width = (row.durationMs / span) * 100;
			const shots = [row.screenshot, ...(shotsByAction.get(row.actionId) ?? [])].filter(
				(path): path is string => !!path,
			);
			return `<tr class="${row.status}" data-action="${escapeHtml(row.action)}">
<td>${row.sequence}</td>
<td><strong>${escapeHtml(row.action)}</strong><div class="summary">${escapeHtml(row.summary)}</div>${
				row.error
					? `<div class="error">${escapeHtml(row.error.code)}: ${escapeHtml(row.error.message)}</div>`
					: ''
			}${row.onTimeout ? `<div class="summary">on timeout: ${escapeHtml(row.onTimeout)}</div>` : ''}${
				row.reason ? `<div class="summary">why: ${escapeHtml(row.reason)}</div>` : ''
			}</td>
<td>${escapeHtml(row.startedAt.replace('T', ' ').replace('Z', ''))}</td>
<td>${row.durationMs} ms${row.attempts > 1 ? `<div class="summary">${row.attempts} attempts</div>` : ''}</td>
<td><div class="track"><div class="bar" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></div></div></td>
<td class="status-${row.status}">${row.status}</td>
<td>${shots.map((path) => image(path, `${row.action} screenshot`)).join('')}</td>
</tr>`;
		})
		.join('\n');
	const final = timeline.snapshots.find((snapshot) => snapshot.kind === 'final');
	const title = `Browser Agent timeline: ${timeline.sessionName ?? timeline.sessionId}`;
	const meta = [
		`session ${timeline.sessionId}`,
		timeline.workflowName && `workflow ${timeline.workflowName}`,
		timeline.owner && `execution ${timeline.owner}`,
		timeline.state && `state ${timeline.state}`,
		timeline.startedAt && `started ${timeline.startedAt}`,
		timeline.endedAt && `ended ${timeline.endedAt}`,
		`${timeline.rows.length} actions, ${failed} failed`,
	]
		.filter(Boolean)
		.map(escapeHtml)
		.join(' · ');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${meta}</p>
<table><thead><tr><th>#</th><th>Action</th><th>Start (UTC)</th><th>Duration</th><th>Time</th><th>Result</th><th>Screenshot</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="7">No actions.</td></tr>'}
</tbody></table>
${final ? `<div class="final"><h2>${escapeHtml(final.label ?? 'Last page')}</h2>${image(final.path, 'last page')}</div>` : ''}
</body></html>
`;
}
