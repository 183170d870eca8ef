/**
 * One n8n-nodes-puppeteer node → the Browser Agent steps that do what it did, with what the
 * conversion leaves to a person. Parameter names and values are Browser Agent's (nodes/BrowserAgent/
 * actions/…); test/migrate/description.test.ts checks every one against the node description.
 *
 * Reading the old node: Puppeteer.node.js of n8n-nodes-puppeteer 1.5.0. Its options are read for
 * item 0 only and apply to a fresh browser (or connection) per node execution.
 */
import {
	collectionEntries,
	DEVICES_PLAYWRIGHT_LACKS,
	hasOption,
	option,
	OPTION_DEFAULTS,
	parameter,
	PARAMETER_DEFAULTS,
	type PuppeteerOperation,
} from './puppeteer';
import { isRecord, type WorkflowNode } from './workflow';

/** Run Puppeteer Script's Parallel Items goes up to this (checked against the node in test/migrate). */
export const MAX_PARALLEL_ITEMS = 20;

/** One Browser Agent node to create. The last step of a plan keeps the old node's name. */
export interface Step {
	/** Added to the old name for the steps before the last: `Get Page (Navigate)`. */
	suffix: string;
	/** How the report names it: `Page → Navigate`. */
	action: string;
	parameters: Record<string, unknown>;
}

/** What the Browser Agent API credential must hold for this node to run as before. */
export interface CredentialNeeds {
	cdpUrl?: string;
	executablePath?: string;
	launchArgs?: string;
	/** `shell`: Chrome's headless shell instead of the full headless Chromium. */
	headlessMode?: 'shell';
	allowCustomScript?: boolean;
}

export interface NodePlan {
	steps: Step[];
	credential: CredentialNeeds;
	/**
	 * How the old output's JSON fields map to the new nodes: `{ step, field }` where the value now
	 * is (`step` indexes `steps`), `null` where Browser Agent has no equivalent. Fields not listed
	 * are the same (or were not in the old output).
	 */
	outputFields: Record<string, { step: number; field: string } | null>;
}

/** Where a plan's findings go: bound to the old node. */
export interface Findings {
	needsPerson(message: string): void;
	note(message: string): void;
}

const NAVIGATION_TIMEOUT_LIMIT_MS = 3_600_000;
/** A CSS length as Browser Agent's PDF margin takes it (lib/actions/pdf.ts). */
const LENGTH = /^\d+(\.\d+)?(px|in|cm|mm)?$/;

export function isExpression(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith('=');
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : value === undefined ? '' : String(value);
}

/** Navigate + the operation's own node, after a Session → Open when the old options need one. */
export function planPageOperation(
	node: WorkflowNode,
	operation: Exclude<PuppeteerOperation, 'runCustomScript'>,
	findings: Findings,
): NodePlan {
	const session = sessionOptions(node, findings);
	const sessionName: Record<string, string> = session ? { sessionName: node.name } : {};
	const steps: Step[] = [];
	if (session) {
		steps.push(openSessionStep(session, node.name));
	}
	steps.push({
		suffix: 'Navigate',
		action: 'Page → Navigate',
		parameters: navigateParameters(node, sessionName, findings),
	});
	const navigate = steps.length - 1;
	if (operation === 'getPageContent') {
		steps.push({
			suffix: '',
			action: 'Extract → HTML',
			parameters: { resource: 'extract', operation: 'html', part: 'outer', options: sessionName },
		});
	} else if (operation === 'getScreenshot') {
		steps.push({
			suffix: '',
			action: 'Page → Screenshot',
			parameters: screenshotParameters(node, sessionName, findings),
		});
	} else {
		steps.push({
			suffix: '',
			action: 'Page → Save as PDF',
			parameters: pdfParameters(node, sessionName, findings),
		});
	}
	ignoredOptions(
		node,
		findings,
		['humanTyping', 'captureDownloads'],
		'only Run Custom Script used it',
	);
	const batchSize = batchSizeOf(node);
	if (batchSize > 1) {
		findings.note(
			`Batch Size was ${batchSize}: items ran on ${batchSize} pages at once; the converted nodes handle them one after another on the session’s tab, with no browser start per node (same results, in item order). Parallel Items exists on Run Puppeteer Script only.`,
		);
	}
	return {
		steps,
		credential: credentialNeeds(node, findings),
		outputFields: {
			statusCode: { step: navigate, field: 'status' },
			headers: { step: navigate, field: 'headers' },
			...(operation === 'getPageContent' && { body: { step: steps.length - 1, field: 'html' } }),
		},
	};
}

