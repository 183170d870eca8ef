import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { BrowserAgentError, type AuditSettingsInput } from '../../../lib';

/** The credential's Audit block as the runner's audit settings; without a credential, the runner's defaults (on). */
export function auditSettingsFromCredential(credential: ICredentialDataDecryptedObject | undefined): AuditSettingsInput | undefined {
	if (!credential) return undefined;
	const dataDir = text(credential.auditDataDir);
	const alertUrl = text(credential.auditAlertUrl);
	return {
		enabled: credential.auditEnabled !== false,
		...(dataDir && { dataDir }),
		...(typeof credential.auditRetentionDays === 'number' && { retentionDays: credential.auditRetentionDays }),
		...(typeof credential.auditMaxSizeMb === 'number' && { maxTotalSizeMb: credential.auditMaxSizeMb }),
		...(alertUrl && { alertUrl, alertHeaders: alertHeaders(credential.auditAlertHeaders) }),
	};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function alertHeaders(raw: unknown): Record<string, string> {
	if (raw === undefined || raw === null || raw === '') return {};
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- no node here; the router turns the runner's error into the node's
			throw new BrowserAgentError('INVALID_INPUT', 'The credential’s Alert Headers are not valid JSON.', {
				field: 'auditAlertHeaders',
				advice: 'Write them as a JSON object, e.g. {"X-Alarm-Key": "…"}.',
			});
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new BrowserAgentError('INVALID_INPUT', 'The credential’s Alert Headers must be a JSON object.', { field: 'auditAlertHeaders' });
	}
	return Object.fromEntries(Object.entries(value).map(([name, header]) => [name, String(header)]));
}
