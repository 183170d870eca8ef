import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The environment variable that moves everything Browser Agent keeps on disk (profiles, audit trail). */
export const DATA_DIR_ENV = 'BROWSER_AGENT_DATA_DIR';

/**
 * Where Browser Agent keeps data that outlives a session: $BROWSER_AGENT_DATA_DIR, else
 * `browser-agent` in n8n's folder ($N8N_USER_FOLDER/.n8n, or ~/.n8n).
 */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
	if (env[DATA_DIR_ENV]?.trim()) return env[DATA_DIR_ENV].trim();
	const n8nFolder = env.N8N_USER_FOLDER?.trim()
		? join(env.N8N_USER_FOLDER.trim(), '.n8n')
		: join(homedir(), '.n8n');
	return join(n8nFolder, 'browser-agent');
}

/**
 * Writes `text` to `path` readable only by this user (mode 0600, its folder 0700, made if
 * missing). Written aside and renamed, so a reader never sees half a file; nothing is left of a
 * failed write.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
	const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
	try {
		await mkdir(dirname(path), { recursive: true, mode: 0o700 });
		await writeFile(temporary, text, { mode: 0o600 });
		// The mode given to writeFile is masked by the umask.
		await chmod(temporary, 0o600);
		await rename(temporary, path);
	} catch (error) {
		await rm(temporary, { force: true }).catch(() => undefined);
		throw error;
	}
}
