/**
 * The converter: one exported n8n workflow in, the same workflow with every n8n-nodes-puppeteer
 * node replaced by Browser Agent nodes out, with a report of what changed and what a person must
 * do. A pure function of its input (node ids come from `newId`); it imports neither n8n nor the
 * runner, so `npx n8n-nodes-browser-agent migrate` starts no browser.
 */
import { randomUUID } from 'node:crypto';
import {
	escapeRegExp,
	evaluatedStrings,
	nodeReference,
	plainStrings,
	readsOfInput,
	readsOfNode,
	rewriteEvaluatedStrings,
	type JsonRead,
} from './expressions';
import {
	planPageOperation,
	planScript,
	type CredentialNeeds,
	type Findings,
	type NodePlan,
	type Step,
} from './operations';
import {
	PAGE_OPERATIONS,
	parameter,
	PUPPETEER_TOOL_TYPE,
	PUPPETEER_TYPE,
	type PuppeteerOperation,
} from './puppeteer';
import { emptyReport, type CredentialSetting, type WorkflowReport } from './report';
import {
	isRecord,
	mainSources,
	mainTargets,
	readWorkflow,
	wires,
	type Workflow,
	type WorkflowNode,
} from './workflow';

export const BROWSER_AGENT_TYPE = 'n8n-nodes-browser-agent.browserAgent';
export const BROWSER_AGENT_TOOL_TYPE = `${BROWSER_AGENT_TYPE}Tool`;

export interface ConvertOptions {
	/** Ids for the new nodes; crypto.randomUUID by default. */
	newId?: () => string;
	/** How messages name the workflow, e.g. `workflow 2 of exports.json`. */
	where?: string;
}

export interface Conversion {
	workflow: Workflow;
	report: WorkflowReport;
	/** Whether any node was converted (else `workflow` equals the input). */
	changed: boolean;
}

/** One old node after conversion: its plan and the nodes that replaced it (the last has its name). */
interface Converted {
	name: string;
	plan: NodePlan;
	nodes: WorkflowNode[];
}

/** Node settings every replacing node takes over (they decide whether and how often it runs). */
const RUN_SETTINGS = [
	'disabled',
	'onError',
	'continueOnFail',
	'retryOnFail',
	'maxTries',
	'waitBetweenTries',
	'executeOnce',
];
/** Node fields that are the old node's own and never carried over. */
const IDENTITY = ['id', 'name', 'type', 'typeVersion', 'position', 'parameters'];

/** Converts one workflow. Throws MalformedWorkflowError when `input` is not a workflow export. */
export function convertWorkflow(input: unknown, options: ConvertOptions = {}): Conversion {
	const workflow = readWorkflow(structuredClone(input), options.where);
	const report = emptyReport(workflow);
	const newId = options.newId ?? randomUUID;
	const converted: Converted[] = [];
	for (const node of [...workflow.nodes]) {
		if (node.type !== PUPPETEER_TYPE && node.type !== PUPPETEER_TOOL_TYPE) continue;
		const result = convertNode(workflow, node, report, newId);
		if (result) converted.push(result);
	}
	for (const result of converted) rewriteOutputReads(workflow, result, report);
	reportPinnedData(workflow, converted, report);
	credentialAdvice(converted, report);
	return { workflow, report, changed: converted.length > 0 };
}

function findingsFor(report: WorkflowReport, node: string): Findings {
	return {
		needsPerson: (message) => report.needsPerson.push({ node, message }),
		note: (message) => report.notes.push({ node, message }),
	};
}

