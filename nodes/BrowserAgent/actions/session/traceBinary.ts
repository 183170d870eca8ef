import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

/** The binary field Session → Close and Get Timeline put the session's Playwright trace in. */
export const TRACE_FIELD = 'trace';

/** A trace as n8n binary data: trace.zip, for `npx playwright show-trace` or trace.playwright.dev. */
export function traceBinary(this: IExecuteFunctions, trace: Buffer): Promise<IBinaryData> {
	return this.helpers.prepareBinaryData(trace, 'trace.zip', 'application/zip');
}
