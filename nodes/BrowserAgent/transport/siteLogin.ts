import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import {
	BrowserAgentError,
	isBrowserAgentError,
	siteLoginValue,
	totp,
	type SiteLogin,
	type SiteLoginPart,
} from '../../../lib';

export const SITE_LOGIN_CREDENTIAL = 'browserAgentSiteLogin';

/** The Browser Agent Site Login credential as the runner's SiteLogin. */
export function siteLoginFromCredential(credential: ICredentialDataDecryptedObject): SiteLogin {
	const secret = typeof credential.totpSecret === 'string' ? credential.totpSecret : '';
	const settings = totpSettingsOf(credential);
	return {
		username: typeof credential.username === 'string' ? credential.username : undefined,
		password: typeof credential.password === 'string' ? credential.password : undefined,
		totp: secret.trim()
			? {
					secret,
					...(settings.digits !== undefined && { digits: Number(settings.digits) }),
					...(settings.periodSeconds !== undefined && {
						periodSeconds: Number(settings.periodSeconds),
					}),
					...(settings.algorithm !== undefined && { algorithm: settings.algorithm as 'SHA1' }),
				}
			: undefined,
	};
}

/**
 * The code settings the form sets (Custom Code Settings on), else those of the older Settings
 * collection, which only credentials stored through the API can hold.
 */
function totpSettingsOf(credential: ICredentialDataDecryptedObject): IDataObject {
	if (credential.totpCustomSettings === true) {
		return {
			algorithm: credential.totpAlgorithm,
			digits: credential.totpDigits,
			periodSeconds: credential.totpPeriodSeconds,
		};
	}
	return (credential.totpSettings ?? {}) as IDataObject;
}

/**
 * Reads the node's Site Login credential and returns the part to type. Fails with INVALID_INPUT
 * naming `parameter` when the node has no such credential.
 */
export async function siteLoginPart(
	context: IExecuteFunctions,
	itemIndex: number,
	part: SiteLoginPart,
	parameter: string,
): Promise<string> {
	if (!context.getNode().credentials?.[SITE_LOGIN_CREDENTIAL]) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`Value Source takes the ${part === 'totp' ? 'one-time code' : part} from a Browser Agent Site Login credential, but none is selected (item ${itemIndex + 1}).`,
			{
				action: 'fill',
				field: parameter,
				advice:
					'Select a Browser Agent Site Login credential on this node, or set Value Source to Value.',
			},
		);
	}
	const credential = await context.getCredentials<ICredentialDataDecryptedObject>(
		SITE_LOGIN_CREDENTIAL,
		itemIndex,
	);
	return siteLoginValue(siteLoginFromCredential(credential), part, {
		signal: context.getExecutionCancelSignal?.(),
	});
}

/** Checks what can be checked without the site: something to type, and a TOTP secret that decodes. */
export async function browserAgentSiteLoginTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const login = siteLoginFromCredential(credential.data ?? {});
		if (!login.username && !login.password && !login.totp) {
			return {
				status: 'Error',
				message: 'Enter at least a username, a password or a TOTP secret.',
			};
		}
		if (login.totp) totp(login.totp);
		return {
			status: 'OK',
			message: login.totp ? 'Login saved; the TOTP secret gives valid codes.' : 'Login saved.',
		};
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const advice = isBrowserAgentError(error) && error.advice ? ` ${error.advice}` : '';
		return { status: 'Error', message: `${message}${advice}` };
	}
}

/**
 * The node's Site Login as placeholders for AI operations: the model sees `{{login.password}}`,
 * the runner types the value. None when the node has no Site Login credential. The one-time code
 * is the one valid when the operation starts.
 */
export async function siteLoginPlaceholders(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<Record<string, string>> {
	if (!context.getNode().credentials?.[SITE_LOGIN_CREDENTIAL]) return {};
	const login = siteLoginFromCredential(
		await context.getCredentials<ICredentialDataDecryptedObject>(SITE_LOGIN_CREDENTIAL, itemIndex),
	);
	return {
		...(login.username && { 'login.username': login.username }),
		...(login.password && { 'login.password': login.password }),
		...(login.totp && {
			'login.totp': await siteLoginValue(login, 'totp', {
				signal: context.getExecutionCancelSignal?.(),
			}),
		}),
	};
}
