import { ConcurrencyConflict } from "../../ports/concurrency-conflict.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { linkTaskProgress } from "./link-completion.js";

const ATTEMPTS = 3;

/**
 * Sets a link task's progress to the mean of its targets' (from their tally: every target of a
 * large link refreshes it, so it must not load them all). Progress is advisory: when parallel
 * steps keep colliding on the task's version, the last attempt gives up rather than fail a step.
 */
export async function refreshLinkTaskProgress(unitOfWork: UnitOfWork, taskId: string): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await unitOfWork.run(async (scope) => {
        const tally = await scope.targets.tallyLinkTask(taskId);
        const task = await scope.tasks.findById(taskId);
        if (!task || task.isFinished || tally.targets === 0) return;
        const before = task.toState().progress;
        task.reportProgress(linkTaskProgress(tally));
        if (task.toState().progress !== before) await scope.tasks.save(task);
      });
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
    }
  }
}
