import { randomUUID } from 'node:crypto';

/** The packed node's type in n8n: `<package>.<node>`. */
export const BROWSER_AGENT_TYPE = 'n8n-nodes-browser-agent.browserAgent';

/** One node of a workflow to create: its name, type and parameters (positions are given by `inRow`). */
export interface WorkflowNodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: object;
	webhookId?: string;
}

/** A Browser Agent node. */
export function browserAgent(name: string, parameters: object): WorkflowNodeSpec {
	return { name, type: BROWSER_AGENT_TYPE, typeVersion: 1, parameters };
}

/**
 * A Webhook trigger on POST /webhook/<path>. It answers at once, or with `responseMode: 'lastNode'`
 * once the execution has ended, with the first item of the last node.
 */
export function webhookTrigger(
	path: string,
	responseMode: 'onReceived' | 'lastNode' = 'onReceived',
): WorkflowNodeSpec {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
		webhookId: randomUUID(),
	};
}

/** A workflow of these nodes in a row, each connected to the next; inactive until activated. */
export function inRow(name: string, specs: WorkflowNodeSpec[]) {
	const nodes = specs.map((spec, index) => ({
		id: randomUUID(),
		...spec,
		position: [220 * index, 0],
	}));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { name, nodes, connections, settings: {}, active: false };
}

/** The Browser Agent steps of signInFlow, in order; their names are the nodes'. */
export const SIGN_IN_FLOW_STEPS = [
	'Open Login',
	'Type User',
	'Type Password',
	'Sign In',
	'Read Welcome',
	'Open Reports',
	'Screenshot',
	'Download Report',
	'Page Info',
	'Extract Table',
] as const;

/**
 * Webhook (answers with the last node's items once the execution ends) → ten Browser Agent steps
 * on the fixture site: sign in as the account the webhook's body names (`user`, `password`), read
 * the welcome, open the reports, screenshot, download the report by URL, page info, extract the
 * simple table (one item per row).
 */
export function signInFlow(siteUrl: string, webhookPath: string, name: string) {
	const fromBody = (field: string) => `={{ $('Webhook').first().json.body.${field} }}`;
	const [open, user, password, signIn, welcome, reports, shot, download, info, table] =
		SIGN_IN_FLOW_STEPS;
	const trigger = webhookTrigger(webhookPath, 'lastNode');
	return inRow(name, [
		{ ...trigger, parameters: { ...trigger.parameters, responseData: 'allEntries' } },
		browserAgent(open, { resource: 'page', operation: 'navigate', url: `${siteUrl}/login` }),
		browserAgent(user, {
			resource: 'element',
			operation: 'fill',
			selector: '#username',
			value: fromBody('user'),
		}),
		browserAgent(password, {
			resource: 'element',
			operation: 'fill',
			selector: '#password',
			value: fromBody('password'),
		}),
		browserAgent(signIn, { resource: 'element', operation: 'click', selector: '#login-submit' }),
		browserAgent(welcome, { resource: 'extract', operation: 'text', selector: '#welcome' }),
		browserAgent(reports, { resource: 'page', operation: 'navigate', url: `${siteUrl}/tables` }),
		browserAgent(shot, {
			resource: 'page',
			operation: 'screenshot',
			binaryPropertyName: 'screenshot',
		}),
		// By URL, with the session's cookies: only a signed-in session gets the file.
		browserAgent(download, {
			resource: 'file',
			operation: 'download',
			downloadBy: 'url',
			url: `${siteUrl}/files/report.csv`,
			binaryPropertyName: 'report',
		}),
		browserAgent(info, { resource: 'page', operation: 'getInfo' }),
		// Last: it gives one item per row, and every later node would run once per row.
		browserAgent(table, { resource: 'extract', operation: 'table', selector: '#simple' }),
	]);
}
