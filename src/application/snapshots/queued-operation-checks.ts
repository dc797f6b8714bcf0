import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import type { TaskServiceError } from "../../domain/tasks/task.js";
import type { TransactionScope } from "../ports/unit-of-work.js";
import type { WorkflowStart } from "../ports/workflow-outbox.js";

/**
 * What a queued operation checks again when its turn comes: the operations ahead of it may have
 * unlinked or moved the targets it names (an unlink of a target already unlinked must not report
 * success). The refusal is the one the request would get now; null when it may run.
 */
export async function refusalWhenItsTurnComes(
  scope: TransactionScope,
  start: WorkflowStart,
): Promise<ServiceError | null> {
  switch (start.workflow) {
    case "unlink-targets":
      for (const { targetId } of start.targets) {
        const target = await scope.targets.findById(targetId);
        if (!target?.isLinked || target.sessionId !== start.sessionId) {
          return ServiceError.of(
            ServiceCode.BAD_REQUEST_BODY,
            "Target {0} is not linked to snapshot session {1}.",
            targetId,
            start.sessionId,
          );
        }
      }
      return null;
    case "relink-targets":
      for (const targetId of start.targetIds) {
        const target = await scope.targets.findById(targetId);
        const current = target && (await scope.sessions.findById(target.sessionId));
        if (!target?.isLinked || !current || current.isInactive) {
          return ServiceError.of(
            ServiceCode.BAD_REQUEST_BODY,
            "The requested target {0} cannot be re-linked as it is not currently linked to an active snapshot session.",
            targetId,
          );
        }
      }
      return null;
    default:
      return null;
  }
}

/**
 * A queued operation that will not run leaves nothing behind: a link's prepared targets (which
 * count against the source's limit from the moment it was accepted) are rolled back — nothing
 * was provisioned for them yet.
 */
export async function discardQueuedWork(
  scope: TransactionScope,
  start: WorkflowStart,
  failure: TaskServiceError,
): Promise<void> {
  if (start.workflow !== "link-targets") return;
  for (const targetId of start.targetIds) {
    const target = await scope.targets.findById(targetId);
    if (!target || target.isSettled) continue;
    target.recordFailure(failure);
    target.markRolledBack();
    await scope.targets.save(target);
  }
}
