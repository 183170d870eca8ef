import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A login for a site the browser signs in to: Element → Fill types these values, so passwords and
 * one-time-code secrets never sit in node parameters, output items or logs.
 */
export class BrowserAgentSiteLoginApi implements ICredentialType {
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-name-unsuffixed -- public API: stored credentials hold this type name (see test/package/scanner.test.ts)
	name = 'browserAgentSiteLogin';

	displayName = 'Browser Agent Site Login API';

	icon = {
		light: 'file:../icons/browserAgent.svg',
		dark: 'file:../icons/browserAgent.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-browser-agent/n8n-nodes-browser-agent#browser-agent-site-login';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'The user name or email address the site’s login form asks for',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'TOTP Secret',
			name: 'totpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. JBSW Y3DP EHPK 3PXP',
			description:
				'For sites with two-step login by authenticator app: the secret key the site shows next to its QR code (letters A–Z and digits 2–7; spaces are fine). Leave empty if the site asks for no code.',
		},
		{
			displayName: 'TOTP Settings',
			name: 'totpSettings',
			type: 'collection',
			placeholder: 'Add Setting',
			default: {},
			description:
				'Only if the site says so: almost every site uses 6 digits, 30 seconds and SHA-1',
			options: [
				{
					displayName: 'Algorithm',
					name: 'algorithm',
					type: 'options',
					default: 'SHA1',
					options: [
						{ name: 'SHA-1', value: 'SHA1' },
						{ name: 'SHA-256', value: 'SHA256' },
						{ name: 'SHA-512', value: 'SHA512' },
					],
				},
				{
					displayName: 'Digits',
					name: 'digits',
					type: 'options',
					default: 6,
					options: [
						{ name: '6', value: 6 },
						{ name: '8', value: 8 },
					],
				},
				{
					displayName: 'Period (Seconds)',
					name: 'periodSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 30,
					description: 'How long one code is valid',
				},
			],
		},
	];
}
