import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import {
	browserConnectionFromEnvironment,
	checkBrowserConnection,
	isBrowserAgentError,
	type BrowserCheck,
	type BrowserConnectionInput,
} from '../../../lib';
import { browserConnectionFromCredential } from './browserConnection';

/** Really launches or connects to the browser the credential describes, and reports its version. */
export async function browserAgentConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const configured = browserConnectionFromCredential(credential.data ?? {});
		// "This n8n's Default": what sessions will use, the environment's remote browser or a launch.
		const fromEnvironment = configured ? undefined : browserConnectionFromEnvironment();
		const connection = configured ?? fromEnvironment ?? { mode: 'launch' };
		const { version, endpoints } = await checkBrowserConnection(connection);
		const message = connectedMessage(connection, version, endpoints);
		return {
			status: 'OK',
			message: fromEnvironment ? `${message} (from the n8n environment)` : message,
		};
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const advice = isBrowserAgentError(error) && error.advice ? ` ${error.advice}` : '';
		return { status: 'Error', message: `${message}${advice}` };
	}
}

/**
 * What the test found, e.g. "Connected: Chromium 131.0.6778.33, launched headless on the n8n
 * machine". n8n's editor shows its own "Connection tested successfully" instead (it keeps only
 * error messages); the message still reaches the REST answer and whatever else reads it.
 */
export function connectedMessage(
	connection: BrowserConnectionInput,
	version: string,
	/** With several endpoints, each one and its browser's version (from checkBrowserConnection). */
	endpoints?: BrowserCheck['endpoints'],
): string {
	const browser = `Connected: Chromium ${version}`;
	if (endpoints && endpoints.length > 1 && connection.mode !== 'launch') {
		const kind =
			connection.mode === 'playwright'
				? 'remote Playwright browser servers'
				: 'remote browsers over CDP';
		const each = endpoints
			.map(({ endpoint, version: its }) => `${addressOf(endpoint)} (Chromium ${its})`)
			.join(', ');
		return `Connected to all ${endpoints.length} ${kind}: ${each}`;
	}
	switch (connection.mode) {
		case 'playwright':
			return `${browser}, a remote Playwright browser server at ${addressOf(connection.wsEndpoint)}`;
		case 'cdp':
			return `${browser}, a remote browser over CDP at ${addressOf(connection.endpointURL)}`;
		default: {
			const how =
				connection.headless === false
					? 'with a window (headed)'
					: connection.headlessMode === 'shell'
						? 'headless (headless shell)'
						: 'headless';
			const from = connection.executablePath ? ` from ${connection.executablePath}` : '';
			return `${browser}, launched ${how} on the n8n machine${from}`;
		}
	}
}

/** Scheme, host and port only: endpoints often carry tokens in the path or query. */
function addressOf(endpoint: string): string {
	try {
		const url = new URL(endpoint);
		return `${url.protocol}//${url.host}`;
	} catch {
		return 'the configured address';
	}
}
