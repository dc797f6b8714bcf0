import type { TaskServiceError } from "../../domain/tasks/task.js";
import type { TransactionScope } from "../ports/unit-of-work.js";
import { settleSessionOperation } from "../snapshots/session-serialization.js";

/**
 * Ends a session operation's task — `ready`, or `error` with the failure — unless it already
 * ended, and lets the session's next queued operation start, in the caller's transaction.
 * Idempotent: a redelivered step may call it again.
 */
export async function settleSessionTask(
  scope: TransactionScope,
  operation: { readonly taskId: string; readonly sessionId: string },
  failure: TaskServiceError | null,
  now: number,
): Promise<void> {
  const task = await scope.tasks.findById(operation.taskId);
  if (task && !task.isFinished) {
    if (failure === null) task.complete(now);
    else task.fail(failure, now);
    await scope.tasks.save(task);
  }
  await settleSessionOperation(scope, operation.sessionId, operation.taskId, now);
}