/** Run Puppeteer Script with the same code, after a Session → Open when the old options need one. */
export function planScript(node: WorkflowNode, findings: Findings, tool: boolean): NodePlan {
	const code = text(parameter(node, 'scriptCode'));
	const script: Step = {
		suffix: '',
		action: 'Script → Run Puppeteer Script',
		parameters: {
			resource: 'script',
			operation: 'runPuppeteerScript',
			// The same text: the old node's default script when it was left as it came.
			scriptCode: node.parameters.scriptCode ?? PARAMETER_DEFAULTS.scriptCode,
			...(node.parameters.query !== undefined && { query: node.parameters.query }),
		},
	};
	const steps: Step[] = [];
	const session = sessionOptions(node, findings);
	if (session && tool) {
		findings.needsPerson(
			`its options set ${describeSession(session)} for the page, and an AI tool is one node: nothing can run before it. Have the script set them (e.g. await $page.emulate(…), $page.setExtraHTTPHeaders(…)), or open the session with a Browser Agent Session → Open node before the AI Agent.`,
		);
	} else if (session && readsInput(code)) {
		// A node in front would make the script's $json that node's output, and the code stays as it was.
		findings.needsPerson(
			`its options set ${describeSession(session)} for the page, but the script reads its input ($json, $binary, $items or $item), so no Session → Open node was put in front of it (the script would read that node's output instead). Add a Browser Agent Session → Open node earlier in the workflow with these settings, or set them in the script (e.g. await $page.emulate(…), $page.setExtraHTTPHeaders(…)).`,
		);
	} else if (session) {
		steps.push(openSessionStep(session, node.name));
		script.parameters.options = { sessionName: node.name };
	}
	const batchSize = batchSizeOf(node);
	if (batchSize > 1) {
		const parallelItems = Math.min(batchSize, MAX_PARALLEL_ITEMS);
		script.parameters.options = {
			...(script.parameters.options as Record<string, unknown>),
			parallelItems,
		};
		findings.note(
			`Batch Size ${batchSize} became Parallel Items ${parallelItems}: items run ${parallelItems} at a time, each on a new tab of the session that closes after it, as each had its own page before. The session’s current tab is not the items’ then.`,
		);
		if (batchSize > MAX_PARALLEL_ITEMS)
			findings.note(
				`Batch Size was ${batchSize}; Parallel Items goes up to ${MAX_PARALLEL_ITEMS} (each tab is a renderer).`,
			);
	}
	steps.push(script);

	if (option(node, 'captureDownloads') === true) {
		findings.needsPerson(
			'Capture Downloads was on: files the script downloaded came back as binary data of the first item. Run Puppeteer Script does not collect downloads: return the file from the script, or download it with a File → Download node after the script.',
		);
	}
	if (option(node, 'pageCaching') === false) {
		findings.needsPerson(
			'Page Caching was off for the script’s page. Add `await $page.setCacheEnabled(false);` as the first line of the script to keep it so.',
		);
	}
	if (option(node, 'humanTyping') === true && /\btypeHuman\b/.test(code)) {
		findings.needsPerson(
			'the script calls typeHuman (the human-typing plugin of the old node), which Run Puppeteer Script does not add to $page. Use $page.type(selector, text, { delay: 100 }) or a Browser Agent Element → Fill node with human typing.',
		);
	} else {
		ignoredOptions(node, findings, ['humanTyping'], 'the script does not call typeHuman');
	}
	ignoredOptions(
		node,
		findings,
		['timeout', 'waitUntil', 'fileName'],
		'it had no effect on Run Custom Script',
	);
	findings.note(
		'Run Puppeteer Script stops a script after 2 minutes unless its Timeout option says otherwise; Run Custom Script had no limit. Raise it for a longer script.',
	);
	return {
		steps,
		credential: { ...credentialNeeds(node, findings), allowCustomScript: true },
		outputFields: {},
	};
}

/** The old node's Batch Size as it read it: a whole number of 1 or more, else 1. */
function batchSizeOf(node: WorkflowNode): number {
	const batchSize = option(node, 'batchSize');
	return Number.isInteger(batchSize) && (batchSize as number) > 1 ? (batchSize as number) : 1;
}

