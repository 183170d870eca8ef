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
	httpCredentialsSchema,
	isBrowserAgentError,
	siteLoginValue,
	totp,
	type HttpCredentialsInput,
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

/**
 * The credential's username and password as the session's HTTP authentication, for its Site URL
 * only; undefined when "Use for HTTP Basic Auth" is off. Errors name the field at fault, never a value.
 */
export function httpCredentialsFromSiteLogin(
	credential: ICredentialDataDecryptedObject,
): HttpCredentialsInput | undefined {
	if (credential.httpBasicAuth !== true) return undefined;
	const login = {
		username: typeof credential.username === 'string' ? credential.username : '',
		password: typeof credential.password === 'string' ? credential.password : '',
		origin: typeof credential.siteUrl === 'string' ? credential.siteUrl : '',
	};
	const parsed = httpCredentialsSchema.safeParse(login);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue.path[0] === 'origin' ? 'siteUrl' : String(issue.path[0]);
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The Site Login credential cannot be used for HTTP Basic Auth: ${field === 'siteUrl' ? 'Site URL' : field}: ${issue.message}.`,
			{
				field,
				advice:
					field === 'siteUrl'
						? 'Enter the address of the site that asks for the sign-in, e.g. https://intranet.example.com.'
						: 'Enter the username the site’s sign-in dialog asks for.',
			},
		);
	}
	return login;
}

/**
 * Session → Open's HTTP authentication: from the node's Site Login credential when its "Use for
 * HTTP Basic Auth" is on. A Site Login without it is ignored, as Session → Open always did:
 * saved workflows carry one on Open nodes (copied from a Fill node), and they keep working.
 */
export async function siteLoginHttpCredentials(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<HttpCredentialsInput | undefined> {
	if (!context.getNode().credentials?.[SITE_LOGIN_CREDENTIAL]) return undefined;
	const credential = await context.getCredentials<ICredentialDataDecryptedObject>(
		SITE_LOGIN_CREDENTIAL,
		itemIndex,
	);
	return httpCredentialsFromSiteLogin(credential);
}

/**
 * Checks what can be checked without the site: something to type, a TOTP secret that decodes, and
 * for HTTP Basic Auth a username and a Site URL.
 */
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
		const basicAuth = httpCredentialsFromSiteLogin(credential.data ?? {});
		const parts = [
			'Login saved',
			...(login.totp ? ['the TOTP secret gives valid codes'] : []),
			...(basicAuth ? [`HTTP Basic Auth is sent to ${new URL(basicAuth.origin).origin} only`] : []),
		];
		return { status: 'OK', message: `${parts.join('; ')}.` };
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
