import { BrowserAgentError } from '../errors';
import { freshTotp, type TotpSettingsInput } from './totp';

/** A login for a site the browser signs in to, as whoever runs the runner stores it (for n8n: a credential). */
export interface SiteLogin {
	username?: string;
	password?: string;
	/** Base32 secret of the site's authenticator-app login, with its settings when not the usual ones. */
	totp?: TotpSettingsInput;
}

export const SITE_LOGIN_PARTS = ['username', 'password', 'totp'] as const;
export type SiteLoginPart = (typeof SITE_LOGIN_PARTS)[number];

const PART_NAMES: Record<SiteLoginPart, string> = {
	username: 'username',
	password: 'password',
	totp: 'TOTP secret',
};

/**
 * The text to type for one part of a login: the username, the password, or the current one-time
 * code (one that stays valid for at least 3 s, so it is not stale when the form is submitted).
 * Errors name the missing part, never a value.
 */
export async function siteLoginValue(
	login: SiteLogin,
	part: SiteLoginPart,
	options: { signal?: AbortSignal } = {},
): Promise<string> {
	const value = part === 'totp' ? login.totp?.secret : login[part];
	if (typeof value !== 'string' || value.trim() === '') {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The Site Login credential has no ${PART_NAMES[part]}.`,
			{
				field: part === 'totp' ? 'totpSecret' : part,
				advice: `Enter the ${PART_NAMES[part]} in the Browser Agent Site Login credential, or choose another Value Source.`,
			},
		);
	}
	if (part !== 'totp') return value;
	return freshTotp(login.totp!, { signal: options.signal });
}
