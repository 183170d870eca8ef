import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../../../lib/policy/policy';
import { quotaWaitMs, SessionQuotas, type Admission } from '../../../../lib/runner/policy/quotas';
import { failureOf } from '../../../helpers/runner';

const credential = (scope: string, maxConcurrentSessions?: number) =>
	parsePolicy({ scope, ...(maxConcurrentSessions !== undefined && { maxConcurrentSessions }) });

describe('SessionQuotas: a queue for places', () => {
	it('refuses at once without a wait time, as before', async () => {
		const quotas = new SessionQuotas(1);
		await quotas.admit(credential('a'));
		const error = await failureOf(quotas.admit(credential('b')));
		assert.equal(error.code, 'QUOTA_EXCEEDED');
		assert.match(error.message, /1 browser sessions are already open in this n8n process/);
	});

	it('3× the limit at once: all get a place, first come first served, never more than the limit open', async () => {
		const quotas = new SessionQuotas(4);
		const order: number[] = [];
		let open = 0;
		let mostOpen = 0;
		const work = Array.from({ length: 12 }, async (_, index) => {
			const admission = await quotas.admit(credential(`c${index}`), { waitMs: 10_000 });
			order.push(index);
			open++;
			mostOpen = Math.max(mostOpen, open);
			await new Promise((resolve) => setTimeout(resolve, 20));
			open--;
			admission.release();
			return admission.queuedMs;
		});
		const queued = await Promise.all(work);
		assert.deepEqual(order, [...Array(12).keys()], 'in arrival order');
		assert.equal(mostOpen, 4);
		assert.ok(queued.slice(0, 4).every((ms) => ms === 0));
		assert.ok(
			queued.slice(4).every((ms) => ms > 0),
			'the others say how long they waited',
		);
		assert.equal(quotas.count(), 0);
		assert.equal(quotas.queued, 0);
	});

	it('a credential at its own limit waits without holding up another credential', async () => {
		const quotas = new SessionQuotas(10);
		const held = await quotas.admit(credential('full', 1));
		const waiting = quotas.admit(credential('full', 1), { waitMs: 10_000 });
		const other = await quotas.admit(credential('free', 1), { waitMs: 10_000 });
		assert.equal(other.queuedMs, 0, 'went ahead at once');
		assert.equal(quotas.queued, 1);
		held.release();
		const admitted: Admission = await waiting;
		assert.ok(admitted.queuedMs >= 0);
		assert.equal(quotas.count('full'), 1);
	});

	it('gives up after the wait time, saying how long it waited; a cancelled one leaves the queue', async () => {
		const quotas = new SessionQuotas(1);
		await quotas.admit(credential('a'));
		const started = Date.now();
		const late = await failureOf(quotas.admit(credential('b'), { waitMs: 1_200 }));
		assert.equal(late.code, 'QUOTA_EXCEEDED');
		assert.match(late.message, /It waited 1 s for a place/);
		assert.ok(Date.now() - started >= 1_150);
		const cancel = new AbortController();
		const cancelled = quotas.admit(credential('c'), { waitMs: 60_000, signal: cancel.signal });
		assert.equal(quotas.queued, 1);
		cancel.abort(new Error('execution cancelled'));
		assert.match((await failureOf(cancelled)).message, /execution cancelled/);
		assert.equal(quotas.queued, 0);
	});

	it('reads its wait time from the environment', () => {
		assert.equal(quotaWaitMs({}), 60_000);
		assert.equal(quotaWaitMs({ BROWSER_AGENT_QUOTA_WAIT_MS: '0' }), 0);
		assert.equal(quotaWaitMs({ BROWSER_AGENT_QUOTA_WAIT_MS: '5000' }), 5_000);
		for (const wrong of ['soon', '-1', '1.5'])
			assert.throws(
				() => quotaWaitMs({ BROWSER_AGENT_QUOTA_WAIT_MS: wrong }),
				(error: { code: string; field: string; message: string }) =>
					error.code === 'INVALID_INPUT' &&
					error.field === 'BROWSER_AGENT_QUOTA_WAIT_MS' &&
					error.message.includes(`"${wrong}"`),
			);
	});
});
