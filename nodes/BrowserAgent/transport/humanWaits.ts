import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import {
	isBrowserAgentError,
	sharedLiveViews,
	type ActionRun,
	type HumanWaitResult,
} from '../../../lib';

/**
 * Wait for Human in n8n: the execution waits in n8n (as for its Wait node) while the browser stays
 * open in this process, and the person's live view is served through n8n's waiting webhook, so the
 * link is `$execution.resumeUrl` behind whatever URL and proxy n8n already has. n8n signs that URL
 * with the execution's resume token: the token finds the wait here. Done (or the time limit)
 * resumes the execution with the wait's result.
 */

/** The query parameter n8n signs resume URLs with (n8n-core's WAITING_TOKEN_QUERY_PARAM). */
export const RESUME_TOKEN_PARAMETER = 'signature';

/** The viewer's requests under the resume URL: its page (''), then these. */
export const LIVE_VIEW_WEBHOOKS = [
	{ method: 'GET', path: '' },
	{ method: 'GET', path: 'frames' },
	{ method: 'GET', path: 'state' },
	{ method: 'POST', path: 'input' },
	{ method: 'POST', path: 'pick' },
	{ method: 'POST', path: 'record' },
	{ method: 'POST', path: 'done' },
] as const;

/** The resume token of a signed resume URL; undefined when this n8n does not sign them. */
export function resumeTokenOf(resumeUrl: string): string | undefined {
	if (!URL.canParse(resumeUrl)) return undefined;
	return new URL(resumeUrl).searchParams.get(RESUME_TOKEN_PARAMETER) || undefined;
}

/** The node's `webhook()`: one request of a live view served under an execution's resume URL. */
export async function answerLiveViewRequest(
	this: IWebhookFunctions,
	itemOf: (run: ActionRun<HumanWaitResult>) => Promise<INodeExecutionData>,
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const response = this.getResponseObject();
	// n8n may carry a sub-path inside the token (`token/path`) when the path itself had none.
	const [resumeToken = '', carriedPath] = String(
		(this.getQueryData() as IDataObject)[RESUME_TOKEN_PARAMETER] ?? '',
	).split('/');
	const subpath = subpathOf(request.path) || carriedPath || '';
	const { links, parked } = sharedLiveViews();
	const wait = parked.get(resumeToken);
	if (!wait) {
		response.status(410).json({
			error:
				'This live view is not waiting here: its wait is over, or n8n restarted since it began.',
			ended: true,
		});
		return { noWebhookResponse: true };
	}
	if (subpath === 'done' && request.method === 'POST') {
		links.pressDone(wait.linkToken);
		const item = await wait.outcome.then(itemOf, (error: unknown) => failureItem(error));
		response.status(200).json({ ended: true });
		if (!parked.claimResumption(resumeToken)) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [[{ ...item, pairedItem: { item: 0 } }]] };
	}
	await links.handle(
		wait.linkToken,
		{ method: request.method, subpath, body: this.getBodyData() },
		response,
	);
	return { noWebhookResponse: true };
}

/** A wait that ended without its result (the session closed meanwhile): the flow hears why. */
function failureItem(error: unknown): INodeExecutionData {
	if (isBrowserAgentError(error)) {
		const { message, ...rest } = error.toJSON();
		return { json: { error: message, ...rest } };
	}
	return { json: { error: error instanceof Error ? error.message : String(error) } };
}

function subpathOf(path: string): string {
	const last = path.replace(/\/$/, '').split('/').pop() ?? '';
	return LIVE_VIEW_WEBHOOKS.some((webhook) => webhook.path === last) ? last : '';
}