function convertNode(
	workflow: Workflow,
	node: WorkflowNode,
	report: WorkflowReport,
	newId: () => string,
): Converted | undefined {
	const findings = findingsFor(report, node.name);
	const operation = parameter(node, 'operation');
	const tool = node.type === PUPPETEER_TOOL_TYPE;
	if (
		operation !== 'runCustomScript' &&
		!PAGE_OPERATIONS.includes(operation as PuppeteerOperation)
	) {
		findings.needsPerson(
			`its operation ${JSON.stringify(operation)} is not one of n8n-nodes-puppeteer 1.5.0's: left as it is.`,
		);
		return undefined;
	}
	if (tool && operation !== 'runCustomScript') {
		// An AI Agent calls one tool node; Navigate and then Screenshot cannot be one tool.
		findings.needsPerson(
			`an AI Agent's ${String(operation)} tool cannot become two nodes: left as it is. Give the agent Browser Agent tools instead (Page → Navigate, then Extract → HTML, Page → Screenshot or Page → Save as PDF), all on the execution's session.`,
		);
		return undefined;
	}
	const plan =
		operation === 'runCustomScript'
			? planScript(node, findings, tool)
			: planPageOperation(
					node,
					operation as Exclude<PuppeteerOperation, 'runCustomScript'>,
					findings,
				);
	const nodes = placeSteps(workflow, node, plan.steps, tool, newId);
	rewire(workflow, node, nodes);
	if (nodes.length > 1) {
		rewriteInputOfLaterSteps(workflow, nodes, report);
		if (node.onError === 'continueRegularOutput' || node.continueOnFail === true) {
			findings.needsPerson(
				'On Error was “Continue”: the old node passed an item with `error` on; now a failed step passes its error item to the next converted node, which then works on whatever page is open. Use “Continue (using error output)” to route failures, or check the items downstream.',
			);
		}
	}
	report.converted.push({
		node: node.name,
		operation: String(operation),
		tool,
		into: nodes.map((created, i) => ({ name: created.name, action: plan.steps[i].action })),
	});
	return { name: node.name, plan, nodes };
}

/** Creates the Browser Agent nodes in place of `node`; the last keeps its name, place and settings. */
function placeSteps(
	workflow: Workflow,
	node: WorkflowNode,
	steps: Step[],
	tool: boolean,
	newId: () => string,
): WorkflowNode[] {
	const taken = new Set(workflow.nodes.map((other) => other.name));
	const [x, y] = node.position ?? [0, 0];
	const row = freeRow(workflow, node, x, y, steps.length - 1);
	const runSettings = Object.fromEntries(
		RUN_SETTINGS.filter((key) => node[key] !== undefined).map((key) => [key, node[key]]),
	);
	const ownFields = Object.fromEntries(
		Object.entries(node).filter(([key]) => !IDENTITY.includes(key)),
	);
	const nodes = steps.map((step, i): WorkflowNode => {
		const last = i === steps.length - 1;
		const name = last ? node.name : uniqueName(`${node.name} (${step.suffix})`, taken);
		taken.add(name);
		return {
			parameters:
				last && tool
					? { ...toolDescription(node.parameters), ...step.parameters }
					: step.parameters,
			id: newId(),
			name,
			type: tool ? BROWSER_AGENT_TOOL_TYPE : BROWSER_AGENT_TYPE,
			typeVersion: 1,
			position: last ? [x, y] : [x - (steps.length - 1 - i) * STEP_SPACING, row],
			...(last ? ownFields : runSettings),
		};
	});
	workflow.nodes.splice(workflow.nodes.indexOf(node), 1, ...nodes);
	return nodes;
}

const STEP_SPACING = 220;

/**
 * The y of a row for `count` new nodes left of (x, y): below the old node, lower still where
 * other nodes already stand, so no new node covers another.
 */
function freeRow(
	workflow: Workflow,
	node: WorkflowNode,
	x: number,
	y: number,
	count: number,
): number {
	const others = workflow.nodes.filter((other) => other !== node && Array.isArray(other.position));
	const covered = (px: number, py: number) =>
		others.some(
			(other) => Math.abs(other.position![0] - px) < 160 && Math.abs(other.position![1] - py) < 100,
		);
	let row = y + 200;
	for (let tries = 0; tries < 50; tries++) {
		const spots = Array.from({ length: count }, (_, i) => x - (count - i) * STEP_SPACING);
		if (!spots.some((px) => covered(px, row))) break;
		row += 160;
	}
	return row;
}

function uniqueName(base: string, taken: Set<string>): string {
	if (!taken.has(base)) return base;
	for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}

/** The tool description an AI Agent's model reads, as the old tool had it. */
function toolDescription(parameters: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		['descriptionType', 'toolDescription']
			.filter((key) => parameters[key] !== undefined)
			.map((key) => [key, parameters[key]]),
	);
}

/**
 * Wires the new nodes in: what went into the old node goes into the first, each feeds the next,
 * and what left the old node leaves the last (it has the old name, so those wires stay as they are).
 * With “Continue (using error output)”, every new node's error output goes where the old one's went.
 */
