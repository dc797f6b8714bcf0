import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { RestoreState, TargetRestoreRef } from "../../ports/array-driver.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { RestoreFollower, slowest } from "../restore-progress.js";
import { settleSessionTask } from "../session-task-settlement.js";
import { stepFailure } from "../step-failure.js";
import type { StepOutcome, WorkflowStep } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["restore-from-linked-target.restore"];

/**
 * Restores the target's source from the target's current image (a group session's set: each
 * member from its own target): starts the array's restores, follows the slowest in the task's
 * progress until the array says `restored`, ends them, and settles the task, which frees the
 * target's session for its next operation.
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
    const { system, refs } = await this.unitOfWork.run(async (scope) => {
      const session = await scope.sessions.findById(payload.sessionId);
      if (!session) throw new InvariantViolation(`restore from targets of unknown session ${payload.sessionId}`);
      const system = await scope.catalog.findStorageSystem(session.source.storageSystemId);
      if (!system) throw new InvariantViolation(`session ${session.id} has no storage system`);
      const refs: TargetRestoreRef[] = [];
      for (const targetId of payload.targetIds ?? [payload.targetId]) {
        const target = await scope.targets.findById(targetId);
        // Each target restores its own member from that member's snapshot.
        const snapshotNativeId = target && session.snapshotOf(target.toState().sourceVolumeId)?.nativeId;
        const targetNativeId = target?.device?.nativeId;
        if (!snapshotNativeId || !targetNativeId) {
          throw new InvariantViolation(`target ${targetId} of session ${session.id} has no device or snapshot`);
        }
        refs.push({ snapshotNativeId, targetNativeId });
      }
      return { system, refs };
    });
    const driver = this.drivers.forSystemType(system.systemType);
    return this.follower.run(payload, {
      start: async () => {
        const started: RestoreState[] = [];
        for (const ref of refs) started.push(await driver.restoreFromTarget(system, ref));
        return slowest(started);
      },
      status: async () => slowest(await Promise.all(refs.map((ref) => driver.restoreFromTargetStatus(system, ref)))),
      finish: async () => {
        for (const ref of refs) await driver.finishRestoreFromTarget(system, ref);
      },
    });
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, stepFailure(error), this.clock.now()));
  }
}
