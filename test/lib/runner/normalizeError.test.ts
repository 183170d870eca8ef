import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors as playwrightErrors } from 'playwright';
import { BrowserAgentError } from '../../../lib/errors';
import { normalizeError } from '../../../lib/runner/normalizeError';

// What Playwright throws when colours are on (a colour terminal or FORCE_COLOR, as n8n often has):
// dim call-log lines and red highlights.
const DIM = (text: string) => `\u001b[2m${text}\u001b[22m`;
const RED = (text: string) => `\u001b[31m${text}\u001b[39m`;
const ESCAPE = /\u001b|\u009b/;

describe('normalizeError', () => {
	it('keeps terminal colour codes out of a TIMEOUT, and still reads the last call-log line', async () => {
		const thrown = new playwrightErrors.TimeoutError(
			`locator.click: ${RED('Timeout 1000ms exceeded.')}\nCall log:\n${DIM("  - waiting for locator('#go')")}\n${DIM('    - element is not enabled')}\n`,
		);
		const error = await normalizeError(thrown, {
			action: 'click',
			selector: '#go',
			timeoutMs: 1_000,
		});
		assert.equal(error.code, 'TIMEOUT');
		assert.equal(error.message, 'click "#go" timed out after 1000 ms: element is not enabled.');
		assert.equal(error.cause, thrown, 'the original error stays available as the cause');
	});

	it('keeps them out of any other failure, ours included', async () => {
		const other = await normalizeError(new Error(`${RED('Element is not attached')} to the DOM`), {
			action: 'hover',
			timeoutMs: 1_000,
		});
		assert.equal(other.code, 'ACTION_FAILED');
		assert.doesNotMatch(other.message, ESCAPE);
		assert.match(other.message, /Element is not attached to the DOM/);

		const ours = new BrowserAgentError(
			'NAVIGATION_FAILED',
			`navigate failed: ${RED('net::ERR_FAILED')}`,
			{ advice: DIM('Check the URL.'), field: 'url' },
		);
		const cleaned = await normalizeError(ours, { action: 'navigate', timeoutMs: 1_000 });
		assert.equal(cleaned.code, 'NAVIGATION_FAILED');
		assert.equal(cleaned.message, 'navigate failed: net::ERR_FAILED');
		assert.equal(cleaned.advice, 'Check the URL.');
		assert.equal(cleaned.field, 'url');
		assert.equal(cleaned.action, 'navigate');
	});
});
