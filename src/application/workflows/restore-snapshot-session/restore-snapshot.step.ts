import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import type { JobCatalogue } from "../job-catalogue.js";
import { settleSessionTask } from "../session-task-settlement.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep, waitFor } from "../step-outcome.js";

type Payload = JobCatalogue["restore-snapshot-session.restore"];

/*
 * The task's progress records how far the step got, so that a redelivered job neither starts
 * the restore again nor skips a part: 0 nothing yet, from STARTED the array's restore runs (the
 * step follows it with restoreStatus), at RESTORED it is complete and only its end remains.
 */
const STARTED = 1;
const RESTORED = 99;

/** The array's percentage within STARTED..RESTORED-1. */
function progressOf(percentRestored: number): number {
  return STARTED + Math.floor((percentRestored * (RESTORED - 1 - STARTED)) / 100);
}

/**
 * Restores the session's image onto its source: starts the array's restore, follows it in the
 * task's progress until the array says `restored`, ends the restore session, and settles the task.
 */
export class RestoreSnapshotStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    private readonly options: { readonly pollIntervalMs: number },
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const { task, system, snapshotNativeId } = await this.unitOfWork.run(async (scope) => {
      const task = await scope.tasks.findById(payload.taskId);
      const session = await scope.sessions.findById(payload.sessionId);
      if (!task || !session) throw new InvariantViolation(`restore of unknown session ${payload.sessionId}`);
      const system = await scope.catalog.findStorageSystem(session.source.storageSystemId);
      const snapshotNativeId = session.arraySnapshot?.nativeId;
      if (!system || !snapshotNativeId) throw new InvariantViolation(`session ${session.id} has no array snapshot`);
      return { task, system, snapshotNativeId };
    });
    const driver = this.drivers.forSystemType(system.systemType);
    const progress = task.toState().progress;
    if (!task.isFinished && progress < RESTORED) {
      const restore =
        progress < STARTED
          ? await driver.restoreSnapshot(system, snapshotNativeId)
          : await driver.restoreStatus(system, snapshotNativeId);
      const restored = restore.state === "restored";
      await this.reportProgress(payload.taskId, restored ? RESTORED : progressOf(restore.percentRestored));
      if (!restored) return waitFor(this.options.pollIntervalMs);
    }
    await driver.finishRestore(system, snapshotNativeId);
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, null, this.clock.now()));
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, stepFailure(error), this.clock.now()));
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
