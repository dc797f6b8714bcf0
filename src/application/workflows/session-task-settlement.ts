import type { TaskServiceError } from "../../domain/tasks/task.js";
import type { TransactionScope } from "../ports/unit-of-work.js";
import { settleSessionOperation } from "../snapshots/session-serialization.js";

/** A group session's operation answered a task on its group too, with the same op id: it ends alike. */
async function settleGroupCompanion(
  scope: TransactionScope,
  sessionId: string,
  opId: string,
  failure: TaskServiceError | null,
  now: number,
): Promise<void> {
  const groupId = (await scope.sessions.findById(sessionId))?.consistencyGroupId;
  if (!groupId) return;
  for (const companion of await scope.tasks.findUnfinishedOn(groupId)) {
    if (companion.toState().opId !== opId || companion.toState().resource.id !== groupId) continue;
    if (failure === null) companion.complete(now);
    else companion.fail(failure, now);
    await scope.tasks.save(companion);
  }
}

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
  if (task) await settleGroupCompanion(scope, operation.sessionId, task.toState().opId, failure, now);
  await settleSessionOperation(scope, operation.sessionId, operation.taskId, now);
}