/** Whether a script reads its node's input items (the variables n8n's data proxy gives it). */
function readsInput(code: string): boolean {
	return /(?<![\w$.])(\$json|\$binary)(?![\w$])|(?<![\w$.])\$items\(\s*\)|(?<![\w$.])\$item\(/.test(
		code,
	);
}

function navigateParameters(
	node: WorkflowNode,
	sessionName: Record<string, string>,
	findings: Findings,
): Record<string, unknown> {
	const url = parameter(node, 'url');
	if (text(url) === '') findings.needsPerson('it has no URL: give the Navigate node one.');
	const query = collectionEntries(parameter(node, 'queryParameters'), 'parameters');
	const options: Record<string, unknown> = {};
	if (hasOption(node, 'timeout')) {
		const timeout = option(node, 'timeout');
		if (isExpression(timeout)) {
			options.timeoutMs = timeout;
		} else if (Number(timeout) === 0 || Number(timeout) > NAVIGATION_TIMEOUT_LIMIT_MS) {
			// 0 meant "no limit" to puppeteer; Browser Agent's longest is an hour.
			options.timeoutMs = NAVIGATION_TIMEOUT_LIMIT_MS;
			findings.note(
				`its timeout was ${Number(timeout) === 0 ? '0 (no limit)' : `${timeout} ms`}; Navigate waits at most one hour (3600000 ms).`,
			);
		} else {
			options.timeoutMs = Number(timeout);
		}
	}
	if (option(node, 'pageCaching') === false) options.useCache = false;
	// The old node failed on a status of 400 or more (or no response); Navigate returns ok: false unless told.
	options.failOnHttpError = true;
	return {
		resource: 'page',
		operation: 'navigate',
		url,
		waitUntil: option(node, 'waitUntil'),
		...(query.length > 0 && {
			queryParameters: {
				parameters: query.map((entry) => ({ name: entry.name ?? '', value: entry.value ?? '' })),
			},
		}),
		options: { ...options, ...sessionName },
	};
}

function screenshotParameters(
	node: WorkflowNode,
	sessionName: Record<string, string>,
	findings: Findings,
): Record<string, unknown> {
	const format = parameter(node, 'imageType');
	return {
		resource: 'page',
		operation: 'screenshot',
		fullPage: parameter(node, 'fullPage'),
		binaryPropertyName: parameter(node, 'dataPropertyName'),
		options: {
			format,
			...(format !== 'png' && { quality: parameter(node, 'quality') }),
			...fileNameOption(node, findings),
			...sessionName,
		},
	};
}

function pdfParameters(
	node: WorkflowNode,
	sessionName: Record<string, string>,
	findings: Findings,
): Record<string, unknown> {
	const options: Record<string, unknown> = {
		// Set every time: Browser Agent's defaults differ (portrait, backgrounds printed).
		landscape: parameter(node, 'landscape'),
		printBackground: parameter(node, 'printBackground'),
		displayHeaderFooter: parameter(node, 'displayHeaderFooter'),
	};
	const preferCSSPageSize = parameter(node, 'preferCSSPageSize');
	let format: unknown = 'A4';
	if (isExpression(preferCSSPageSize)) {
		options.preferCSSPageSize = preferCSSPageSize;
		format = node.parameters.format ?? 'A4';
		findings.needsPerson(
			'Prefer CSS Page Size is an expression: the paper format was A4 when it was true, else the Format parameter. Check the Paper Format of the PDF node.',
		);
	} else if (preferCSSPageSize === true) {
		// The old node then asked for A4, which a CSS @page size of the page overrides.
		options.preferCSSPageSize = true;
	} else {
		const width = text(parameter(node, 'width'));
		const height = text(parameter(node, 'height'));
		if (width && height) {
			// It still passed format A4, and puppeteer takes a format over a width and height.
			findings.needsPerson(
				`Width ${width} and Height ${height} were set, but n8n-nodes-puppeteer always passed a paper format too, which puppeteer prefers: its PDFs were A4, and the converted node prints A4 as well. To get ${width} × ${height} now, add the PDF node’s Paper Width and Paper Height options.`,
			);
		} else {
			format = parameter(node, 'format');
			if (width || height) {
				findings.note(
					`only one of Width and Height was set (${width || height}), so the old node used Format ${String(format)}; so does the converted one.`,
				);
			}
		}
	}
	if (parameter(node, 'displayHeaderFooter') === true) {
		for (const name of ['headerTemplate', 'footerTemplate'] as const) {
			const template = parameter(node, name);
			if (text(template)) options[name] = template;
			else {
				findings.needsPerson(
					`Display Header/Footer was on without a ${name === 'headerTemplate' ? 'Header' : 'Footer'} Template, so Chrome printed its own (date and title, or address and page numbers). Browser Agent leaves that part empty without a template: give the PDF node a ${name === 'headerTemplate' ? 'Header' : 'Footer'} Template if it should show something.`,
				);
			}
		}
	}
	const margin = marginOption(node, findings);
	if (margin) options.margin = margin;
	const pageRanges = parameter(node, 'pageRanges');
	if (text(pageRanges)) options.pageRanges = pageRanges;
	const scale = parameter(node, 'scale');
	if (scale !== 1) options.scale = scale;
	if (parameter(node, 'omitBackground') !== false)
		options.omitBackground = parameter(node, 'omitBackground');
	return {
		resource: 'page',
		operation: 'pdf',
		format,
		binaryPropertyName: parameter(node, 'dataPropertyName'),
		options: { ...options, ...fileNameOption(node, findings), ...sessionName },
	};
}

/** The old Margin collection (top, bottom, left, right) as one CSS margin: top right bottom left. */
function marginOption(node: WorkflowNode, findings: Findings): string | undefined {
	const margin = parameter(node, 'margin');
	if (!isRecord(margin)) return undefined;
	const sides = (['top', 'right', 'bottom', 'left'] as const).map((side) => text(margin[side]));
	if (sides.every((side) => side === '')) return undefined;
	// An empty side was 0 to puppeteer; a bare number was pixels, as it is to Browser Agent.
	const css = sides.map((side) => side || '0');
	if (css.some((side) => !LENGTH.test(side))) {
		findings.needsPerson(
			`its PDF margin (top ${css[0]}, right ${css[1]}, bottom ${css[2]}, left ${css[3]}) is not four plain lengths (px, in, cm or mm): set the PDF node’s Margin option by hand.`,
		);
		return undefined;
	}
	return css.every((side) => side === css[0]) ? css[0] : css.join(' ');
}

function fileNameOption(node: WorkflowNode, findings: Findings): Record<string, unknown> {
	const fileName = option(node, 'fileName');
	if (!text(fileName)) return {};
	findings.needsPerson(
		`its File Name option (${text(fileName)}) also made puppeteer save the file on the n8n machine, relative to n8n’s working folder. Browser Agent only names the binary file: if something used the saved file, add a Read/Write Files from Disk node.`,
	);
	if (isExpression(fileName)) return { fileName };
	// The binary data's name was the last part of that path.
	return { fileName: text(fileName).split(/[\\/]/).pop() };
}

/**
 * Session → Open options for what the old node set on its page or browser: device, user agent,
 * headers, proxy, a visible window. Undefined when it set none of them.
 */
function sessionOptions(
	node: WorkflowNode,
	findings: Findings,
): Record<string, unknown> | undefined {
	const options: Record<string, unknown> = {};
	const remote = text(option(node, 'browserWSEndpoint')) !== '';
	const device = text(option(node, 'device'));
	if (device) Object.assign(options, deviceOptions(device, findings));

	const headers = collectionEntries(option(node, 'headers'), 'parameter').filter(
		(header) => text(header.name) !== '',
	);
	// The old node took the User-Agent header as the page's user agent (navigator.userAgent too).
	const userAgent =
		headers.find((header) => header.name === 'User-Agent') ??
		headers.find((header) => header.name === 'user-agent');
	const extra = headers.filter((header) => text(header.name).toLowerCase() !== 'user-agent');
	if (userAgent) options.userAgent = userAgent.value ?? '';
	if (extra.length > 0) {
		options.extraHTTPHeaders = {
			header: extra.map((header) => ({ name: header.name, value: header.value ?? '' })),
		};
	}

	const proxy = text(option(node, 'proxyServer'));
	if (proxy && !remote) options.proxy = { settings: { server: proxy } };
	if (option(node, 'headless') === false && !remote) options.headless = false;
	if (option(node, 'stealth') === true) {
		options.stealth = true;
		findings.note(
			'Stealth mode becomes the session’s Stealth option, which hides the plainest signs of automation; puppeteer-extra’s stealth plugin patched more. Check the site still lets the browser in.',
		);
	}
	return Object.keys(options).length > 0 ? options : undefined;
}

function deviceOptions(device: string, findings: Findings): Record<string, unknown> {
	const lacking = DEVICES_PLAYWRIGHT_LACKS[device];
	if (!lacking) return { device: 'other', deviceName: device };
	if ('same' in lacking) {
		findings.note(
			`Playwright’s device list has no "${device}"; "${lacking.same}" has the same screen size and pixel density (a newer user agent).`,
		);
		return { device: 'other', deviceName: lacking.same };
	}
	findings.needsPerson(
		`Playwright’s device list has no "${device}": the session gets its screen size (${lacking.width} × ${lacking.height}) and user agent, not its pixel density, touch or mobile layout. Pick a close device in the Session → Open node if those matter.`,
	);
	return {
		userAgent: lacking.userAgent,
		viewportWidth: lacking.width,
		viewportHeight: lacking.height,
	};
}

function describeSession(options: Record<string, unknown>): string {
	const parts: string[] = [];
	if (options.deviceName) parts.push(`device ${String(options.deviceName)}`);
	if (options.viewportWidth)
		parts.push(`a ${String(options.viewportWidth)} × ${String(options.viewportHeight)} screen`);
	if (options.userAgent) parts.push('a user agent');
	if (options.extraHTTPHeaders) parts.push('extra headers');
	if (options.proxy) parts.push('a proxy');
	if (options.headless === false) parts.push('a visible window');
	if (options.stealth) parts.push('stealth');
	return parts.join(', ');
}

/** Browser settings only a credential holds: where the browser is, how it is launched. */
function credentialNeeds(node: WorkflowNode, findings: Findings): CredentialNeeds {
	const needs: CredentialNeeds = {};
	const endpoint = text(option(node, 'browserWSEndpoint'));
	if (endpoint) {
		if (option(node, 'protocol') === 'webDriverBiDi') {
			findings.needsPerson(
				`it connected to ${endpoint} over WebDriver BiDi (e.g. Firefox). Browser Agent connects to Chromium over CDP or to a Playwright server: point a Browser Agent API credential at one of those.`,
			);
		} else {
			needs.cdpUrl = endpoint;
		}
		ignoredOptions(
			node,
			findings,
			['executablePath', 'launchArguments', 'proxyServer', 'headless', 'shell'],
			'it connected to a running browser, so these had no effect',
		);
	} else {
		const executablePath = text(option(node, 'executablePath'));
		if (executablePath) needs.executablePath = executablePath;
		const args = collectionEntries(option(node, 'launchArguments'), 'args')
			.map((entry) => text(entry.arg))
			.filter(Boolean);
		if (args.some((arg) => /\s/.test(arg))) {
			findings.needsPerson(
				`a launch argument has a space in it (${args.find((arg) => /\s/.test(arg))}); the credential’s Extra Launch Arguments are split at spaces. Find another form of it (e.g. a Session → Open option).`,
			);
		}
		if (args.length > 0) needs.launchArgs = args.filter((arg) => !/\s/.test(arg)).join(' ');
		if (option(node, 'shell') === true && option(node, 'headless') !== false) {
			needs.headlessMode = 'shell';
		}
	}
	if (hasOption(node, 'protocolTimeout')) {
		findings.note(
			'Protocol Timeout has no equivalent: each Browser Agent step has its own time limit.',
		);
	}
	if (option(node, 'addContainerArgs') === false) {
		findings.note(
			'Add Container Arguments was off; Browser Agent launches Chromium with its own server flags (--no-sandbox, --disable-dev-shm-usage) either way.',
		);
	}
	return needs;
}

/** Notes options that were set but mean nothing after the conversion, and why. */
function ignoredOptions(
	node: WorkflowNode,
	findings: Findings,
	names: Array<keyof typeof OPTION_DEFAULTS>,
	why: string,
): void {
	const set = names.filter(
		(name) =>
			hasOption(node, name) &&
			JSON.stringify(option(node, name)) !== JSON.stringify(OPTION_DEFAULTS[name]),
	);
	if (set.length > 0) findings.note(`ignored ${set.join(', ')}: ${why}.`);
}

/** The Session → Open node put in front of a converted node whose options set up the page: its own session, named after it. */
function openSessionStep(session: Record<string, unknown>, name: string): Step {
	return {
		suffix: 'Open Session',
		action: 'Session → Open',
		parameters: {
			resource: 'session',
			operation: 'open',
			options: { ...session, sessionName: name },
		},
	};
}
