import { request } from 'undici';
import type { Logger } from '../logger';

/** What an alert says about a session that ended badly; POSTed as JSON. */
export interface SessionAlert {
	event: 'browserAgent.sessionEnded';
	sessionId: string;
	sessionName: string;
	/** For n8n: the execution ID. */
	owner: string;
	workflowId?: string;
	workflowName?: string;
	state: string;
	startedAt: string;
	endedAt: string;
	lastAction?: {
		action: string;
		status: string;
		endedAt: string;
		error?: { code: string; message: string };
	};
	error?: { code: string; message: string; advice?: string };
	/** The last page, relative to the audit folder, when the audit trail kept it. */
	finalScreenshot?: string;
}

const ALERT_TIMEOUT_MS = 5_000;

/**
 * POSTs an alert (e.g. to an n8n Webhook). Never throws and never waits longer than a few
 * seconds: a receiver that is down or slow costs a warning in the log, nothing else. Callers do
 * not await it on any path that matters; the promise is for tests.
 */
export async function sendAlert(
	url: string,
	alert: SessionAlert,
	headers: Record<string, string> | undefined,
	log: Logger,
): Promise<boolean> {
	try {
		const response = await request(url, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify(alert),
			headersTimeout: ALERT_TIMEOUT_MS,
			bodyTimeout: ALERT_TIMEOUT_MS,
			signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),
		});
		await response.body.dump();
		if (response.statusCode >= 400) {
			log.warn(
				{ sessionId: alert.sessionId, status: response.statusCode },
				'the alert URL answered with an error',
			);
			return false;
		}
		return true;
	} catch (error) {
		log.warn(
			{
				sessionId: alert.sessionId,
				err: { message: error instanceof Error ? error.message : String(error) },
			},
			'could not send the alert',
		);
		return false;
	}
}
