import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Task } from "../../domain/tasks/task.js";
import type { SessionOperation } from "../ports/session-operations.js";
import type { TransactionScope } from "../ports/unit-of-work.js";
import type { WorkflowStart } from "../ports/workflow-outbox.js";
import { stepFailure } from "../workflows/step-failure.js";
import { discardQueuedWork, refusalWhenItsTurnComes } from "./queued-operation-checks.js";

/*
 * Operations that change a session run one at a time (docs/api/snapshot-sessions.md,
 * "One operation at a time"). An accepted operation
 * joins the session's queue in the transaction that accepts it: it starts at once (its
 * workflow goes to the outbox) when the queue is empty, and otherwise waits `queued` with its
 * workflow start kept in the queue. The transaction that settles an operation's task also
 * takes it out of the queue and starts the next one through the outbox, so a queued task is
 * started exactly when the one ahead of it is settled, by whichever process settles it.
 */

/**
 * Locks the session's queue and returns the operations still in it. An operation whose task
 * is already settled (or gone) is dropped here, so that nothing can stay stuck behind it;
 * `settledTaskId` names one the caller settled itself, dropped without reading its task again.
 */
export async function lockSessionQueue(
  scope: TransactionScope,
  sessionId: string,
  settledTaskId?: string,
): Promise<SessionOperation[]> {
  const operations = await scope.sessionOperations.lock(sessionId);
  const live: SessionOperation[] = [];
  for (const operation of operations) {
    const task = operation.taskId === settledTaskId ? null : await scope.tasks.findById(operation.taskId);
    if (task && !task.isFinished) live.push(operation);
    else await scope.sessionOperations.remove(operation.taskId);
  }
  return live;
}

/**
 * Admits an operation whose task is about to be added: it runs now (its workflow is enqueued)
 * or, when another operation of the session is queued or running, waits with its task `queued`.
 */
export async function admitSessionOperation(
  scope: TransactionScope,
  sessionId: string,
  task: Task,
  start: WorkflowStart,
  now: number,
): Promise<void> {
  const queue = await lockSessionQueue(scope, sessionId);
  // Read again under the lock: an operation that settled meanwhile may have ended the session.
  const session = await scope.sessions.findById(sessionId);
  if (!session || session.isInactive) throw ViprErrors.entityInURLIsInactive(sessionId);
  if (queue.length === 0) {
    await scope.sessionOperations.append(sessionId, { taskId: task.id, running: true, start: null });
    await scope.outbox.enqueue(start);
    return;
  }
  task.waitInQueue(now);
  await scope.sessionOperations.append(sessionId, { taskId: task.id, running: false, start });
}

/**
 * The label of a resource among the session and `others` with a task queued or pending, or
 * null. Takes the session's queue lock first, so that a concurrent operation either finished
 * its admission before this check or waits until this transaction ends.
 */
export async function pendingTaskOn(
  scope: TransactionScope,
  session: { readonly id: string; readonly label: string },
  others: readonly { readonly id: string; readonly label: string }[] = [],
): Promise<string | null> {
  if ((await lockSessionQueue(scope, session.id)).length > 0) return session.label;
  for (const resource of [session, ...others]) {
    if ((await scope.tasks.findUnfinishedOn(resource.id)).length > 0) return resource.label;
  }
  return null;
}

/**
 * Called in the transaction that settles `taskId` (after its task was saved): the operation
 * leaves the queue and the next queued one starts. A queued operation that the ones ahead of it
 * made impossible (the session ended, its targets unlinked or moved) fails instead, with the
 * refusal a new request would get, and the one after it is tried.
 */
export async function settleSessionOperation(
  scope: TransactionScope,
  sessionId: string,
  taskId: string,
  now: number,
): Promise<void> {
  // Lock before changing the queue: every transaction takes the session's row lock first. The
  // settled operation leaves it there, if it is still in it.
  const queue = await lockSessionQueue(scope, sessionId, taskId);
  if (queue.length === 0 || queue.some((operation) => operation.running)) return;
  const session = await scope.sessions.findById(sessionId);
  for (const next of queue) {
    const task = await scope.tasks.findById(next.taskId);
    if (!task) continue;
    const refusal =
      !session || session.isInactive || next.start === null
        ? ViprErrors.entityInURLIsInactive(sessionId)
        : await refusalWhenItsTurnComes(scope, next.start);
    if (refusal !== null || next.start === null) {
      const failure = stepFailure(refusal);
      if (next.start !== null) await discardQueuedWork(scope, next.start, failure);
      task.fail(failure, now);
      await scope.tasks.save(task);
      await scope.sessionOperations.remove(next.taskId);
      continue;
    }
    task.leaveQueue();
    await scope.tasks.save(task);
    await scope.sessionOperations.markRunning(next.taskId);
    await scope.outbox.enqueue(next.start);
    return;
  }
}
