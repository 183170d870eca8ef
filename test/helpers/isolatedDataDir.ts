/**
 * Imported for its effect by the shared test helpers: every test process keeps Browser Agent's data
 * (audit trail, profiles) in a temporary folder, never in ~/.n8n. A folder set from outside
 * ($BROWSER_AGENT_DATA_DIR) is kept, and so is what tests write there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR_ENV } from '../../lib/dataDir';

if (!process.env[DATA_DIR_ENV]?.trim()) {
	const folder = mkdtempSync(join(tmpdir(), 'browser-agent-test-data-'));
	process.env[DATA_DIR_ENV] = folder;
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}
