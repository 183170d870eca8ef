import type { z } from 'zod';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import {
	actions,
	BLOCKABLE_TYPES,
	commonInput,
	type OnTimeout,
	type RESOURCE_TYPES,
} from '../../../../lib';
import { choicesOf, schemaField, type ChoiceLabel } from './schemaField';
import { screenshotAfterStepOption } from './stepScreenshot';

/** Fields that read the same in every operation, so a builder learns them once. */

export const SELECTOR_HINT =
	'CSS like <code>#login</code> or <code>button.primary</code>, XPath like <code>//button[1]</code>, text like <code>text=Sign in</code>, or a ref of Page → Snapshot like <code>ref=e12</code>. In Chrome: right-click the element → Inspect → right-click the HTML → Copy → Copy selector.';

export function selectorField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Selector',
		name: 'selector',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. #submit or text=Sign in',
		hint: SELECTOR_HINT,
		description:
			'Which element to act on: a Playwright selector, or ref=e12 from the latest Page → Snapshot',
		...overrides,
	};
}

/** A list of HTTP headers (name and value) a builder adds one by one. */
export function headerListField(
	overrides: Partial<INodeProperties> & { name: string; description: string },
	valuePlaceholder: string,
): INodeProperties {
	return {
		displayName: 'Headers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. X-Tenant',
						description: 'The header name',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: valuePlaceholder,
						description: 'The header value',
					},
				],
			},
		],
		...overrides,
	};
}

/** A name/value (or key/value) list of a fixedCollection as one object; empty names are skipped, a later pair wins. */
export function keyValues(
	pairs: Array<{ key?: string; name?: string; value?: unknown }>,
): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	for (const pair of pairs) {
		const key = (pair.key ?? pair.name ?? '').trim();
		if (key) values[key] = pair.value ?? '';
	}
	return values;
}

export function binaryPropertyNameField(description: string): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description,
	};
}

export const sessionNameOption: INodeProperties = {
	displayName: 'Session Name',
	name: 'sessionName',
	type: 'string',
	default: 'default',
	description:
		'Which browser session of this execution to use. All Browser Agent nodes of one execution share the session of the same name; use another name to drive a second, separate browser.',
};

export const timeoutOption: INodeProperties = schemaField(commonInput.timeoutMs, {
	displayName: 'Timeout (Ms)',
	name: 'timeoutMs',
	description: 'How long to wait, in milliseconds, before the operation fails with TIMEOUT',
});

export const retriesOption: INodeProperties = schemaField(commonInput.retries, {
	displayName: 'Retries',
	name: 'retries',
	description:
		'How many more times to try, with growing pauses, when the operation times out or the page fails to load',
});

export const onTimeoutOption: INodeProperties = schemaField(commonInput.onTimeout, {
	displayName: 'On Timeout',
	name: 'onTimeout',
	labels: {
		fail: {
			name: 'Fail',
			description: 'Fail with TIMEOUT (or ELEMENT_NOT_FOUND) and keep the session as it is',
		},
		screenshotAndReload: {
			name: 'Screenshot and Reload',
			description: 'Keep a screenshot, reload the page, then fail',
		},
		closeSession: {
			name: 'Close Session',
			description:
				'Keep a screenshot, close the session, then fail; the next action opens a fresh one',
		},
	} satisfies Record<OnTimeout, ChoiceLabel>,
	description:
		'What the session does when the operation runs out of time. A screenshot of the page is kept on every failure (audit trail, and the error item’s "screenshot" binary).',
});

export const indexOption: INodeProperties = {
	displayName: 'Index',
	name: 'index',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Which match to use when the selector matches several elements (0 = first). Without this option, a selector matching several elements is an error, so the wrong element is never used by accident.',
};

/** The per-operation Options collection: operation-specific options plus the common ones. */
export function optionsCollection(
	show: { resource: string; operation: string },
	specific: INodeProperties[] = [],
	common: INodeProperties[] = [timeoutOption],
): INodeProperties {
	// Every operation with a timeout can say what happens when it runs out.
	const onTimeout = common.includes(timeoutOption) ? [onTimeoutOption] : [];
	const options = [
		...specific,
		...common,
		...onTimeout,
		screenshotAfterStepOption,
		sessionNameOption,
	].sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: [show.resource], operation: [show.operation] } },
		options,
	};
}

