/** What the converter tells a person about one workflow, as data (--report) and as text (printed). */

/** Something about one node (or the workflow, without `node`): what it is and what to do. */
export interface Finding {
	node?: string;
	message: string;
}

export interface ConvertedNode {
	/** The old node's name; the last of `into` has it again. */
	node: string;
	operation: string;
	/** The old node was an AI Agent's tool (its `…puppeteerTool` variant). */
	tool: boolean;
	/** The Browser Agent nodes it became, in the order they run. */
	into: Array<{ name: string; action: string }>;
}

/** One evaluated string of a node changed so it reads the new output. */
export interface Rewrite {
	node: string;
	parameter: string;
	before: string;
	after: string;
}

/** One setting of the Browser Agent API credential, as the credential form labels it. */
export interface CredentialSetting {
	field: string;
	label: string;
	value: string | boolean;
	/** The old nodes the value comes from. */
	from: string[];
}

export interface WorkflowReport {
	workflow: { name?: string; id?: string };
	converted: ConvertedNode[];
	rewritten: Rewrite[];
	/** What the converter could not do or could not know: a person must act or check. */
	needsPerson: Finding[];
	/** Differences a person may want to know about; nothing to do. */
	notes: Finding[];
	/** The Browser Agent API credential the converted nodes need, when they need one. */
	credential?: { settings: CredentialSetting[]; nodes: string[] };
}

export function emptyReport(workflow: { name?: unknown; id?: unknown }): WorkflowReport {
	return {
		workflow: {
			...(typeof workflow.name === 'string' && { name: workflow.name }),
			...(typeof workflow.id === 'string' && { id: workflow.id }),
		},
		converted: [],
		rewritten: [],
		needsPerson: [],
		notes: [],
	};
}

/** The report as lines of text for a terminal. */
export function formatReport(report: WorkflowReport): string[] {
	const lines: string[] = [];
	if (report.converted.length === 0 && report.needsPerson.length === 0) {
		lines.push('  no n8n-nodes-puppeteer node: nothing to convert');
		return lines;
	}
	if (report.converted.length > 0) lines.push('  converted:');
	for (const node of report.converted) {
		const into = node.into.map((step) => `"${step.name}" (${step.action})`).join(' → ');
		lines.push(`    "${node.node}" (${node.operation}${node.tool ? ', AI tool' : ''}) → ${into}`);
	}
	if (report.rewritten.length > 0) {
		lines.push('  expressions rewritten:');
		for (const rewrite of report.rewritten) {
			lines.push(
				`    "${rewrite.node}" ${rewrite.parameter}: ${oneLine(rewrite.before)}  →  ${oneLine(rewrite.after)}`,
			);
		}
	}
	if (report.credential) {
		lines.push('  credential:');
		lines.push(
			`    create a Browser Agent API credential (or add to yours) and select it on ${report.credential.nodes.map((name) => `"${name}"`).join(', ')}:`,
		);
		for (const setting of report.credential.settings) {
			lines.push(
				`      ${setting.label}: ${typeof setting.value === 'boolean' ? (setting.value ? 'on' : 'off') : setting.value}`,
			);
		}
	}
	if (report.needsPerson.length > 0) {
		lines.push('  needs a person:');
		for (const finding of report.needsPerson) lines.push(`    - ${describe(finding)}`);
	}
	if (report.notes.length > 0) {
		lines.push('  notes:');
		for (const finding of report.notes) lines.push(`    - ${describe(finding)}`);
	}
	return lines;
}

function describe(finding: Finding): string {
	return finding.node ? `"${finding.node}": ${finding.message}` : finding.message;
}

function oneLine(text: string): string {
	const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
	return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}
