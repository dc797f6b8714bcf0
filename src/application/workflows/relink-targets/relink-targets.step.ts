import { ServiceCode } from "../../../domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../../domain/shared/service-error.js";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import type { LinkState } from "../../../domain/snapshots/link-state.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { isLinkComplete } from "../link-targets/link-completion.js";
import { settleSessionTask } from "../session-task-settlement.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep, waitFor } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["relink-targets.relink"];

/** Copying (copy mode) or defining again: a relink the array has done but not completed. */
const IN_PROGRESS: ReadonlySet<LinkState["state"]> = new Set(["linking", "copying"]);

/**
 * Relinks a task's targets to the session's snapshot: the array moves each link (keeping its
 * copy mode), the target moves to the session's `linked_targets` at once, and the step waits
 * until every link is complete again (copied, for copy mode), then settles the task. A target
 * recorded on this session with its link in progress is only looked at again, so a redelivered
 * job does not start a relink over.
 */
export class RelinkTargetsStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    private readonly options: { readonly pollIntervalMs: number },
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    let waiting = false;
    for (const targetId of payload.targetIds) {
      if (!(await this.relinkOne(payload, targetId))) waiting = true;
    }
    if (waiting) return waitFor(this.options.pollIntervalMs);
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, null, this.clock.now()));
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, stepFailure(error), this.clock.now()));
  }

  /** Whether the target's link to the session is complete. */
  private async relinkOne(payload: Payload, targetId: string): Promise<boolean> {
    const loaded = await this.unitOfWork.run(async (scope) => {
      const target = await scope.targets.findById(targetId);
      const destination = await scope.sessions.findById(payload.sessionId);
      if (!target || !destination) throw new InvariantViolation(`relink of unknown target ${targetId} or session`);
      const current = await scope.sessions.findById(target.sessionId);
      const system = await scope.catalog.findStorageSystem(target.toState().storageSystemId);
      if (!system) throw new InvariantViolation(`target ${targetId} is on an unknown storage system`);
      return { target, destination, current, system };
    });
    const { target, destination, current, system } = loaded;
    if (destination.isInactive) throw ViprErrors.entityInURLIsInactive(destination.id);
    const device = target.device;
    if (!target.isLinked || !device) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "The requested target {0} cannot be re-linked as it is not currently linked to an active snapshot session.",
        targetId,
      );
    }
    // A group session's target moves between its own member's snapshots.
    const { sourceVolumeId } = target.toState();
    const toSnapshotNativeId = destination.snapshotOf(sourceVolumeId)?.nativeId;
    const fromSnapshotNativeId = current?.snapshotOf(sourceVolumeId)?.nativeId;
    if (!toSnapshotNativeId || !fromSnapshotNativeId) {
      throw new InvariantViolation(`relink of target ${targetId} between sessions without snapshots`);
    }
    const driver = this.drivers.forSystemType(system.systemType);
    const state = target.toState();
    const relinked = state.sessionId === destination.id && IN_PROGRESS.has(state.linkState.state);
    const link = relinked
      ? await driver.linkStatus(system, { snapshotNativeId: toSnapshotNativeId, targetNativeId: device.nativeId })
      : await driver.relinkTarget(system, {
          fromSnapshotNativeId,
          toSnapshotNativeId,
          targetNativeId: device.nativeId,
        });
    await this.unitOfWork.run(async (scope) => {
      const fresh = await scope.targets.findById(targetId);
      if (!fresh) throw new InvariantViolation(`linked target ${targetId} vanished`);
      fresh.relinkTo(destination.id, link);
      await scope.targets.save(fresh);
    });
    return isLinkComplete(state.copyMode, link);
  }
}