function rewire(workflow: Workflow, node: WorkflowNode, nodes: WorkflowNode[]): void {
	if (nodes.length === 1) return;
	const first = nodes[0].name;
	for (const { type, wire } of wires(workflow.connections)) {
		if (type === 'main' && wire.node === node.name) wire.node = first;
	}
	const errorWires =
		node.onError === 'continueErrorOutput' ? workflow.connections[node.name]?.main?.[1] : undefined;
	for (let i = 0; i < nodes.length - 1; i++) {
		workflow.connections[nodes[i].name] = {
			main: [
				[{ node: nodes[i + 1].name, type: 'main', index: 0 }],
				...(errorWires ? [structuredClone(errorWires)] : []),
			],
		};
	}
}

/**
 * In the nodes after the first, `$json` would be the previous Browser Agent node's output, not the
 * old node's input: read the input node's item by name instead (the same item, by pairing).
 */
function rewriteInputOfLaterSteps(
	workflow: Workflow,
	nodes: WorkflowNode[],
	report: WorkflowReport,
): void {
	const sources = [...mainSources(workflow.connections, nodes[0].name)];
	const input = sources.length === 1 ? sources[0] : undefined;
	for (const node of nodes.slice(1)) {
		if (input === undefined) {
			const reads = evaluatedStrings(node).filter(
				(string) => readsOfInput(string.value, false).length > 0 || /\$binary\b/.test(string.value),
			);
			for (const read of reads) {
				report.needsPerson.push({
					node: node.name,
					message: `${read.path} reads the input item (${read.value}), which is now another Browser Agent node's output, and the old node had ${sources.length === 0 ? 'no input' : `several inputs (${sources.join(', ')})`}: read the item you mean by node name, e.g. $('Node').item.json.`,
				});
			}
			continue;
		}
		const changes = rewriteEvaluatedStrings(node, (text) => {
			let result = replaceReads(text, readsOfInput(text, false), (read) => ({
				end: read.jsonEnd,
				text: `${nodeReference(input)}${read.items}.json`,
			}));
			result = result.replace(
				/(?<![\w$.])\$binary(?![\w$])/g,
				`${nodeReference(input)}.item.binary`,
			);
			return result;
		});
		for (const change of changes)
			report.rewritten.push({ node: node.name, parameter: change.path, ...change });
	}
}

/** Replaces each read (from its start to the `end` the callback gives) with the callback's text. */
function replaceReads(
	text: string,
	reads: JsonRead[],
	replacement: (read: JsonRead) => { end: number; text: string } | undefined,
): string {
	let result = text;
	for (const read of [...reads].sort((a, b) => b.start - a.start)) {
		const replace = replacement(read);
		if (replace) result = result.slice(0, read.start) + replace.text + result.slice(replace.end);
	}
	return result;
}

/** Node types whose output items are their input items, unchanged (only filtered, sorted or routed). */
const PASS_THROUGH = new Set(
	[
		'if',
		'filter',
		'switch',
		'noOp',
		'wait',
		'limit',
		'sort',
		'removeDuplicates',
		'splitInBatches',
	].map((name) => `n8n-nodes-base.${name}`),
);
/** Node types that may hand input fields on among others (so a later `$json.body` may be the old one). */
const MAY_PASS_ON = new Set(
	['set', 'merge', 'code', 'function', 'functionItem', 'aggregate', 'splitOut', 'itemLists'].map(
		(name) => `n8n-nodes-base.${name}`,
	),
);

/**
 * Where the workflow reads a converted page node's old output fields, made to read the new ones:
 * `body` → Extract HTML's `html`; `statusCode` → Navigate's `status`. What has no equivalent
 * (`headers`) or cannot be told apart (the whole item, field names as text) is reported.
 */
