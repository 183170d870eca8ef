import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import {
	BROWSER_IDLE_MS_ENV,
	DEFAULT_BROWSER_IDLE_MS,
	DEFAULT_QUOTAS,
	MAX_BROWSER_IDLE_MS,
	policySchema,
	URL_SCHEMES,
} from '../lib';
import { EDITOR_IDLE_TIMEOUT_MINUTES } from '../nodes/BrowserAgent/transport/editorSessions';
import { choicesOf, schemaLimits } from '../nodes/BrowserAgent/actions/common/schemaField';

/** How Browser Agent reaches a browser. Optional: without it, a local Chromium is found and launched. */
export class BrowserAgentApi implements ICredentialType {
	name = 'browserAgentApi';

	displayName = 'Browser Agent API';

	icon = {
		light: 'file:../icons/browserAgent.svg',
		dark: 'file:../icons/browserAgent.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-browser-agent/n8n-nodes-browser-agent#browser-agent-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Browser',
			name: 'connection',
			type: 'options',
			default: 'launch',
			options: [
				{
					name: 'Launch Chromium on the n8n Machine',
					value: 'launch',
					description: 'Start a local Chromium (Playwright’s, or one installed on the system)',
				},
				{
					name: 'Connect to a Playwright Server',
					value: 'playwright',
					description:
						'A browser started elsewhere with `npx playwright run-server` or launchServer()',
				},
				{
					name: 'Connect over CDP',
					value: 'cdp',
					description:
						'Any Chromium with remote debugging on, or a hosted browser service speaking the Chrome DevTools Protocol',
				},
				{
					name: 'This n8n’s Default',
					value: 'default',
					description:
						'The remote browser the n8n admin set in $BROWSER_AGENT_BROWSER_ENDPOINT (or $PUPPETEER_BROWSER_WS_ENDPOINT); without one, launch Chromium on the n8n machine',
				},
			],
		},
		{
			displayName: 'Executable Path',
			name: 'executablePath',
			type: 'string',
			default: '',
			placeholder: 'e.g. /usr/bin/chromium',
			description:
				'Chromium or Chrome to launch. Leave empty to use $BROWSER_AGENT_EXECUTABLE_PATH, Playwright’s own Chromium, or a Chromium on the PATH, in that order.',
			displayOptions: { show: { connection: ['launch'] } },
		},
		{
			displayName: 'Headless',
			name: 'headless',
			type: 'boolean',
			default: true,
			description:
				'Whether to run without a visible window. Servers have no screen: keep this on there.',
			displayOptions: { show: { connection: ['launch'] } },
		},
		{
			displayName: 'Headless Mode',
			name: 'headlessMode',
			type: 'options',
			default: 'new',
			options: [
				{
					name: 'New Headless (Default)',
					value: 'new',
					description:
						'The full Chromium without a window: behaves as the desktop browser does (PDF viewer, plugins)',
				},
				{
					name: 'Headless Shell',
					value: 'shell',
					description:
						'Chrome-headless-shell: a lighter, older build that starts several times faster, but sites tell it apart more easily. Needs the chromium-headless-shell package (or $BROWSER_AGENT_HEADLESS_SHELL_PATH).',
				},
			],
			description:
				'Which headless browser runs. The Executable Path, when set, must match it. Sessions opened with a window always run the full Chromium.',
			displayOptions: { show: { connection: ['launch'], headless: [true] } },
		},
		{
			displayName: 'Extra Launch Arguments',
			name: 'launchArgs',
			type: 'string',
			default: '',
			placeholder: 'e.g. --lang=de-DE --proxy-server=http://proxy:3128',
			description: 'Chromium command-line switches, separated by spaces',
			displayOptions: { show: { connection: ['launch'] } },
		},
		{
			displayName: 'WebSocket Endpoint',
			name: 'wsEndpoint',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			required: true,
			placeholder: 'e.g. ws://browser-host:3000/',
			description:
				'The address the Playwright server printed when it started. For several servers, list their addresses one per line or separated by commas: each new session goes to the server with the fewest open sessions, and a server that cannot be reached is skipped for 30 s. The token and headers are sent to each.',
			displayOptions: { show: { connection: ['playwright'] } },
		},
		{
			displayName: 'CDP URL',
			name: 'cdpUrl',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			required: true,
			placeholder: 'e.g. http://browser-host:9222',
			description:
				'The remote debugging address: http(s):// for discovery, or the ws(s):// browser endpoint. For several browsers, list their addresses one per line or separated by commas: each new session goes to the browser with the fewest open sessions, and one that cannot be reached is skipped for 30 s. The token and headers are sent to each.',
			displayOptions: { show: { connection: ['cdp'] } },
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Sent as "Authorization: Bearer …" when connecting. Leave empty if the endpoint needs none.',
			displayOptions: { show: { connection: ['playwright', 'cdp'] } },
		},
		{
			displayName: 'Headers (JSON)',
			name: 'headers',
			type: 'json',
			default: '{}',
			description: 'Other HTTP headers to send when connecting, as a JSON object',
			displayOptions: { show: { connection: ['playwright', 'cdp'] } },
		},
		{
			displayName: 'Keep Browser Up (Minutes)',
			name: 'browserIdleMinutes',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_BROWSER_IDLE_MS / 60_000 },
			// 0 leaves it to the n8n instance, so $BROWSER_AGENT_BROWSER_IDLE_MS still applies.
			default: 0,
			description: `How long the browser stays up after its last session ended, so the next execution does not wait for it to start. 0: this n8n’s default ($${BROWSER_IDLE_MS_ENV} in milliseconds, else ${DEFAULT_BROWSER_IDLE_MS / 60_000} minutes).`,
		},
		// ---- Policy (lib/runner/policy): what workflows using this credential may do; applied when a session opens ----
		{
			displayName:
				'Policy: what workflows using this credential may do. Applied to each session when it opens.',
			name: 'policyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Allowed Domains',
			name: 'allowedDomains',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'e.g. portal.example.com, *.example.com',
			description:
				'Hosts sessions may load anything from (pages, redirects, tabs, frames, images, scripts, downloads), separated by commas or new lines. *.example.com means its subdomains, not example.com itself. Leave empty to allow every host.',
		},
		{
			displayName: 'Blocked Domains',
			name: 'blockedDomains',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'e.g. *.internal.example.com, 169.254.169.254',
			description:
				'Hosts sessions may never reach, even when Allowed Domains matches them. Separated by commas or new lines.',
		},
		{
			displayName: 'Allowed URL Schemes',
			name: 'allowedSchemes',
			type: 'multiOptions',
			default: ['http', 'https'],
			description:
				'Kinds of addresses sessions may open. about:blank always works. Empty: HTTP and HTTPS.',
			options: choicesOf(URL_SCHEMES, {
				chrome: 'Browser Pages (Chrome:, About:)',
				data: 'Data (Data:)',
				http: 'HTTP',
				https: 'HTTPS',
				javascript: 'JavaScript (Javascript:, Also Needs Allow Custom JavaScript)',
				file: 'Local Files (File:)',
			}),
		},
		{
			displayName: 'Allow Custom JavaScript',
			name: 'allowCustomScript',
			type: 'boolean',
			default: false,
			description:
				'Whether workflows may run their own JavaScript in pages (Page → Run JavaScript). Scripts can read and do anything the logged-in page can.',
		},
		{
			displayName: 'Max Concurrent Sessions',
			name: 'maxConcurrentSessions',
			type: 'number',
			typeOptions: schemaLimits(policySchema.shape.maxConcurrentSessions),
			default: DEFAULT_QUOTAS.maxConcurrentSessions,
			description:
				'Most browser sessions of this credential open at once in one n8n process (in all workers together with Limit Sessions Across Workers)',
		},
		{
			displayName: 'Limit Sessions Across Workers',
			name: 'limitSessionsAcrossWorkers',
			type: 'boolean',
			// Off, as before the field existed: credentials saved earlier keep counting per process.
			default: false,
			description:
				'Whether Max Concurrent Sessions and $BROWSER_AGENT_MAX_SESSIONS count this credential’s sessions in all n8n queue-mode workers together, through the Redis of n8n’s queue ($QUEUE_BULL_REDIS_HOST and the other QUEUE_BULL_REDIS_* settings). A session over a limit waits for a place in any worker. If Redis does not answer, sessions fail with QUOTA_UNAVAILABLE. Off: each n8n process counts its own sessions. Without queue mode this changes nothing.',
		},
		{
			displayName: 'Max Actions per Session',
			name: 'maxActionsPerSession',
			type: 'number',
			typeOptions: schemaLimits(policySchema.shape.maxActionsPerSession),
			default: DEFAULT_QUOTAS.maxActionsPerSession,
			description: 'Most actions one session may run; further actions fail with QUOTA_EXCEEDED',
		},
		{
			displayName: 'Max Actions per Minute',
			name: 'maxActionsPerMinute',
			type: 'number',
			typeOptions: schemaLimits(policySchema.shape.maxActionsPerMinute),
			default: DEFAULT_QUOTAS.maxActionsPerMinute,
			description:
				'Most actions one session may run within any minute; further actions fail with QUOTA_EXCEEDED',
		},
		{
			displayName:
				'Building in the editor: runs started in the n8n editor (Execute workflow, Execute step) keep one browser session per workflow, so Execute step on a node continues on the page the earlier nodes left.',
			name: 'editorNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Keep Editor Sessions',
			name: 'editorSessions',
			type: 'boolean',
			default: true,
			description:
				'Whether manual runs of a workflow continue one session (Execute workflow starts it afresh). Off: every run, also in the editor, gets its own session, as production executions always do.',
		},
		{
			displayName: 'Editor Session Idle Timeout (Minutes)',
			name: 'editorIdleTimeoutMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 24 * 60 },
			default: EDITOR_IDLE_TIMEOUT_MINUTES,
			description:
				'An editor session closes after this long without a step run (a Session → Open idle timeout wins)',
			displayOptions: { show: { editorSessions: [true] } },
		},
		{
			displayName: 'Record Traces',
			name: 'recordTrace',
			type: 'boolean',
			default: false,
			description:
				'Whether sessions record a Playwright trace by default (a screenshot and DOM snapshot of every action), returned as trace.zip by Session → Close and Get Timeline. Session → Open can switch it per session.',
		},
		{
			displayName:
				'Audit trail: what every session did (actions, errors, screenshots, downloads) as NDJSON files on the n8n machine, for Session → Get Timeline and for operators. Secrets are never written.',
			name: 'auditNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Audit Trail',
			name: 'auditEnabled',
			type: 'boolean',
			default: true,
			description:
				'Whether to record sessions, actions, failure screenshots and files in the audit folder',
		},
		{
			displayName: 'Data Folder',
			name: 'auditDataDir',
			type: 'string',
			default: '',
			placeholder: 'e.g. /data/browser-agent',
			description:
				'Folder on the n8n machine; the audit trail goes to its "audit" subfolder. Empty: $BROWSER_AGENT_DATA_DIR, else ~/.n8n/browser-agent.',
			displayOptions: { show: { auditEnabled: [true] } },
		},
		{
			displayName: 'Keep Days',
			name: 'auditRetentionDays',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description: 'Audit days older than this are deleted (checked at start and every hour)',
			displayOptions: { show: { auditEnabled: [true] } },
		},
		{
			displayName: 'Max Size (MB)',
			name: 'auditMaxSizeMb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description:
				'When the audit folder grows past this, the oldest days are deleted first (today’s is kept)',
			displayOptions: { show: { auditEnabled: [true] } },
		},
		{
			displayName: 'Alert URL',
			name: 'auditAlertUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/browser-alarm',
			description:
				'Receives a JSON POST when a session times out or fails (session, workflow, state, last action, error), e.g. an n8n Webhook that raises an alarm. Leave empty for no alerts.',
		},
		{
			displayName: 'Alert Headers (JSON)',
			name: 'auditAlertHeaders',
			type: 'json',
			default: '{}',
			description: 'HTTP headers sent with the alert, e.g. a secret the webhook checks',
		},
	];
}
