import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { LinkedTarget } from "../../../domain/snapshots/linked-target.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";
import { INCOMPLETE_LINK, linkTaskFailure, settleLinkTasks } from "./link-settlement.js";

/** A link task's, or a session creation's with targets (whose volume task settles alike). */
type Payload = JobCatalogue["link-targets.finish"] & { readonly volumeTaskId?: string };

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
      await settleLinkTasks(scope, payload, linkTaskFailure(settled), this.clock.now());
    });
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => settleLinkTasks(scope, payload, stepFailure(error), this.clock.now()));
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
