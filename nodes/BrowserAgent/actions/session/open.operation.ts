import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import {
	BLOCKABLE_RESOURCE_TYPES,
	BrowserAgentError,
	SESSION_PERMISSIONS,
	sessionOptionsSchema,
	type SessionOptionsInput,
} from '../../../../lib';
import { siteLoginHttpCredentials } from '../../transport/siteLogin';
import { parseJsonParameter } from '../typedErrors';
import {
	choicesOf,
	headerListField,
	keyValues,
	optionsCollection,
	REQUEST_TYPE_LABELS,
	schemaField,
	type OperationContext,
} from '../common';

const OTHER_DEVICE = 'other';

/** A few common presets; any name of Playwright's device list works through "Other". */
const DEVICE_OPTIONS: INodePropertyOptions[] = [
	...[
		'Desktop Chrome',
		'Desktop Chrome HiDPI',
		'Desktop Edge',
		'Galaxy S24',
		'Galaxy Tab S9',
		'iPad Mini',
		'iPad Pro 11',
		'iPhone 13',
		'iPhone 15 Pro',
		'iPhone SE (3rd gen)',
		'Pixel 7',
	].map((name) => ({ name, value: name })),
	{ name: 'Other (Enter Its Name in Device Name)', value: OTHER_DEVICE },
].sort((a, b) => a.name.localeCompare(b.name));

const PERMISSION_OPTIONS = choicesOf(SESSION_PERMISSIONS, {
	accelerometer: 'Motion Sensors (Accelerometer)',
	'ambient-light-sensor': 'Ambient Light Sensor',
	'background-sync': 'Background Sync',
	camera: 'Camera',
	'clipboard-read': 'Clipboard Read',
	'clipboard-write': 'Clipboard Write',
	geolocation: 'Geolocation',
	gyroscope: 'Motion Sensors (Gyroscope)',
	'local-fonts': 'Local Fonts',
	'local-network-access': 'Local Network Access',
	magnetometer: 'Motion Sensors (Magnetometer)',
	microphone: 'Microphone',
	midi: 'MIDI',
	'midi-sysex': 'MIDI With System Exclusive Messages',
	notifications: 'Notifications',
	'payment-handler': 'Payment Handler',
	'screen-wake-lock': 'Screen Wake Lock',
	'storage-access': 'Storage Access',
});

