import { join } from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '../../validation';
import { dataDirectory } from '../../dataDir';

/** What the operator decides about a session's audit trail (for n8n: the credential's Audit block). */
export const auditSettingsSchema = z.strictObject({
	enabled: z
		.boolean()
		.default(true)
		.describe('Write the audit trail (sessions, actions, screenshots, files).'),
	dataDir: z
		.string()
		.trim()
		.optional()
		.describe(
			'Data folder; the audit trail goes to its `audit` subfolder. Default: $BROWSER_AGENT_DATA_DIR, else ~/.n8n/browser-agent.',
		),
	retentionDays: z
		.number()
		.int()
		.min(1)
		.max(3_650)
		.default(30)
		.describe('Delete audit days older than this.'),
	maxTotalSizeMb: z
		.number()
		.min(1)
		.max(1_000_000)
		.default(1_024)
		.describe('Delete the oldest audit days while the audit folder is larger than this.'),
	alertUrl: z
		.url({
			protocol: /^https?$/,
			error:
				'the alert URL must be an http(s) address, e.g. https://n8n.example.com/webhook/browser-alarm',
		})
		.optional()
		.describe('POSTed to (JSON) when a session times out or fails, e.g. an n8n Webhook.'),
	alertHeaders: z
		.record(z.string(), z.string())
		.optional()
		.describe('Headers sent with the alert, e.g. a webhook secret.'),
	/** The workflow the session belongs to, when the caller knows it; goes into sessions.ndjson and alerts. */
	workflow: z.strictObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
});

export type AuditSettings = z.output<typeof auditSettingsSchema>;
export type AuditSettingsInput = z.input<typeof auditSettingsSchema>;

export function parseAuditSettings(raw: AuditSettingsInput | undefined): AuditSettings {
	return parseOrThrow(auditSettingsSchema, raw ?? {}, {
		subject: 'audit setting',
		advice: 'Check the Audit settings of the Browser Agent credential.',
	});
}

/** The audit folder: `<data folder>/audit`. */
export function auditDirectory(
	settings: Pick<AuditSettings, 'dataDir'>,
	env: NodeJS.ProcessEnv = process.env,
): string {
	return join(settings.dataDir || dataDirectory(env), 'audit');
}
