import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { BrowserAgentError, type BrowserConnectionInput } from '../../../lib';

/** Turns the Browser Agent credential into the runner's browser connection. */
export function browserConnectionFromCredential(credential: ICredentialDataDecryptedObject | undefined): BrowserConnectionInput | undefined {
	if (!credential) return undefined;
	const headers = { ...parseHeaders(credential.headers) };
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

function parseHeaders(raw: unknown): Record<string, string> {
	if (raw === undefined || raw === null || raw === '') return {};
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- no node to attach here (the credential test calls this too); the runner's BrowserAgentError carries the code and advice that the credential test reports
			throw new BrowserAgentError('INVALID_INPUT', 'The credential’s Headers are not valid JSON.', {
				field: 'headers',
				advice: 'Write them as a JSON object, e.g. {"X-Api-Key": "…"}.',
			});
		}
	}
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new BrowserAgentError('INVALID_INPUT', 'The credential’s Headers must be a JSON object.', { field: 'headers' });
	}
	return Object.fromEntries(Object.entries(value as object).map(([name, header]) => [name, String(header)]));
}
