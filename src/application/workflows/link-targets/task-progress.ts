import { Task } from "../../../domain/tasks/task.js";
import type { TransactionScope } from "../../ports/unit-of-work.js";
import { linkTaskProgress } from "./link-completion.js";

/**
 * Raises a link task's progress to the mean of its targets', in the transaction that changed
 * one of them: from their tally (every target of a large link does this, so it must not load
 * them all) and with a conditional update that cannot conflict with the other targets' steps.
 */
export async function raiseLinkTaskProgress(scope: TransactionScope, taskId: string): Promise<void> {
  const tally = await scope.targets.tallyLinkTask(taskId);
  if (tally.targets === 0) return;
  await scope.tasks.raiseProgress(taskId, Task.progressOf(linkTaskProgress(tally)));
}
