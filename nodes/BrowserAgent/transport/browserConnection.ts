import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { BrowserConnectionInput } from '../../../lib';
import { headersFromCredentialField } from './credentialHeaders';

const CONNECTION_HEADERS = { name: 'headers', label: 'Headers', example: '{"X-Api-Key": "…"}' };

/** Turns the Browser Agent credential into the runner's browser connection. */
export function browserConnectionFromCredential(
	credential: ICredentialDataDecryptedObject | undefined,
): BrowserConnectionInput | undefined {
	if (!credential) return undefined;
	const headers = { ...headersFromCredentialField(credential.headers, CONNECTION_HEADERS) };
	const token = typeof credential.token === 'string' ? credential.token.trim() : '';
	if (token) headers.Authorization = `Bearer ${token}`;
	switch (credential.connection) {
		case 'playwright':
			return { mode: 'playwright', wsEndpoint: String(credential.wsEndpoint ?? ''), headers };
		case 'cdp':
			return { mode: 'cdp', endpointURL: String(credential.cdpUrl ?? ''), headers };
		default:
			return {
				mode: 'launch',
				executablePath: String(credential.executablePath ?? '').trim() || undefined,
				headless: credential.headless !== false,
				args: String(credential.launchArgs ?? '')
					.split(/\s+/)
					.filter(Boolean),
			};
	}
}
