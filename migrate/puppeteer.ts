/**
 * What the converter knows about n8n-nodes-puppeteer 1.5.0 (dist/nodes/Puppeteer/
 * Puppeteer.node.options.js and Puppeteer.node.js of its packed build): its node types, the
 * defaults of its parameters, and the devices it could emulate that Playwright does not know.
 *
 * n8n saves a parameter only when it differs from its default, so a missing parameter means the
 * default below, and some of those defaults are not the obvious ones (a PDF is landscape unless
 * switched off). test/migrate/puppeteer.test.ts compares this file with the packed build.
 */
import { isRecord, type WorkflowNode } from './workflow';

export const PUPPETEER_TYPE = 'n8n-nodes-puppeteer.puppeteer';
/** n8n's tool variant of a `usableAsTool` node: the type with `Tool` appended (an AI Agent's tool). */
export const PUPPETEER_TOOL_TYPE = `${PUPPETEER_TYPE}Tool`;

export type PuppeteerOperation = 'getPageContent' | 'getScreenshot' | 'getPDF' | 'runCustomScript';
export const PAGE_OPERATIONS: readonly PuppeteerOperation[] = [
	'getPageContent',
	'getScreenshot',
	'getPDF',
];

/** The default of every top-level parameter (notices left out). */
export const PARAMETER_DEFAULTS = {
	url: '',
	operation: 'getPageContent',
	scriptCode:
		'// Navigate to an IP lookup service\nawait $page.goto(\'https://httpbin.org/ip\');\n\n// Extract the IP address from the page content\nconst ipData = await $page.evaluate(() => {\n    const response = document.body.innerText;\n    const parsed = JSON.parse(response);\n    return parsed.origin;  // Extract the \'origin\' field, which typically contains the IP address\n});\n\nconsole.log("Hello, world!");\n\nconsole.log("IP Address", ipData);\n\n// Return the result in the required format\nreturn [{ ip: ipData, ...$json }];',
	query: '',
	dataPropertyName: 'data',
	pageRanges: '',
	scale: 1,
	preferCSSPageSize: true,
	format: 'Letter',
	height: '',
	width: '',
	landscape: true,
	margin: {},
	displayHeaderFooter: false,
	headerTemplate: '',
	footerTemplate: '',
	omitBackground: false,
	printBackground: false,
	imageType: 'png',
	quality: 100,
	fullPage: false,
	queryParameters: {},
	options: {},
} as const;

/** The default of every option of the Options collection. */
export const OPTION_DEFAULTS = {
	batchSize: 1,
	browserWSEndpoint: '',
	protocol: 'cdp',
	device: '',
	executablePath: '',
	headers: {},
	fileName: '',
	launchArguments: {},
	timeout: 30000,
	protocolTimeout: 30000,
	waitUntil: 'load',
	pageCaching: true,
	headless: true,
	shell: false,
	stealth: false,
	humanTyping: false,
	humanTypingOptions: {},
	proxyServer: '',
	captureDownloads: false,
	addContainerArgs: true,
} as const;

/** A parameter of an old node as the old node read it: the saved value, else the default. */
export function parameter(node: WorkflowNode, name: keyof typeof PARAMETER_DEFAULTS): unknown {
	return node.parameters[name] ?? PARAMETER_DEFAULTS[name];
}

/** An option of an old node's Options collection: the saved value, else the default. */
export function option(node: WorkflowNode, name: keyof typeof OPTION_DEFAULTS): unknown {
	const options = isRecord(node.parameters.options) ? node.parameters.options : {};
	return options[name] ?? OPTION_DEFAULTS[name];
}

/** Whether the old node's Options collection holds this option (set, even if to its default). */
export function hasOption(node: WorkflowNode, name: keyof typeof OPTION_DEFAULTS): boolean {
	return isRecord(node.parameters.options) && node.parameters.options[name] !== undefined;
}

/** The entries of a fixedCollection with `multipleValues`: `{ [group]: [{…}, …] }`. */
export function collectionEntries(value: unknown, group: string): Array<Record<string, unknown>> {
	if (!isRecord(value)) return [];
	const entries = value[group];
	return Array.isArray(entries) ? entries.filter(isRecord) : [];
}

/**
 * Devices of puppeteer's KnownDevices (the old node's Emulate Device list) that Playwright's
 * device list lacks, with what Browser Agent can do instead. `same`: a Playwright device with the
 * same screen size and pixel density. Otherwise only the screen size and user agent can be given.
 */
export const DEVICES_PLAYWRIGHT_LACKS: Record<
	string,
	{ same: string } | { width: number; height: number; userAgent: string }
> = {
	iPad: { same: 'iPad (gen 6)' },
	'iPad landscape': { same: 'iPad (gen 6) landscape' },
	'iPhone 5': { same: 'iPhone SE' },
	'iPhone 5 landscape': { same: 'iPhone SE landscape' },
	'iPad Pro': {
		width: 1024,
		height: 1366,
		userAgent:
			'Mozilla/5.0 (iPad; CPU OS 11_0 like Mac OS X) AppleWebKit/604.1.34 (KHTML, like Gecko) Version/11.0 Mobile/15A5341f Safari/604.1',
	},
	'iPad Pro landscape': {
		width: 1366,
		height: 1024,
		userAgent:
			'Mozilla/5.0 (iPad; CPU OS 11_0 like Mac OS X) AppleWebKit/604.1.34 (KHTML, like Gecko) Version/11.0 Mobile/15A5341f Safari/604.1',
	},
	'iPhone 4': {
		width: 320,
		height: 480,
		userAgent:
			'Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53',
	},
	'iPhone 4 landscape': {
		width: 480,
		height: 320,
		userAgent:
			'Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53',
	},
	'JioPhone 2': {
		width: 240,
		height: 320,
		userAgent:
			'Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5',
	},
	'JioPhone 2 landscape': {
		width: 320,
		height: 240,
		userAgent:
			'Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5',
	},
};
