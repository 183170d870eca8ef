import type { IExecuteFunctions } from 'n8n-workflow';
import type { SessionPool } from '../../../lib';
import type { SessionScope } from './editorSessions';

interface ExecutionHooks {
	addHandler(name: 'workflowExecuteAfter', handler: (run: { status?: string }) => unknown): void;
}

const hooked = new WeakSet<object>();

/**
 * Ends an execution's browser sessions together with the execution.
 * - Cancellation: the public `onExecutionCancellation` (and a signal already aborted before
 *   this node started, which that handler would never see).
 * - Normal end: n8n has no public node hook for it (up to 2.x), so where the engine's
 *   lifecycle hooks are reachable we add a `workflowExecuteAfter` handler; elsewhere the
 *   session's idle timeout frees it. An execution that is only waiting (Wait node) keeps its
 *   sessions, so it can continue in this process.
 * - Editor sessions outlive the run (the next Execute step continues them); stopping the run
 *   still closes them, since that is the only way to end the action it was stuck in.
 */
export function bindSessionsToExecution(
	context: IExecuteFunctions,
	pool: SessionPool,
	{ owner, editor }: SessionScope,
): void {
	const closeAll = () => void pool.closeOwner(owner, 'aborted');
	if (context.getExecutionCancelSignal?.()?.aborted) closeAll();
	context.onExecutionCancellation?.(closeAll);

	if (editor) return;
	const hooks = (context as unknown as { additionalData?: { hooks?: Partial<ExecutionHooks> } })
		.additionalData?.hooks;
	if (!hooks || typeof hooks.addHandler !== 'function' || hooked.has(hooks)) return;
	hooked.add(hooks);
	hooks.addHandler('workflowExecuteAfter', (run) => {
		if (run?.status === 'waiting') return;
		void pool.closeOwner(owner, run?.status === 'canceled' ? 'aborted' : 'completed');
	});
}
