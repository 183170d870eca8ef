import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { dataDirectory, writePrivateFile } from '../dataDir';
import { BrowserAgentError } from '../errors';
import { storageStateSchema, type StorageState } from '../actions/support/storageState';
import type { Session } from './session';
import type { SessionOptions } from './sessionOptions';

/**
 * Logins kept across a long wait. A workflow execution that waits long enough is parked (n8n: in
 * its database) and may resume in another process, which has no browser session of it. A session
 * opened with Keep Login Across Waits leaves its login here when its execution parks: the cookies
 * and site storage, the page it was on and the options it was opened with, encrypted (AES-256-GCM)
 * with a key derived from a secret every process of the deployment shares. The process that
 * resumes the execution takes it (read once, then deleted) to open the session again.
 *
 * The folder must be one every process can reach (for n8n queue mode: the data folder on a shared
 * volume); a process that cannot find the file reports the session as lost.
 */

/** What a session leaves to be opened again elsewhere. */
export interface KeptLogin {
	/** The current tab's address when the execution parked. */
	url: string;
	storageState: StorageState;
	/** The options the session was opened with (restored as they were, but for the storage state). */
	options: Omit<SessionOptions, 'storageState'>;
	savedAt: string;
}

/** Kept logins no one came back for (the execution was deleted or cancelled while it waited) are swept after this. */
export const DEFAULT_KEPT_LOGIN_MAX_AGE_MS = 30 * 24 * 3_600_000;

const FILE_VERSION = 1;
const KEY_INFO = 'n8n-nodes-browser-agent kept login v1';

const sealedFileSchema = z.object({
	version: z.literal(FILE_VERSION),
	salt: z.string(),
	iv: z.string(),
	tag: z.string(),
	data: z.string(),
});

const keptLoginSchema = z.object({
	url: z.string(),
	storageState: storageStateSchema,
	options: z.record(z.string(), z.unknown()),
	savedAt: z.string(),
});

export interface KeptLoginsOptions {
	/** The folder the logins are kept in; created (mode 0700) on the first save. */
	folder: string;
	/** A high-entropy secret all processes that may resume an execution share (for n8n: its encryption key). */
	secret: string;
	maxAgeMs?: number;
}

export class KeptLogins {
	private readonly maxAgeMs: number;

	constructor(private readonly settings: KeptLoginsOptions) {
		if (!settings.secret) throw new Error('KeptLogins needs a secret to encrypt with');
		this.maxAgeMs = settings.maxAgeMs ?? DEFAULT_KEPT_LOGIN_MAX_AGE_MS;
	}

	/** Encrypts and writes the login of `sessionName` in `executionId`, replacing an earlier one. */
	async save(executionId: string, sessionName: string, login: KeptLogin): Promise<void> {
		const { folder } = this.settings;
		try {
			await writePrivateFile(
				this.pathOf(executionId, sessionName),
				JSON.stringify(this.seal(executionId, sessionName, login)),
			);
		} catch (error) {
			throw new BrowserAgentError(
				'ACTION_FAILED',
				`Could not keep the login of session "${sessionName}" in ${folder}: ${messageOf(error)}`,
				{ advice: 'Check that n8n may write to that folder.', cause: error },
			);
		}
		await this.sweep().catch(() => undefined);
	}

