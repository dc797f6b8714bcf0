import { ServiceCode, serviceCodeDescriptions } from "../../../domain/shared/service-code.js";
import type { LinkedTarget, TargetFailure } from "../../../domain/snapshots/linked-target.js";
import type { TransactionScope } from "../../ports/unit-of-work.js";
import { settleSessionOperation } from "../../snapshots/session-serialization.js";

/** A link task's tasks: its own, and a session creation's volume task that settles alike. */
export interface LinkTasks {
  readonly taskId: string;
  readonly sessionId: string;
  readonly volumeTaskId?: string;
}

/** Recorded on a target rolled back without a failure of its own (its link never completed). */
export const INCOMPLETE_LINK: TargetFailure = {
  code: ServiceCode.WORKFLOW_STEP_ERROR,
  description: serviceCodeDescriptions[ServiceCode.WORKFLOW_STEP_ERROR],
  details: "Operation failed due to the following error: the target's link did not complete",
  retryable: false,
};

function isIncompleteLink(failure: TargetFailure): boolean {
  return failure.code === INCOMPLETE_LINK.code && failure.details === INCOMPLETE_LINK.details;
}

/**
 * What a link task ends with once its targets are settled: null when every one linked, else
 * the first failure a target actually met (a rollback's INCOMPLETE_LINK must not hide it).
 */
export function linkTaskFailure(targets: readonly LinkedTarget[]): TargetFailure | null {
  if (targets.every((target) => target.isLinked)) return null;
  const failure = targets
    .map((target) => target.toState().failure)
    .find((candidate) => candidate !== null && !isIncompleteLink(candidate));
  return failure ?? INCOMPLETE_LINK;
}

/**
 * Ends the link's task(s) — `ready` without a failure — unless already ended, and lets the
 * session's next queued operation start, in the caller's transaction. Idempotent.
 */
export async function settleLinkTasks(
  scope: TransactionScope,
  tasks: LinkTasks,
  failure: TargetFailure | null,
  now: number,
): Promise<void> {
  const taskIds = tasks.volumeTaskId === undefined ? [tasks.taskId] : [tasks.taskId, tasks.volumeTaskId];
  for (const taskId of taskIds) {
    const task = await scope.tasks.findById(taskId);
    if (!task || task.isFinished) continue;
    if (failure === null) task.complete(now);
    else task.fail(failure, now);
    await scope.tasks.save(task);
  }
  await settleSessionOperation(scope, tasks.sessionId, tasks.taskId, now);
}
