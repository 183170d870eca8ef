import { homedir } from 'node:os';
import { join } from 'node:path';

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
