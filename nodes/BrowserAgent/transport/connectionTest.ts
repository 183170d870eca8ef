import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { checkBrowserConnection, isBrowserAgentError } from '../../../lib';
import { browserConnectionFromCredential } from './browserConnection';

/** Really launches or connects to the browser the credential describes, and reports its version. */
export async function browserAgentConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const connection = browserConnectionFromCredential(credential.data ?? {});
		const { version } = await checkBrowserConnection(connection ?? { mode: 'launch' });
		return { status: 'OK', message: `Browser ready: Chromium ${version}` };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const advice = isBrowserAgentError(error) && error.advice ? ` ${error.advice}` : '';
		return { status: 'Error', message: `${message}${advice}` };
	}
}
