import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { SessionEnvironment } from '../../../lib';
import { auditSettingsFromCredential } from './auditSettings';
import { browserConnectionFromCredential } from './browserConnection';
import { policyFromCredential } from './policySettings';

/**
 * The Browser Agent credential as the runner's session environment: what the admin who owns the
 * credential decides (browser, and the rules sessions run under). Without a credential, the
 * runner's safe defaults apply.
 */
export function sessionEnvironmentFromCredential(
	credential: ICredentialDataDecryptedObject | undefined,
	credentialId?: string,
): SessionEnvironment {
	return {
		browser: browserConnectionFromCredential(credential),
		audit: auditSettingsFromCredential(credential),
		policy: policyFromCredential(credential, credentialId),
		// Session → Open's own options win over these.
		...(credential?.recordTrace === true && { sessionDefaults: { recordTrace: true } }),
	};
}
