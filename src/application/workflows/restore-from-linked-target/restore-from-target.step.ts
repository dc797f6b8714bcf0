import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { RestoreFollower } from "../restore-progress.js";
import { settleSessionTask } from "../session-task-settlement.js";
import { stepFailure } from "../step-failure.js";
import type { StepOutcome, WorkflowStep } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["restore-from-linked-target.restore"];

/**
 * Restores the target's source from the target's current image: starts the array's restore,
 * follows it in the task's progress until the array says `restored`, ends it, and settles the
 * task, which frees the target's session for its next operation.
 */
export class RestoreFromTargetStep implements WorkflowStep<Payload> {
  private readonly follower: RestoreFollower;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    options: { readonly pollIntervalMs: number },
  ) {
    this.follower = new RestoreFollower(unitOfWork, clock, options.pollIntervalMs);
  }

  async run(payload: Payload): Promise<StepOutcome> {
    const { system, ref } = await this.unitOfWork.run(async (scope) => {
      const target = await scope.targets.findById(payload.targetId);
      const session = await scope.sessions.findById(payload.sessionId);
      if (!target || !session) throw new InvariantViolation(`restore from unknown target ${payload.targetId}`);
      const system = await scope.catalog.findStorageSystem(session.source.storageSystemId);
      const snapshotNativeId = session.arraySnapshot?.nativeId;
      const targetNativeId = target.device?.nativeId;
      if (!system || !snapshotNativeId || !targetNativeId) {
        throw new InvariantViolation(`target ${target.id} of session ${session.id} has no device or snapshot`);
      }
      return { system, ref: { snapshotNativeId, targetNativeId } };
    });
    const driver = this.drivers.forSystemType(system.systemType);
    return this.follower.run(payload, {
      start: () => driver.restoreFromTarget(system, ref),
      status: () => driver.restoreFromTargetStatus(system, ref),
      finish: () => driver.finishRestoreFromTarget(system, ref),
    });
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, stepFailure(error), this.clock.now()));
  }
}
