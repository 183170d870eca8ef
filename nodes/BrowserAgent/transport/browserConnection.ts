import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { BrowserConnectionInput } from '../../../lib';
import { headersFromCredentialField } from './credentialHeaders';

const CONNECTION_HEADERS = { name: 'headers', label: 'Headers', example: '{"X-Api-Key": "…"}' };

/**
 * Turns the Browser Agent credential into the runner's browser connection. Undefined (the pool's
 * default: $BROWSER_AGENT_BROWSER_ENDPOINT, else a local launch) without a credential, when its
 * Browser is "This n8n's Default", or when it names no browser at all (stored through the API).
 */
export function browserConnectionFromCredential(
	credential: ICredentialDataDecryptedObject | undefined,
): BrowserConnectionInput | undefined {
	if (!credential || credential.connection === 'default' || credential.connection === undefined)
		return undefined;
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
				headlessMode: credential.headlessMode === 'shell' ? 'shell' : 'new',
				args: String(credential.launchArgs ?? '')
					.split(/\s+/)
					.filter(Boolean),
			};
	}
}
