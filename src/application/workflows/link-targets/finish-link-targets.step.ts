import { ServiceCode, serviceCodeDescriptions } from "../../../domain/shared/service-code.js";
import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { LinkedTarget, TargetFailure } from "../../../domain/snapshots/linked-target.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { TransactionScope, UnitOfWork } from "../../ports/unit-of-work.js";
import { settleSessionOperation } from "../../snapshots/session-serialization.js";
import type { JobCatalogue } from "../job-catalogue.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep } from "../step-outcome.js";

/** A link task's, or a session creation's with targets (whose volume task settles alike). */
type Payload = JobCatalogue["link-targets.finish"] & { readonly volumeTaskId?: string };

const INCOMPLETE_LINK: TargetFailure = {
  code: ServiceCode.WORKFLOW_STEP_ERROR,
  description: serviceCodeDescriptions[ServiceCode.WORKFLOW_STEP_ERROR],
  details: "Operation failed due to the following error: the target's link did not complete",
  retryable: false,
};

function isIncompleteLink(failure: TargetFailure): boolean {
  return failure.code === INCOMPLETE_LINK.code && failure.details === INCOMPLETE_LINK.details;
}

/**
 * Settles a link task once every target's job has finished: targets that did not link are
 * rolled back (link undone, device deleted, record inactive), linked ones are kept, and the
 * task ends `ready`, or `error` with the first failure a target met.
 */
export class FinishLinkTargetsStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const targets = await this.unitOfWork.read((scope) => scope.targets.findByLinkTask(payload.taskId));
    for (const target of targets) {
      if (!target.isLinked && !target.toState().inactive) await this.rollBack(target);
    }
    await this.unitOfWork.run(async (scope) => {
      const settled = await scope.targets.findByLinkTask(payload.taskId);
      // The rollback above records INCOMPLETE_LINK on targets that never said why they did not
      // link; that must not hide the error another target actually met.
      const failure = settled.map((t) => t.toState().failure).find((f) => f !== null && !isIncompleteLink(f));
      const allLinked = settled.every((t) => t.isLinked);
      await this.settle(scope, payload, allLinked ? null : (failure ?? INCOMPLETE_LINK));
    });
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => this.settle(scope, payload, stepFailure(error)));
  }

  /** Ends the task(s) (`ready` without a failure), and lets the session's next operation start. */
  private async settle(scope: TransactionScope, payload: Payload, failure: TargetFailure | null): Promise<void> {
    const now = this.clock.now();
    const taskIds = payload.volumeTaskId === undefined ? [payload.taskId] : [payload.taskId, payload.volumeTaskId];
    for (const taskId of taskIds) {
      const task = await scope.tasks.findById(taskId);
      if (!task || task.isFinished) continue;
      if (failure === null) task.complete(now);
      else task.fail(failure, now);
      await scope.tasks.save(task);
    }
    await settleSessionOperation(scope, payload.sessionId, payload.taskId, now);
  }

  private async rollBack(target: LinkedTarget): Promise<void> {
    const { device, storageSystemId, sessionId } = target.toState();
    if (device) {
      const { system, snapshotNativeId } = await this.unitOfWork.read(async (scope) => ({
        system: await scope.catalog.findStorageSystem(storageSystemId),
        snapshotNativeId: (await scope.sessions.findById(sessionId))?.arraySnapshot?.nativeId ?? null,
      }));
      if (!system) throw new InvariantViolation(`target ${target.id} is on unknown system ${storageSystemId}`);
      const driver = this.drivers.forSystemType(system.systemType);
      if (snapshotNativeId) {
        await driver.unlinkTarget(system, { snapshotNativeId, targetNativeId: device.nativeId }, { force: true });
      }
      await driver.deleteVolume(system, device.nativeId);
    }
    await this.unitOfWork.run(async (scope) => {
      const fresh = await scope.targets.findById(target.id);
      if (!fresh || fresh.toState().inactive) return;
      if (!fresh.toState().failure) fresh.recordFailure(INCOMPLETE_LINK);
      fresh.markRolledBack();
      await scope.targets.save(fresh);
    });
  }
}
