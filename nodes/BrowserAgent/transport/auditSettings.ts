import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { AuditSettingsInput } from '../../../lib';
import { headersFromCredentialField } from './credentialHeaders';

const ALERT_HEADERS = {
	name: 'auditAlertHeaders',
	label: 'Alert Headers',
	example: '{"X-Alarm-Key": "…"}',
};

/** The credential's Audit block as the runner's audit settings; without a credential, the runner's defaults (on). */
export function auditSettingsFromCredential(
	credential: ICredentialDataDecryptedObject | undefined,
): AuditSettingsInput | undefined {
	if (!credential) return undefined;
	const dataDir = text(credential.auditDataDir);
	const alertUrl = text(credential.auditAlertUrl);
	return {
		enabled: credential.auditEnabled !== false,
		...(dataDir && { dataDir }),
		...(typeof credential.auditRetentionDays === 'number' && {
			retentionDays: credential.auditRetentionDays,
		}),
		...(typeof credential.auditMaxSizeMb === 'number' && {
			maxTotalSizeMb: credential.auditMaxSizeMb,
		}),
		...(alertUrl && {
			alertUrl,
			alertHeaders: headersFromCredentialField(credential.auditAlertHeaders, ALERT_HEADERS),
		}),
	};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
