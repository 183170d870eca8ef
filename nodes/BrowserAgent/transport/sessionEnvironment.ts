import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { SessionEnvironment } from '../../../lib';
import { auditSettingsFromCredential } from './auditSettings';
import { browserConnectionFromCredential } from './browserConnection';
import { policyFromCredential, sharedQuotasFromCredential } from './policySettings';

/**
 * The Browser Agent credential as the runner's session environment: what the admin who owns the
 * credential decides (browser, and the rules sessions run under). Without a credential, the
 * runner's safe defaults apply.
 */
export function sessionEnvironmentFromCredential(
	credential: ICredentialDataDecryptedObject | undefined,
	credentialId?: string,
): SessionEnvironment {
	const browserIdleMinutes = Number(credential?.browserIdleMinutes ?? 0);
	const sharedQuotas = sharedQuotasFromCredential(credential);
	return {
		browser: browserConnectionFromCredential(credential),
		// 0 (the field's default) or nothing: the n8n instance's setting.
		...(browserIdleMinutes > 0 && { browserIdleMs: Math.round(browserIdleMinutes * 60_000) }),
		audit: auditSettingsFromCredential(credential),
		policy: policyFromCredential(credential, credentialId),
		...(sharedQuotas && { sharedQuotas }),
		// Session → Open's own options win over these.
		...(credential?.recordTrace === true && { sessionDefaults: { recordTrace: true } }),
	};
}
