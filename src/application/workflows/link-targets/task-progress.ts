import { ConcurrencyConflict } from "../../ports/concurrency-conflict.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { targetProgress } from "./link-completion.js";

const ATTEMPTS = 3;

/**
 * Sets a link task's progress to the mean of its targets'. Progress is advisory: when parallel
 * steps keep colliding on the task's version, the last attempt gives up rather than fail a step.
 */
export async function refreshLinkTaskProgress(unitOfWork: UnitOfWork, taskId: string): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await unitOfWork.run(async (scope) => {
        const targets = await scope.targets.findByLinkTask(taskId);
        const task = await scope.tasks.findById(taskId);
        if (!task || task.isFinished || targets.length === 0) return;
        const total = targets.reduce((sum, target) => sum + targetProgress(target.toState()), 0);
        const before = task.toState().progress;
        task.reportProgress(total / targets.length);
        if (task.toState().progress !== before) await scope.tasks.save(task);
      });
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
    }
  }
}
