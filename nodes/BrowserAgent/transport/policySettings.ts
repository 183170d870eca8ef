import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import {
	sharedQuotaSettingsFromEnvironment,
	type PolicyInput,
	type SharedQuotaSettingsInput,
} from '../../../lib';

/**
 * The Policy block of the Browser Agent credential as the runner's policy. The credential's ID is
 * the scope its concurrent-session limit is counted in. Without a credential the runner's safe
 * defaults apply. Fields missing from credentials saved by older versions take the defaults too.
 */
export function policyFromCredential(
	credential: ICredentialDataDecryptedObject | undefined,
	credentialId?: string,
): PolicyInput | undefined {
	if (!credential) return undefined;
	const policy: PolicyInput = {
		scope: `credential:${credentialId || 'unnamed'}`,
		allowedDomains: hostList(credential.allowedDomains),
		blockedDomains: hostList(credential.blockedDomains),
		allowCustomScript: credential.allowCustomScript === true,
	};
	if (Array.isArray(credential.allowedSchemes) && credential.allowedSchemes.length) {
		policy.allowedSchemes = credential.allowedSchemes.map(String) as PolicyInput['allowedSchemes'];
	}
	for (const limit of [
		'maxConcurrentSessions',
		'maxActionsPerSession',
		'maxActionsPerMinute',
	] as const) {
		const value = credential[limit];
		// Left as given (even when not a whole number), so the runner's check names the field at fault.
		if (value !== undefined && value !== null && value !== '') policy[limit] = Number(value);
	}
	return policy;
}

/**
 * Where the credential's session limits are counted across n8n's queue-mode workers: the Redis of
 * n8n's queue (its QUEUE_BULL_REDIS_* settings), when the credential's Limit Sessions Across
 * Workers is on and n8n runs in queue mode. Otherwise undefined: each process counts its own
 * (credentials saved before the field existed too).
 */
export function sharedQuotasFromCredential(
	credential: ICredentialDataDecryptedObject | undefined,
): SharedQuotaSettingsInput | undefined {
	if (credential?.limitSessionsAcrossWorkers !== true) return undefined;
	return sharedQuotaSettingsFromEnvironment();
}

function hostList(raw: unknown): string[] {
	if (typeof raw !== 'string') return [];
	return raw
		.split(/[\s,;]+/)
		.map((host) => host.trim())
		.filter(Boolean);
}
