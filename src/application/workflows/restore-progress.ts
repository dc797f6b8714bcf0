import type { RestoreState } from "../ports/array-driver.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { settleSessionTask } from "./session-task-settlement.js";
import { DONE, type StepOutcome, waitFor } from "./step-outcome.js";

/*
 * A restore's task progress records how far the step got, so that a redelivered job neither
 * starts the restore again nor skips a part: 0 nothing yet, from STARTED the array's restore runs
 * (the step follows it with its status), at RESTORED it is complete and only its end remains.
 */
const STARTED = 1;
const RESTORED = 99;

/** The array's percentage within STARTED..RESTORED-1. */
function progressOf(percentRestored: number): number {
  return STARTED + Math.floor((percentRestored * (RESTORED - 1 - STARTED)) / 100);
}

/** One restore on the array: started, followed, ended — each idempotent. */
export interface RestoreOnArray {
  start(): Promise<RestoreState>;
  status(): Promise<RestoreState>;
  finish(): Promise<void>;
}

/**
 * Runs a restore that is a session operation (its task holds the session's queue): starts it,
 * follows it in the task's progress until the array says `restored`, ends it, and settles the
 * task, which lets the session's next operation start.
 */
export class RestoreFollower {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly pollIntervalMs: number,
  ) {}

  async run(
    operation: { readonly taskId: string; readonly sessionId: string },
    restore: RestoreOnArray,
  ): Promise<StepOutcome> {
    const task = await this.unitOfWork.run((scope) => scope.tasks.findById(operation.taskId));
    const progress = task?.toState().progress ?? 0;
    if (task && !task.isFinished && progress < RESTORED) {
      const state = progress < STARTED ? await restore.start() : await restore.status();
      const restored = state.state === "restored";
      await this.reportProgress(operation.taskId, restored ? RESTORED : progressOf(state.percentRestored));
      if (!restored) return waitFor(this.pollIntervalMs);
    }
    await restore.finish();
    await this.unitOfWork.run((scope) => settleSessionTask(scope, operation, null, this.clock.now()));
    return DONE;
  }

  private async reportProgress(taskId: string, percent: number): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const task = await scope.tasks.findById(taskId);
      if (!task || task.isFinished) return;
      const before = task.toState().progress;
      task.reportProgress(percent);
      if (task.toState().progress !== before) await scope.tasks.save(task);
    });
  }
}

/** Where the restores of several copies stand together: restored once all are; else the slowest. */
export function slowest(states: readonly RestoreState[]): RestoreState {
  const restoring = states.filter((state) => state.state !== "restored");
  const pool = restoring.length > 0 ? restoring : states;
  return pool.reduce((min, state) => (state.percentRestored < min.percentRestored ? state : min));
}