export const description: INodeProperties[] = [
	{
		...optionsCollection(
			{ resource: 'session', operation: 'open' },
			[
				{
					displayName: 'Block Resource Types',
					name: 'blockResourceTypes',
					type: 'multiOptions',
					default: [],
					options: choicesOf(BLOCKABLE_RESOURCE_TYPES, REQUEST_TYPE_LABELS),
					description:
						'Kinds of requests the session never loads (e.g. images, fonts, media), to save time and bandwidth. The page itself always loads.',
				},
				{
					displayName: 'Color Scheme',
					name: 'colorScheme',
					type: 'options',
					default: 'light',
					options: [
						{ name: 'Dark', value: 'dark' },
						{ name: 'Light', value: 'light' },
						{ name: 'No Preference', value: 'no-preference' },
					],
					description: 'The light or dark mode sites see (the prefers-color-scheme media query)',
				},
				{
					displayName: 'Device',
					name: 'device',
					type: 'options',
					default: 'iPhone 13',
					options: DEVICE_OPTIONS,
					description:
						'Emulate a phone, tablet or desktop: its user agent, screen size, pixel density, touch and mobile layout. Viewport and User Agent options, when set, win over the device’s.',
				},
				{
					displayName: 'Device Name',
					name: 'deviceName',
					type: 'string',
					default: '',
					placeholder: 'e.g. Pixel 5 or Galaxy S9+',
					description:
						'Any device name of Playwright’s device list, used when Device is "Other" (or when Device is not set). Letter case does not matter; an unknown name is an error that suggests known ones.',
				},
				headerListField(
					{
						displayName: 'Extra HTTP Headers',
						name: 'extraHTTPHeaders',
						description: 'Headers sent with every request of the session',
					},
					'e.g. acme',
				),
				{
					displayName: 'Extra HTTP Headers (JSON)',
					name: 'extraHTTPHeadersJson',
					type: 'json',
					default: '{}',
					placeholder: '{ "X-Tenant": "acme" }',
					description:
						'Headers sent with every request of the session, as a JSON object of name → value. Combined with Extra HTTP Headers.',
				},
				{
					displayName: 'Geolocation',
					name: 'geolocation',
					type: 'fixedCollection',
					placeholder: 'Set Location',
					default: {},
					description:
						'Where the browser says it is (navigator.geolocation). Sites are allowed to read it without asking.',
					options: [
						{
							displayName: 'Location',
							name: 'location',
							values: [
								{
									displayName: 'Latitude',
									name: 'latitude',
									type: 'number',
									typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
									default: 0,
									placeholder: 'e.g. 52.52',
									description: 'Degrees north (negative: south), -90 to 90',
								},
								{
									displayName: 'Longitude',
									name: 'longitude',
									type: 'number',
									typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
									default: 0,
									placeholder: 'e.g. 13.405',
									description: 'Degrees east (negative: west), -180 to 180',
								},
								{
									displayName: 'Accuracy (Meters)',
									name: 'accuracy',
									type: 'number',
									typeOptions: { minValue: 0 },
									default: 10,
									description: 'How precise the position claims to be, in metres',
								},
							],
						},
					],
				},
				{
					displayName: 'Headless',
					name: 'headless',
					type: 'boolean',
					default: true,
					description:
						'Whether to run the browser without a visible window. Servers have no screen, so keep this on unless n8n runs on a desktop.',
				},
				{
					displayName: 'Idle Timeout (Seconds)',
					name: 'idleTimeoutSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 300,
					description: 'Close the session when no Browser Agent node has used it for this long',
				},
				{
					displayName: 'Ignore HTTPS Errors',
					name: 'ignoreHTTPSErrors',
					type: 'boolean',
					default: false,
					description:
						'Whether to open sites whose certificate is invalid or self-signed (e.g. internal test servers). Use only for sites you trust.',
				},
				schemaField(sessionOptionsSchema.shape.keepLoginAcrossWaits, {
					displayName: 'Keep Login Across Waits',
					name: 'keepLoginAcrossWaits',
					description:
						'Whether to carry the login over a long Wait. n8n parks an execution that waits 65 seconds or more and may resume it in another process (a queue-mode worker, or n8n after a restart), which does not have this browser. With this on, the next Browser Agent node there opens the session again with its cookies, site storage and page. Until then the login is kept encrypted with n8n’s encryption key in the Browser Agent data folder, which all n8n processes must share.',
				}),
				{
					displayName: 'Locale',
					name: 'locale',
					type: 'string',
					default: '',
					placeholder: 'e.g. en-US',
					description:
						'Language the browser reports to sites (navigator.language and the Accept-Language header)',
				},
				{
					displayName: 'Permissions',
					name: 'permissions',
					type: 'multiOptions',
					default: [],
					options: PERMISSION_OPTIONS,
					description:
						'Browser permissions every site gets without asking (e.g. notifications, clipboard)',
				},
				{
					displayName: 'Proxy',
					name: 'proxy',
					type: 'fixedCollection',
					placeholder: 'Set Proxy',
					default: {},
					description: 'Send the session’s traffic through a proxy server',
					options: [
						{
							displayName: 'Proxy Settings',
							name: 'settings',
							values: [
								{
									displayName: 'Server',
									name: 'server',
									type: 'string',
									default: '',
									placeholder: 'e.g. http://proxy.example.com:3128 or socks5://10.0.0.2:1080',
									description:
										'The proxy address (http, https, socks4 or socks5). Put the user name and password in their own fields, not in the address.',
								},
								{
									displayName: 'Bypass',
									name: 'bypass',
									type: 'string',
									default: '',
									placeholder: 'e.g. .internal.example.com, localhost',
									description:
										'Comma-separated hosts that are reached directly, not through the proxy',
								},
								{
									displayName: 'Username',
									name: 'username',
									type: 'string',
									default: '',
									description: 'User name, if the proxy asks for one',
								},
								{
									displayName: 'Password',
									name: 'password',
									type: 'string',
									typeOptions: { password: true },
									default: '',
									description:
										'Password, if the proxy asks for one. It is never shown in the output or in errors.',
								},
							],
						},
					],
				},
				schemaField(sessionOptionsSchema.shape.recordTrace, {
					displayName: 'Record Trace',
					name: 'recordTrace',
					description:
						'Whether to record a Playwright trace of the session (a screencast and a DOM snapshot of every step), returned as trace.zip by Session → Close and Session → Get Timeline. Open it with npx playwright show-trace or at trace.playwright.dev. Typed values are kept out of it. Without this option, the credential’s Record Traces decides.',
				}),
				{
					displayName: 'Replace Open Session',
					name: 'replaceExisting',
					type: 'boolean',
					default: false,
					description:
						'Whether to close an already open session of this name and start a clean one. Off: an open session is kept and these options are ignored.',
				},
				{
					displayName: 'Restore Storage State',
					name: 'storageState',
					type: 'string',
					default: '',
					placeholder: 'e.g. {{ $json.storageState }}',
					description:
						'Start logged in: the cookies and site storage that Storage → Export State produced, as an object or JSON text, usually from an expression',
				},
				schemaField(sessionOptionsSchema.shape.stealth, {
					displayName: 'Stealth',
					name: 'stealth',
					description:
						'Whether to hide the plainest signs of an automated browser from pages: navigator.webdriver is false, the user agent says Chrome instead of HeadlessChrome (unless User Agent or Device is set), and the window size looks real. Only this session changes. Sites with serious bot detection still notice a headless browser.',
				}),
				{
					displayName: 'Time Zone',
					name: 'timezoneId',
					type: 'string',
					default: '',
					placeholder: 'e.g. Europe/Berlin',
					description: 'IANA time zone the pages see',
				},
				{
					displayName: 'Total Timeout (Seconds)',
					name: 'totalTimeoutSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1800,
					description: 'Close the session this long after it opened, whatever it is doing',
				},
				{
					displayName: 'User Agent',
					name: 'userAgent',
					type: 'string',
					default: '',
					description: 'User-Agent string to send instead of the browser’s own',
				},
				{
					displayName: 'Viewport Height',
					name: 'viewportHeight',
					type: 'number',
					typeOptions: { minValue: 100 },
					default: 800,
					description: 'Height of the page area, in pixels (default 800, or the device’s)',
				},
				{
					displayName: 'Viewport Width',
					name: 'viewportWidth',
					type: 'number',
					typeOptions: { minValue: 100 },
					default: 1280,
					description: 'Width of the page area, in pixels (default 1280, or the device’s)',
				},
			],
			[],
		),
		hint: 'These settings apply when the session opens. If this session is already open (an earlier Browser Agent node of the execution used it), they are ignored unless Replace Open Session is on. For a site that asks for HTTP Basic Auth, select a Site Login credential with “Use for HTTP Basic Auth” on.',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const device =
		options.device === OTHER_DEVICE || options.device === undefined
			? text(options.deviceName)
			: String(options.device);
	if (options.device === OTHER_DEVICE && !device) {
		throw new BrowserAgentError('INVALID_INPUT', 'Device is "Other", but Device Name is empty.', {
			field: 'deviceName',
			advice:
				'Add the Device Name option with a name from Playwright’s device list, e.g. Pixel 5, or pick a device from the list.',
		});
	}
	const location = (options.geolocation as IDataObject | undefined)?.location as
		| IDataObject
		| undefined;
	const proxy = (options.proxy as IDataObject | undefined)?.settings as IDataObject | undefined;
	const headers = extraHeaders.call(this, itemIndex, options);
	const blocked = options.blockResourceTypes as string[] | undefined;
	const permissions = options.permissions as string[] | undefined;
	const sessionOptions: SessionOptionsInput = {
		...(options.viewportWidth !== undefined || options.viewportHeight !== undefined
			? {
					viewport: {
						width: Number(options.viewportWidth ?? 1280),
						height: Number(options.viewportHeight ?? 800),
					},
				}
			: {}),
		...(device ? { device } : {}),
		...(options.userAgent ? { userAgent: String(options.userAgent) } : {}),
		...(options.locale ? { locale: String(options.locale) } : {}),
		...(options.timezoneId ? { timezoneId: String(options.timezoneId) } : {}),
		...(options.headless !== undefined ? { headless: Boolean(options.headless) } : {}),
		...(options.idleTimeoutSeconds !== undefined
			? { idleTimeoutMs: Number(options.idleTimeoutSeconds) * 1000 }
			: {}),
		...(options.totalTimeoutSeconds !== undefined
			? { totalTimeoutMs: Number(options.totalTimeoutSeconds) * 1000 }
			: {}),
		...(headers ? { extraHTTPHeaders: headers } : {}),
		...(location
			? {
					geolocation: {
						latitude: Number(location.latitude ?? 0),
						longitude: Number(location.longitude ?? 0),
						...(location.accuracy !== undefined ? { accuracy: Number(location.accuracy) } : {}),
					},
				}
			: {}),
		...(permissions?.length
			? { permissions: permissions as SessionOptionsInput['permissions'] }
			: {}),
		...(options.colorScheme
			? { colorScheme: options.colorScheme as SessionOptionsInput['colorScheme'] }
			: {}),
		...(proxy && text(proxy.server)
			? {
					proxy: {
						server: text(proxy.server)!,
						...(text(proxy.bypass) ? { bypass: text(proxy.bypass) } : {}),
						...(text(proxy.username) ? { username: text(proxy.username) } : {}),
						...(proxy.password ? { password: String(proxy.password) } : {}),
					},
				}
			: {}),
		// Unset, the credential's Record Traces decides.
		...(options.recordTrace !== undefined ? { recordTrace: Boolean(options.recordTrace) } : {}),
		...(options.stealth !== undefined ? { stealth: Boolean(options.stealth) } : {}),
		...(options.keepLoginAcrossWaits !== undefined
			? { keepLoginAcrossWaits: Boolean(options.keepLoginAcrossWaits) }
			: {}),
		...(options.ignoreHTTPSErrors !== undefined
			? { ignoreHTTPSErrors: Boolean(options.ignoreHTTPSErrors) }
			: {}),
		...(blocked?.length
			? { blockResourceTypes: blocked as SessionOptionsInput['blockResourceTypes'] }
			: {}),
		// An expression gives the object itself; pasted text is JSON. The runner accepts both.
		...(options.storageState !== undefined && options.storageState !== ''
			? { storageState: options.storageState as SessionOptionsInput['storageState'] }
			: {}),
	};
	// A secret: it joins the environment (what the credentials decide), never the session options.
	const httpCredentials = await siteLoginHttpCredentials(this, itemIndex);
	const status = await context.pool.open(context.key, {
		options: sessionOptions,
		environment: httpCredentials
			? { ...context.environment, httpCredentials }
			: context.environment,
		replace: Boolean(options.replaceExisting),
	});
	return [{ json: { ...status } }];
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Both header fields, merged (the name/value list wins over the JSON for the same name). */
function extraHeaders(
	this: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Record<string, string> | undefined {
	const headers: Record<string, string> = {};
	let json: unknown = options.extraHTTPHeadersJson;
	if (typeof json === 'string' && json.trim()) {
		json = parseJsonParameter(
			json,
			() =>
				new BrowserAgentError('INVALID_INPUT', 'Extra HTTP Headers (JSON) is not valid JSON.', {
					field: 'extraHTTPHeadersJson',
					advice: 'Give an object of header name → value, e.g. { "X-Tenant": "acme" }.',
				}),
		);
	}
	if (json && typeof json === 'object') {
		if (Array.isArray(json)) {
			throw new BrowserAgentError(
				'INVALID_INPUT',
				'Extra HTTP Headers (JSON) must be an object of header name → value, not a list.',
				{ field: 'extraHTTPHeadersJson' },
			);
		}
		for (const [name, value] of Object.entries(json))
			headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
	}
	Object.assign(
		headers,
		keyValues(
			((options.extraHTTPHeaders as IDataObject | undefined)?.header ?? []) as Array<{
				name?: string;
				value?: string;
			}>,
		),
	);
	return Object.keys(headers).length ? headers : undefined;
}
