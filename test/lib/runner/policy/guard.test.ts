/**
 * The guard's bookkeeping of refused navigations against the action timeline, driven with a
 * stand-in context: which action fails for a tab sent to a refused host depends only on when the
 * request is seen, which a real browser under load makes a matter of luck (routes.test.ts covers
 * the real thing).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Request } from 'playwright';
import { PolicyGuard, parsePolicy } from '../../../../lib';

/** A context that only records the guard's listeners. */
function standInContext() {
	const listeners = new Map<string, (value: unknown) => void>();
	const context = {
		route: async () => undefined,
		routeWebSocket: async () => undefined,
		addInitScript: async () => undefined,
		on: (event: string, listener: (value: unknown) => void) => listeners.set(event, listener),
	} as unknown as BrowserContext;
	return { context, emit: (event: string, value: unknown) => listeners.get(event)?.(value) };
}

/** A tab's own navigation (not a frame's), as Playwright reports it. */
function tabNavigation(url: string): Request {
	return {
		url: () => url,
		isNavigationRequest: () => true,
		redirectedFrom: () => null,
		frame: () => ({ parentFrame: () => null }),
	} as unknown as Request;
}

async function guarded() {
	const guard = new PolicyGuard(parsePolicy({ allowedDomains: ['allowed.test'] }));
	const { context, emit } = standInContext();
	await guard.install(context);
	return { guard, emit };
}

describe('PolicyGuard: which action a refused tab fails', () => {
	it('the action during which the tab was refused', async () => {
		const { guard, emit } = await guarded();
		guard.beforeAction();
		emit('request', tabNavigation('https://refused.test/'));
		await assert.rejects(guard.afterAction(), { code: 'DOMAIN_NOT_ALLOWED' });
		guard.actionEnded();
		assert.doesNotThrow(() => guard.beforeAction(), 'reported once, not again');
	});

	it('the next action, when the tab was refused after the action looked (its result still being read)', async () => {
		const { guard, emit } = await guarded();
		guard.beforeAction();
		await guard.afterAction();
		emit('request', tabNavigation('https://refused.test/'));
		guard.actionEnded();
		assert.throws(
			() => guard.beforeAction(),
			(error: { code: string; message: string }) =>
				error.code === 'DOMAIN_NOT_ALLOWED' && /host refused\.test /.test(error.message),
		);
		assert.doesNotThrow(() => guard.beforeAction(), 'the session carries on after it');
	});

	it('the next action, when the tab was refused between actions', async () => {
		const { guard, emit } = await guarded();
		emit('request', tabNavigation('https://refused.test/'));
		assert.throws(() => guard.beforeAction(), { code: 'DOMAIN_NOT_ALLOWED' });
	});

	it('none, for an allowed tab', async () => {
		const { guard, emit } = await guarded();
		guard.beforeAction();
		emit('request', tabNavigation('https://allowed.test/'));
		await guard.afterAction();
		guard.actionEnded();
		assert.doesNotThrow(() => guard.beforeAction());
	});
});