function rewriteOutputReads(
	workflow: Workflow,
	converted: Converted,
	report: WorkflowReport,
): void {
	const fieldEntries = Object.entries(converted.plan.outputFields);
	if (fieldEntries.length === 0) return;
	const fields = Object.fromEntries(
		fieldEntries.map(([field, target]) => [
			field,
			target && { node: converted.nodes[target.step].name, field: target.field },
		]),
	);
	const name = converted.name;
	const navigate = converted.nodes.find((node) => node.parameters.operation === 'navigate')!.name;
	/** Strings already reported (node and parameter), so one read is reported once. */
	const flagged = new Set<string>();
	const unresolved = (node: string, path: string, text: string, read: JsonRead, by: string) => {
		const field = read.field?.name;
		flagged.add(`${node}\u0000${path}`);
		report.needsPerson.push({
			node,
			message:
				field === undefined
					? `${path} reads the whole output item of "${name}" (${excerpt(text, read)}), whose fields changed: ${changedFields(fields, navigate)}. Check what it needs.`
					: `${path} reads ${by}${field} (${excerpt(text, read)}), which Browser Agent's output does not have: check what it needs.`,
		});
	};
	const rewrite = (reads: (text: string) => JsonRead[], by: string, node: WorkflowNode) => {
		const changes = rewriteEvaluatedStrings(node, (text, _code, path) =>
			replaceReads(text, reads(text), (read) => {
				const field = read.field;
				if (!field || !(field.name in fields)) {
					if (!field) unresolved(node.name, path, text, read, by);
					return undefined;
				}
				const target = fields[field.name];
				if (!target) {
					unresolved(node.name, path, text, read, by);
					return undefined;
				}
				// `.`, `?.` or `['` before the field's name, and `']` after it, as written.
				const before = text.slice(read.jsonEnd, field.nameStart);
				const after = text.slice(field.nameEnd, field.end);
				if (target.node === name) {
					// The same node's output, under a new field name.
					return {
						end: field.end,
						text: text.slice(read.start, field.nameStart) + target.field + after,
					};
				}
				const head = read.renamed
					? read.renamed(target.node)
					: `${nodeReference(target.node)}${read.items}`;
				return { end: field.end, text: `${head}.json${before}${target.field}${after}` };
			}),
		);
		for (const change of changes)
			report.rewritten.push({ node: node.name, parameter: change.path, ...change });
	};

	for (const node of workflow.nodes) rewrite((text) => readsOfNode(text, name), `"${name}".`, node);

	const { readers, maybe } = readersOf(workflow, name);
	for (const node of readers) {
		rewrite((text) => readsOfInput(text, isCodeNode(node)), `the input's `, node);
		renameFieldParameters(node, fields, name, report);
		reportFieldNamesAsText(node, fields, name, report, flagged);
	}
	for (const node of maybe) {
		for (const string of evaluatedStrings(node)) {
			const reads = readsOfInput(string.value, string.code).filter(
				(read) => read.field && read.field.name in fields,
			);
			if (reads.length === 0) continue;
			flagged.add(`${node.name}\u0000${string.path}`);
			report.needsPerson.push({
				node: node.name,
				message: `${string.path} reads ${reads.map((read) => read.field!.name).join(', ')} of its input (${excerpt(string.value, reads[0])}). If that is "${name}"'s old output handed on by the nodes between, it changed: ${changedFields(fields, navigate)}.`,
			});
		}
	}
	reportOtherReads(workflow, name, fields, report, flagged);
}

/**
 * What is left after the rewrites and still names the node before an old field name: reads the
 * converter does not parse (`$('Get Page').all().map(…)`, Python's `_('Get Page')`). A person checks.
 */
function reportOtherReads(
	workflow: Workflow,
	name: string,
	fields: Record<string, { node: string; field: string } | null>,
	report: WorkflowReport,
	flagged: Set<string>,
): void {
	const n = escapeRegExp(name);
	const references = [
		new RegExp(String.raw`[$_]\(\s*(['"\x60])${n}\1\s*\)`),
		new RegExp(String.raw`[$_]node\[\s*(['"])${n}\1\s*\]`),
		new RegExp(String.raw`\$items\(\s*(['"])${n}\1`),
	];
	const nodes = [name, ...Object.values(fields).flatMap((target) => (target ? [target.node] : []))];
	for (const node of workflow.nodes) {
		for (const string of evaluatedStrings(node)) {
			if (flagged.has(`${node.name}\u0000${string.path}`)) continue;
			const text = withoutReadsOf(string.value, nodes);
			const at = Math.min(
				...references.map((reference) => text.search(reference)).filter((index) => index >= 0),
			);
			const mentions = oldFieldsIn(text.slice(at), fields);
			if (!Number.isFinite(at) || mentions.length === 0) continue;
			flagged.add(`${node.name}\u0000${string.path}`);
			report.needsPerson.push({
				node: node.name,
				message: `${string.path} reads "${name}" in a way the converter cannot follow and mentions ${mentions.join(', ')} after it: check it against the new output (${changedFields(fields, fields.statusCode?.node ?? name)}).`,
			});
		}
	}
}

