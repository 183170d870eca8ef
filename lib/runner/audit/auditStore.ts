import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pino from 'pino';
import type { Logger } from '../logger';
import { REDACTED_PATHS } from '../logger';
import { DAY_FOLDER, dayOf, enforceRetention, type RetentionLimits } from './retention';

/** The four NDJSON files of every audit day (seed 001 §7.4). */
export const AUDIT_FILES = ['sessions', 'actions', 'snapshots', 'files'] as const;
export type AuditFile = (typeof AUDIT_FILES)[number];

/** Paths blanked in every audit line, on top of the value-based scrub each session applies. */
const AUDIT_REDACTED_PATHS = [
	...REDACTED_PATHS,
	'input.headers',
	'input.cookies',
	'input.storageState',
	'input.promptText',
	'headers.Authorization',
	'headers.Cookie',
];

const AUDIT_LINE_VERSION = 1;
const RETENTION_INTERVAL_MS = 60 * 60_000;

interface DayWriters {
	day: string;
	/** Missing when the day's files could not be opened (the warning says so once). */
	loggers?: Record<AuditFile, pino.Logger>;
}

/** What the audit trail holds about one session, read back from disk. */
export interface SessionTrail {
	sessions: AuditLine[];
	actions: AuditLine[];
	snapshots: AuditLine[];
	files: AuditLine[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- read back from files: each reader converts the fields it uses
export type AuditLine = Record<string, any> & { time: string; sessionId: string };

/**
 * The audit trail in one folder: per UTC day, `{day}/sessions.ndjson`, `actions.ndjson`,
 * `snapshots.ndjson` and `files.ndjson` (pino, asynchronous, flushed on close and by pino on
 * process exit), and the screenshots and files of each session under `{day}/{sessionId}/`.
 * Writing never throws: a full disk or a read-only folder costs the audit, not the workflow.
 */
export class AuditStore {
	private writers?: DayWriters;
	private readonly pending = new Set<Promise<unknown>>();
	private retentionTimer?: NodeJS.Timeout;
	private retentionRun?: Promise<unknown>;
	private warned = false;

	constructor(
		readonly directory: string,
		private limits: RetentionLimits,
		private readonly log: Logger,
	) {
		this.retentionTimer = setInterval(() => void this.enforceRetention(), RETENTION_INTERVAL_MS);
		this.retentionTimer.unref();
		void this.enforceRetention();
	}

	/** The latest session's limits win when sessions with different settings share a folder. */
	setLimits(limits: RetentionLimits): void {
		this.limits = limits;
	}

	write(file: AuditFile, line: Record<string, unknown>): void {
		try {
			this.writersFor(dayOf()).loggers?.[file].info(line);
		} catch (error) {
			this.warn(error);
		}
	}

	/** The folder of a session's screenshots and files: `{day it started}/{sessionId}`. */
	sessionFolder(sessionId: string, startedAt: Date): string {
		return join(this.directory, dayOf(startedAt), sessionId);
	}

	/** Writes bytes to a file in the trail, in the background; `flush` waits for it. */
	saveFile(path: string, bytes: Buffer): void {
		const saving = mkdir(dirname(path), { recursive: true })
			.then(() => writeFile(path, bytes))
			.catch((error: unknown) => this.warn(error));
		this.track(saving);
	}

	/**
	 * Writes bytes to a file in the trail before returning, for a file that is named to someone at
	 * once (the failure screenshot an error points to): it must be there when they look. False when
	 * it could not be written (the warning says why).
	 */
	saveFileNow(path: string, bytes: Buffer): boolean {
		try {
			mkdirSync(dirname(path), { recursive: true });
			writeFileSync(path, bytes);
			return true;
		} catch (error) {
			this.warn(error);
			return false;
		}
	}

	/** Runs background work the store should wait for on flush (e.g. an alert's payload preparation). */
	track(work: Promise<unknown>): void {
		this.pending.add(work);
		void work.finally(() => this.pending.delete(work));
	}

	/** Waits until every line and file written so far is on disk. */
	async flush(): Promise<void> {
		while (this.pending.size) await Promise.all([...this.pending]);
		const loggers = this.writers?.loggers;
		if (loggers) await Promise.all(Object.values(loggers).map((logger) => flushLogger(logger)));
	}

	/** Flushes and closes the files; the store opens them again if written to afterwards. */
	async close(): Promise<void> {
		clearInterval(this.retentionTimer);
		this.retentionTimer = undefined;
		await this.flush().catch((error: unknown) => this.warn(error));
		await this.retentionRun?.catch(() => undefined);
		const writers = this.writers;
		this.writers = undefined;
		if (writers?.loggers)
			await Promise.all(Object.values(writers.loggers).map((logger) => endLogger(logger)));
	}

	/** Every line of the trail about one session, oldest day first. */
	async readSession(sessionId: string): Promise<SessionTrail> {
		await this.flush();
		const trail: SessionTrail = { sessions: [], actions: [], snapshots: [], files: [] };
		const days = (await readdir(this.directory).catch(() => [] as string[]))
			.filter((name) => DAY_FOLDER.test(name))
			.sort();
		for (const day of days) {
			for (const file of AUDIT_FILES) {
				const text = await readFile(join(this.directory, day, `${file}.ndjson`), 'utf8').catch(
					() => '',
				);
				for (const row of text.split('\n')) {
					if (!row.includes(sessionId)) continue;
					try {
						const line = JSON.parse(row) as AuditLine;
						if (line.sessionId === sessionId) trail[file].push(line);
					} catch {
						// A line cut short by a crash: skip it, keep the rest.
					}
				}
			}
		}
		return trail;
	}

	enforceRetention(now?: Date): Promise<string[]> {
		const run = enforceRetention(this.directory, this.limits, now).then(
			(deleted) => {
				if (deleted.length)
					this.log.info({ auditDirectory: this.directory, deleted }, 'old audit days deleted');
				return deleted;
			},
			(error: unknown) => {
				this.warn(error);
				return [] as string[];
			},
		);
		this.retentionRun = run;
		return run;
	}

	private writersFor(day: string): DayWriters {
		if (this.writers?.day === day) return this.writers;
		const previous = this.writers?.loggers;
		if (previous) void Promise.all(Object.values(previous).map((logger) => endLogger(logger)));
		try {
			// Opened here, synchronously: a folder that cannot be written is one warning, not four stream errors.
			mkdirSync(join(this.directory, day), { recursive: true });
			const loggers = Object.fromEntries(
				AUDIT_FILES.map((file) => [
					file,
					this.openLogger(join(this.directory, day, `${file}.ndjson`)),
				]),
			);
			this.writers = { day, loggers: loggers as Record<AuditFile, pino.Logger> };
		} catch (error) {
			this.warn(error);
			this.writers = { day };
		}
		return this.writers;
	}

	private openLogger(path: string): pino.Logger {
		// minLength 1: still written at once, but flush(cb) then waits for the disk (with 0 it returns at once).
		const destination = pino.destination({ fd: openSync(path, 'a'), sync: false, minLength: 1 });
		// An unwritable folder is reported once; it must never become an uncaught 'error' event.
		destination.on('error', (error: unknown) => {
			brokenStreams.add(destination);
			destination.destroy();
			this.warn(error);
		});
		return pino(
			{
				base: undefined,
				timestamp: pino.stdTimeFunctions.isoTime,
				// `v`: the line format's version, in place of pino's level (every audit line is the same level).
				formatters: { level: () => ({ v: AUDIT_LINE_VERSION }) },
				redact: { paths: AUDIT_REDACTED_PATHS, censor: '[redacted]' },
			},
			destination,
		);
	}

	private warn(error: unknown): void {
		if (this.warned) return;
		this.warned = true;
		this.log.warn(
			{ auditDirectory: this.directory, err: error },
			'could not write the audit trail; check that the data folder is writable',
		);
	}
}

/** Longest wait for the disk on flush or close; a stuck or broken file must not hold up the pool. */
const FLUSH_LIMIT_MS = 5_000;

type Destination = ReturnType<typeof pino.destination>;

function destinationOf(logger: pino.Logger): Destination {
	return (logger as unknown as Record<symbol, Destination>)[pino.symbols.streamSym];
}

/** Resolves when `start` calls back, the stream fails, or the limit passes, whichever comes first. */
function settle(stream: Destination, start: (done: () => void) => void): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, FLUSH_LIMIT_MS);
		timer.unref();
		function done() {
			clearTimeout(timer);
			stream.off('error', done);
			resolve();
		}
		stream.once('error', done);
		try {
			start(done);
		} catch {
			done();
		}
	});
}

function flushLogger(logger: pino.Logger): Promise<void> {
	const stream = destinationOf(logger);
	if (brokenStreams.has(stream) || (stream as { destroyed?: boolean }).destroyed)
		return Promise.resolve();
	return settle(stream, (done) => logger.flush(() => done()));
}

function endLogger(logger: pino.Logger): Promise<void> {
	const stream = destinationOf(logger);
	if (brokenStreams.has(stream) || (stream as { destroyed?: boolean }).destroyed)
		return Promise.resolve();
	return settle(stream, (done) => {
		stream.once('close', done);
		stream.end();
	});
}

/** Destinations that failed (unwritable folder): nothing to flush or end, and no 'drain' will ever come. */
const brokenStreams = new WeakSet<Destination>();