	/**
	 * The kept login of `sessionName` in `executionId`, or undefined when there is none. Taken: the
	 * file is deleted once read, so a login is restored once. A file that does not decrypt (another
	 * deployment's key, or tampered with) is an error, not a missing login.
	 */
	async take(executionId: string, sessionName: string): Promise<KeptLogin | undefined> {
		const path = this.pathOf(executionId, sessionName);
		let text: string;
		try {
			text = await readFile(path, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw error;
		}
		await rm(path, { force: true });
		try {
			return this.open(executionId, sessionName, sealedFileSchema.parse(JSON.parse(text)));
		} catch (error) {
			throw new BrowserAgentError(
				'SESSION_LOST',
				`The kept login of session "${sessionName}" could not be read: it was not encrypted with this n8n's key, or it was changed.`,
				{
					advice:
						'Every n8n process (main and workers) must have the same encryption key (N8N_ENCRYPTION_KEY). Run the flow again to sign in anew.',
					cause: error,
				},
			);
		}
	}

	/** Deletes every login kept for `executionId` (it ended). */
	async discard(executionId: string): Promise<void> {
		const prefix = `${digest(executionId)}--`;
		const names = await readdir(this.settings.folder).catch(() => [] as string[]);
		await Promise.all(
			names
				.filter((name) => name.startsWith(prefix))
				.map((name) => rm(join(this.settings.folder, name), { force: true })),
		);
	}

	private pathOf(executionId: string, sessionName: string): string {
		return join(this.settings.folder, `${digest(executionId)}--${digest(sessionName)}.login`);
	}

	private keyOf(salt: Buffer): Buffer {
		return Buffer.from(hkdfSync('sha256', this.settings.secret, salt, KEY_INFO, 32));
	}

	/** The execution and session are authenticated with the data: a file moved to another execution does not open. */
	private static boundTo(executionId: string, sessionName: string): Buffer {
		return Buffer.from(`${executionId}\0${sessionName}`);
	}

	private seal(executionId: string, sessionName: string, login: KeptLogin) {
		const salt = randomBytes(16);
		const iv = randomBytes(12);
		const cipher = createCipheriv('aes-256-gcm', this.keyOf(salt), iv);
		cipher.setAAD(KeptLogins.boundTo(executionId, sessionName));
		const data = Buffer.concat([cipher.update(JSON.stringify(login), 'utf8'), cipher.final()]);
		return {
			version: FILE_VERSION,
			salt: salt.toString('base64'),
			iv: iv.toString('base64'),
			tag: cipher.getAuthTag().toString('base64'),
			data: data.toString('base64'),
		};
	}

	private open(
		executionId: string,
		sessionName: string,
		sealed: z.output<typeof sealedFileSchema>,
	): KeptLogin {
		const decipher = createDecipheriv(
			'aes-256-gcm',
			this.keyOf(Buffer.from(sealed.salt, 'base64')),
			Buffer.from(sealed.iv, 'base64'),
		);
		decipher.setAAD(KeptLogins.boundTo(executionId, sessionName));
		decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
		const text = Buffer.concat([
			decipher.update(Buffer.from(sealed.data, 'base64')),
			decipher.final(),
		]).toString('utf8');
		return keptLoginSchema.parse(JSON.parse(text)) as KeptLogin;
	}

	/** Removes logins older than the maximum age: their executions were deleted or cancelled while they waited. */
	private async sweep(): Promise<void> {
		const { folder } = this.settings;
		const cutoff = Date.now() - this.maxAgeMs;
		for (const name of await readdir(folder)) {
			const path = join(folder, name);
			const info = await stat(path).catch(() => undefined);
			if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
		}
	}
}

/**
 * The kept logins of an n8n deployment: in the data folder's `kept-logins`, sealed with n8n's
 * instance encryption key, which every process of a queue-mode deployment shares
 * ($N8N_ENCRYPTION_KEY, else the key n8n wrote to its settings file on first start). Read anew
 * each time: it is needed only as an execution parks or resumes. Undefined without a key.
 */
export function keptLoginsFromEnvironment(
	env: NodeJS.ProcessEnv = process.env,
): KeptLogins | undefined {
	const secret = env.N8N_ENCRYPTION_KEY?.trim() || n8nSettingsKey(env);
	if (!secret) return undefined;
	return new KeptLogins({ folder: join(dataDirectory(env), 'kept-logins'), secret });
}

function n8nSettingsKey(env: NodeJS.ProcessEnv): string | undefined {
	const n8nFolder = join(env.N8N_USER_FOLDER?.trim() || homedir(), '.n8n');
	try {
		const settings = JSON.parse(readFileSync(join(n8nFolder, 'config'), 'utf8')) as {
			encryptionKey?: unknown;
		};
		return typeof settings.encryptionKey === 'string' && settings.encryptionKey
			? settings.encryptionKey
			: undefined;
	} catch {
		return undefined;
	}
}

/** What a session would leave: its storage state, the current tab's address and its options. */
export async function captureLogin(session: Session): Promise<KeptLogin> {
	const { storageState: _startedWith, ...options } = session.options;
	const [storageState, status] = await Promise.all([
		session.context.storageState(),
		session.status(),
	]);
	return {
		url: status.url ?? '',
		storageState: storageState as StorageState,
		options,
		savedAt: new Date().toISOString(),
	};
}

/** A name as part of a file name: any text, no path characters, no collisions. */
function digest(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