/** The text with the reads of these nodes' output that the converter understands blanked out. */
function withoutReadsOf(text: string, nodes: string[]): string {
	let result = text;
	for (const node of nodes) {
		for (const read of readsOfNode(result, node)) {
			const end = read.field?.end ?? read.jsonEnd;
			result = result.slice(0, read.start) + ' '.repeat(end - read.start) + result.slice(end);
		}
	}
	return result;
}

/** The old output's field names a text mentions as property names (`.body`, `['statusCode']`). */
function oldFieldsIn(text: string, fields: Record<string, unknown>): string[] {
	const names = Object.keys(fields).map(escapeRegExp).join('|');
	const mentions = [...text.matchAll(new RegExp(String.raw`(?:\.|\[\s*['"])(${names})\b`, 'g'))];
	return [...new Set(mentions.map((match) => match[1]))];
}

function isCodeNode(node: WorkflowNode): boolean {
	return ['n8n-nodes-base.code', 'n8n-nodes-base.function', 'n8n-nodes-base.functionItem'].includes(
		node.type,
	);
}

function changedFields(
	fields: Record<string, { node: string; field: string } | null>,
	navigate: string,
): string {
	return Object.entries(fields)
		.map(([field, target]) =>
			target === null
				? `${field} is gone`
				: target.node === navigate
					? `${field} is "${navigate}"'s ${target.field}`
					: `${field} is ${target.field}`,
		)
		.join(', ');
}

function excerpt(text: string, read: JsonRead): string {
	const end = read.field?.end ?? read.jsonEnd;
	return text.slice(read.start, end);
}

/**
 * The nodes whose input items are `name`'s output items: fed only by it, or by pass-through nodes
 * fed only by it (`readers`); and nodes further on that may see its fields handed on (`maybe`).
 */
function readersOf(
	workflow: Workflow,
	name: string,
): { readers: WorkflowNode[]; maybe: WorkflowNode[] } {
	const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
	const transparent = new Set([name]);
	const readers = new Set<string>();
	for (let changed = true; changed; ) {
		changed = false;
		for (const node of workflow.nodes) {
			if (node.name === name || readers.has(node.name)) continue;
			const sources = mainSources(workflow.connections, node.name);
			if (sources.size === 0 || ![...sources].every((source) => transparent.has(source))) continue;
			readers.add(node.name);
			if (PASS_THROUGH.has(node.type)) transparent.add(node.name);
			changed = true;
		}
	}
	const maybe = new Set<string>();
	const queue = [name, ...readers];
	while (queue.length > 0) {
		const current = queue.shift()!;
		const type = byName.get(current)?.type ?? '';
		const handsOn = current === name || PASS_THROUGH.has(type) || MAY_PASS_ON.has(type);
		if (!handsOn) continue;
		for (const target of mainTargets(workflow.connections, current)) {
			if (target === name || readers.has(target) || maybe.has(target)) continue;
			maybe.add(target);
			queue.push(target);
		}
	}
	const nodes = (names: Set<string>) =>
		[...names].map((each) => byName.get(each)).filter((node): node is WorkflowNode => !!node);
	return { readers: nodes(readers), maybe: nodes(maybe) };
}

/** n8n's HTML node names the JSON field it reads as plain text: `body` becomes `html`. */
function renameFieldParameters(
	node: WorkflowNode,
	fields: Record<string, { node: string; field: string } | null>,
	name: string,
	report: WorkflowReport,
): void {
	const body = fields.body;
	if (!body || body.node !== name) return;
	const parameters = node.parameters;
	const extractsJson =
		(node.type === 'n8n-nodes-base.html' && parameters.operation === 'extractHtmlContent') ||
		node.type === 'n8n-nodes-base.htmlExtract';
	if (
		!extractsJson ||
		(parameters.sourceData ?? 'json') !== 'json' ||
		parameters.dataPropertyName !== 'body'
	)
		return;
	parameters.dataPropertyName = body.field;
	report.rewritten.push({
		node: node.name,
		parameter: 'dataPropertyName',
		before: 'body',
		after: body.field,
	});
}