/** Restricts fields to one operation of one resource. */
export function showFor(
	resource: string,
	operation: string,
	fields: INodeProperties[],
): INodeProperties[] {
	return fields.map((field) => ({
		...field,
		displayOptions: {
			...field.displayOptions,
			show: { resource: [resource], operation: [operation], ...field.displayOptions?.show },
		},
	}));
}

/** How the editor names each wait condition; puppeteer's two keep their names for people moving over. */
const WAIT_UNTIL_LABELS = {
	commit: {
		name: 'Commit',
		description: 'The server started answering; fastest, the page may still be empty',
	},
	domcontentloaded: {
		name: 'DOM Content Loaded',
		description: 'The HTML is parsed; images and styles may still load',
	},
	load: {
		name: 'Load',
		description: 'The page and all its images, styles and scripts have loaded',
	},
	networkidle: {
		name: 'Network Idle',
		description: 'No network traffic for half a second; for pages that keep loading data',
	},
	networkidle0: {
		name: 'Network Idle 0 (Puppeteer)',
		description:
			'No open requests for half a second, as puppeteer’s networkidle0 (same as Network Idle)',
	},
	networkidle2: {
		name: 'Network Idle 2 (Puppeteer)',
		description:
			'At most two open requests for half a second, as puppeteer’s networkidle2; for pages that keep a connection or two open',
	},
} satisfies Record<z.output<typeof actions.navigate.input.shape.waitUntil>, ChoiceLabel>;

/** When a page counts as loaded: Tab → Open and Wait for Popup (Playwright's load states). */
export const waitUntilField: INodeProperties = schemaField(actions.openTab.input.shape.waitUntil, {
	displayName: 'Wait Until',
	name: 'waitUntil',
	description: 'When the page counts as loaded and the workflow goes on',
	labels: WAIT_UNTIL_LABELS,
});

/** When a page loaded in the current tab counts as loaded: Navigate, Reload, Go Back and Go Forward. */
export const navigationWaitUntilField: INodeProperties = schemaField(
	actions.navigate.input.shape.waitUntil,
	{
		displayName: 'Wait Until',
		name: 'waitUntil',
		description: 'When the page counts as loaded and the workflow goes on',
		labels: WAIT_UNTIL_LABELS,
	},
);

/** Request types as the browser reports them, by the names the runner takes (RESOURCE_TYPES). */
export const REQUEST_TYPE_LABELS: Record<(typeof RESOURCE_TYPES)[number], ChoiceLabel> = {
	document: { name: 'Page', description: 'Pages and frames themselves' },
	eventsource: { name: 'Event Stream', description: 'Server-sent events' },
	fetch: { name: 'Fetch', description: 'Data requests made with fetch()' },
	font: { name: 'Font', description: 'Web fonts' },
	image: { name: 'Image', description: 'Pictures and icons' },
	manifest: { name: 'Manifest', description: 'Web app manifests' },
	media: { name: 'Media', description: 'Audio and video' },
	other: { name: 'Other', description: 'Anything else' },
	script: { name: 'Script', description: 'JavaScript files; blocking them can break the page' },
	stylesheet: { name: 'Stylesheet', description: 'CSS files' },
	texttrack: { name: 'Text Track', description: 'Subtitles of videos' },
	websocket: { name: 'WebSocket', description: 'WebSocket connections (their opening handshake)' },
	xhr: { name: 'XHR', description: 'Data requests made with XMLHttpRequest' },
};

/** The request types a session or Block Requests can refuse: every type but the page itself and WebSockets. */
export const REQUEST_TYPE_OPTIONS: INodePropertyOptions[] = choicesOf(
	BLOCKABLE_TYPES,
	REQUEST_TYPE_LABELS,
);

/** Which mouse button: Click and Mouse → Click At / Drag Path. */
export function mouseButtonOption(description: string): INodeProperties {
	return schemaField(actions.click.input.shape.button, {
		displayName: 'Button',
		name: 'button',
		labels: { left: 'Left', middle: 'Middle', right: 'Right' },
		description,
	});
}

/** How to click: Element → Click and Mouse → Click At. */
export const clickOptions: INodeProperties[] = [
	mouseButtonOption('Which mouse button to click with'),
	schemaField(actions.click.input.shape.clickCount, {
		displayName: 'Click Count',
		name: 'clickCount',
		description: 'How many clicks: 2 is a double click',
	}),
	schemaField(actions.click.input.shape.delayMs, {
		displayName: 'Delay (Ms)',
		name: 'delayMs',
		description: 'How long to hold the button down, in milliseconds',
	}),
];
