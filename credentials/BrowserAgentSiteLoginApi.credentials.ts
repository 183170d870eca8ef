import type { ICredentialType, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

const TOTP_ALGORITHMS: INodePropertyOptions[] = [
	{ name: 'SHA-1', value: 'SHA1' },
	{ name: 'SHA-256', value: 'SHA256' },
	{ name: 'SHA-512', value: 'SHA512' },
];

const TOTP_DIGITS: INodePropertyOptions[] = [
	{ name: '6', value: 6 },
	{ name: '8', value: 8 },
];

/**
 * A login for a site the browser signs in to: Element → Fill types these values, and Session → Open
 * can answer the site's HTTP authentication with them, so passwords and one-time-code secrets never
 * sit in node parameters, output items or logs.
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
			placeholder: 'e.g. jane@example.com',
			hint: 'Typed by Element → Fill with Value Source “Site Login: Username”',
			description: 'The user name or email address the site’s login form asks for',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Typed by Element → Fill with Value Source “Site Login: Password”; never shown in output or logs',
			description: 'The password for this site login',
		},
		{
			displayName: 'Use for HTTP Basic Auth',
			name: 'httpBasicAuth',
			type: 'boolean',
			default: false,
			hint: 'Used by Session → Open with this credential selected',
			description:
				'Whether the browser answers the site’s own sign-in dialog (HTTP Basic or Digest authentication, a 401 challenge) with this username and password, for the whole session. They are sent only to the Site URL’s origin, never to another host.',
		},
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://intranet.example.com',
			description:
				'The site that asks for HTTP authentication. Only its scheme, host and port count: the password goes to https://intranet.example.com and nowhere else (not to http:// or another port or subdomain).',
			displayOptions: { show: { httpBasicAuth: [true] } },
		},
		{
			displayName: 'TOTP Secret',
			name: 'totpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. JBSW Y3DP EHPK 3PXP',
			hint: 'Fill with Value Source “Site Login: One-Time Code (TOTP)” types the current code made from it',
			description:
				'For sites with two-step login by authenticator app: the secret key the site shows next to its QR code (letters A–Z and digits 2–7; spaces are fine). Leave empty if the site asks for no code.',
		},
		{
			displayName: 'Custom Code Settings',
			name: 'totpCustomSettings',
			type: 'boolean',
			default: false,
			hint: 'Almost every site uses 6 digits, 30 seconds and SHA-1: leave off unless the site says otherwise',
			description:
				'Whether the site’s one-time codes differ from the usual 6 digits every 30 seconds with SHA-1',
		},
		{
			displayName: 'Code Algorithm',
			name: 'totpAlgorithm',
			type: 'options',
			default: 'SHA1',
			description: 'The hash the site’s authenticator codes use, as its setup page states',
			options: TOTP_ALGORITHMS,
			displayOptions: { show: { totpCustomSettings: [true] } },
		},
		{
			displayName: 'Code Digits',
			name: 'totpDigits',
			type: 'options',
			default: 6,
			description: 'How many digits one code has',
			options: TOTP_DIGITS,
			displayOptions: { show: { totpCustomSettings: [true] } },
		},
		{
			displayName: 'Code Period (Seconds)',
			name: 'totpPeriodSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			placeholder: 'e.g. 30',
			description: 'How long one code is valid, in seconds',
			displayOptions: { show: { totpCustomSettings: [true] } },
		},
		{
			// n8n's credential form cannot edit a collection (it shows only the heading), so this stays
			// for credentials stored through the API and is never shown; the three fields above replace it.
			displayName: 'TOTP Settings',
			name: 'totpSettings',
			type: 'collection',
			placeholder: 'Add Setting',
			default: {},
			description:
				'Only if the site says so: almost every site uses 6 digits, 30 seconds and SHA-1',
			displayOptions: { hide: { totpCustomSettings: [true, false] } },
			options: [
				{
					displayName: 'Algorithm',
					name: 'algorithm',
					type: 'options',
					default: 'SHA1',
					description: 'The hash the site’s authenticator codes use',
					options: TOTP_ALGORITHMS,
				},
				{
					displayName: 'Digits',
					name: 'digits',
					type: 'options',
					default: 6,
					description: 'How many digits one code has',
					options: TOTP_DIGITS,
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
