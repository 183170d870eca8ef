import type { IExecuteFunctions, IRunExecutionData } from 'n8n-workflow';
import type { SessionPool } from '../../../lib';
import type { SessionScope } from './editorSessions';
import { forgetKeptLogins, keepLoginsOfParkedExecution } from './sessionContinuity';

interface ExecutionHooks {
	addHandler(
		name: 'workflowExecuteAfter',
		handler: (run: { status?: string; data?: IRunExecutionData }) => unknown,
	): void;
}

const hooked = new WeakSet<object>();

/**
 * Ends an execution's browser sessions together with the execution.
 * - Cancellation: the public `onExecutionCancellation` (and a signal already aborted before
 *   this node started, which that handler would never see).
 * - Normal end: n8n has no public node hook for it (up to 2.x), so where the engine's
 *   lifecycle hooks are reachable we add a `workflowExecuteAfter` handler; elsewhere the
 *   session's idle timeout frees it. An execution that is only waiting (Wait node) keeps its
 *   sessions, so it can continue in this process; the logins of those opened with Keep Login
 *   Across Waits are kept (n8n awaits the handler) for when it resumes in another one.
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
	const executionId = context.getExecutionId();
	hooks.addHandler('workflowExecuteAfter', async (run) => {
		if (run?.status === 'waiting') {
			await keepLoginsOfParkedExecution(
				pool,
				owner,
				executionId,
				run.data?.resultData?.runData,
				(message) => context.logger.warn(message),
			);
			return;
		}
		void pool.closeOwner(owner, run?.status === 'canceled' ? 'aborted' : 'completed');
		await forgetKeptLogins(executionId);
	});
}