/** A plain parameter that is exactly an old field's name may name that field: a person checks. */
function reportFieldNamesAsText(
	node: WorkflowNode,
	fields: Record<string, { node: string; field: string } | null>,
	name: string,
	report: WorkflowReport,
	flagged: Set<string>,
): void {
	for (const { path, value } of plainStrings(node)) {
		if (!(value in fields) || ['resource', 'operation'].includes(path)) continue;
		report.needsPerson.push({
			node: node.name,
			message: `${path} is "${value}", which may name the field "${value}" of "${name}"'s old output; ${fields[value] ? `it is ${fields[value]!.field} now` : 'Browser Agent has no such field'}.`,
		});
	}
	const targets = Object.values(fields).flatMap((target) => (target ? [target.node] : []));
	for (const string of evaluatedStrings(node).filter((each) => each.code)) {
		if (flagged.has(`${node.name}\u0000${string.path}`)) continue;
		const mentions = oldFieldsIn(withoutReadsOf(string.value, targets), fields);
		if (mentions.length === 0) continue;
		flagged.add(`${node.name}\u0000${string.path}`);
		report.needsPerson.push({
			node: node.name,
			message: `its code (${string.path}) mentions ${mentions.join(', ')}, which may be fields of "${name}"'s old output read in a way the converter cannot follow: check it.`,
		});
	}
}

/** Pinned data stays under the node name, in the old output's shape. */
function reportPinnedData(
	workflow: Workflow,
	converted: Converted[],
	report: WorkflowReport,
): void {
	if (!isRecord(workflow.pinData)) return;
	for (const { name, plan } of converted) {
		if (workflow.pinData[name] === undefined || Object.keys(plan.outputFields).length === 0)
			continue;
		report.needsPerson.push({
			node: name,
			message:
				'it has pinned data in the old output shape (body, statusCode, headers), which manual runs use instead of running it: unpin it, run it once and pin the new output.',
		});
	}
}

/** One Browser Agent API credential holding what the converted nodes need, or what clashes. */
function credentialAdvice(converted: Converted[], report: WorkflowReport): void {
	const labels: Record<keyof CredentialNeeds, string> = {
		cdpUrl: 'CDP URL',
		executablePath: 'Executable Path',
		launchArgs: 'Extra Launch Arguments',
		headlessMode: 'Headless Mode',
		allowCustomScript: 'Allow Custom JavaScript',
	};
	/** How the credential form names a value, where it is a choice. */
	const shown = (field: keyof CredentialNeeds, value: string | boolean) =>
		field === 'headlessMode' && value === 'shell' ? 'Headless Shell' : value;
	const settings: CredentialSetting[] = [];
	for (const field of Object.keys(labels) as Array<keyof CredentialNeeds>) {
		const byValue = new Map<string | boolean, string[]>();
		for (const { name, plan } of converted) {
			const value = plan.credential[field];
			if (value === undefined || value === '') continue;
			byValue.set(value, [...(byValue.get(value) ?? []), name]);
		}
		if (byValue.size > 1) {
			report.needsPerson.push({
				message: `the old nodes used different ${labels[field]} values (${[...byValue].map(([value, nodes]) => `${String(value)} in ${nodes.join(', ')}`).join('; ')}): one credential holds one. Make one credential per value and select each on the nodes that need it.`,
			});
		}
		for (const [value, from] of byValue) {
			settings.push({ field, label: labels[field], value: shown(field, value), from });
		}
	}
	if (settings.length === 0) return;
	const cdp = settings.filter((setting) => setting.field === 'cdpUrl');
	const launch = settings.filter((setting) =>
		['executablePath', 'launchArgs', 'headlessMode'].includes(setting.field),
	);
	if (cdp.length > 0 && launch.length > 0) {
		report.needsPerson.push({
			message: `some old nodes connected to a running browser (${cdp.flatMap((setting) => setting.from).join(', ')}), others launched one with their own settings (${launch.flatMap((setting) => setting.from).join(', ')}): a credential does one of the two. Make two credentials.`,
		});
	}
	const connection: CredentialSetting[] =
		cdp.length > 0
			? [
					{
						field: 'connection',
						label: 'Browser',
						value: 'Connect over CDP',
						from: cdp.flatMap((setting) => setting.from),
					},
				]
			: launch.length > 0
				? [
						{
							field: 'connection',
							label: 'Browser',
							value: 'Launch Chromium on the n8n Machine',
							from: launch.flatMap((setting) => setting.from),
						},
					]
				: [];
	report.credential = {
		settings: [...connection, ...settings],
		nodes: converted.flatMap((each) => each.nodes.map((node) => node.name)),
	};
	report.needsPerson.push({
		message: `the converted nodes need a Browser Agent API credential with ${[...connection, ...settings].map((setting) => setting.label).join(', ')} (see “credential”): create it in n8n and select it on every converted node; imported workflows cannot carry it.`,
	});
}
