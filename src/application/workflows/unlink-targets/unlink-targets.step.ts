import { ServiceCode } from "../../../domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../../domain/shared/service-error.js";
import type { LinkedTarget, TargetDevice } from "../../../domain/snapshots/linked-target.js";
import { Volume } from "../../../domain/storage/volume.js";
import { ArrayOperationError } from "../../ports/array-operation-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { StorageSystemRecord } from "../../ports/storage-catalog.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import type { UnlinkTarget } from "../../ports/workflow-outbox.js";
import { settleSessionTask } from "../session-task-settlement.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep, waitFor } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["unlink-targets.unlink"];

/**
 * Unlinks a task's targets, each through idempotent parts whose progress its record keeps:
 * wait until a nocopy link is defined (the array refuses to unlink it before), mark it
 * `unlinking`, remove the link, delete the device when asked, and — in one transaction — mark
 * the target unlinked and, when kept, record its device as a new volume (with the id chosen
 * when the request was accepted, so a redelivered job adds no second one). Then settles the
 * task. A target that cannot be unlinked fails the task; targets already unlinked stay so.
 */
export class UnlinkTargetsStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    private readonly options: { readonly pollIntervalMs: number },
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    let waiting = false;
    for (const request of payload.targets) {
      if ((await this.unlinkOne(payload, request)) === "wait") waiting = true;
    }
    if (waiting) return waitFor(this.options.pollIntervalMs);
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, null, this.clock.now()));
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    for (const request of payload.targets) await this.endUnlinking(payload, request).catch(() => undefined);
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, stepFailure(error), this.clock.now()));
  }

  /**
   * A target left `unlinking` when the job gave up (its device's deletion kept failing) must not
   * stay so: once the array confirms it has no link, the target is unlinked, and its device is
   * deleted or, when that still fails, kept as a volume. A target the array still links stays.
   */
  private async endUnlinking(payload: Payload, request: UnlinkTarget): Promise<void> {
    const { target, system, snapshotNativeId } = await this.load(payload, request.targetId);
    const device = target.device;
    if (target.isInactive || !device || target.toState().linkState.state !== "unlinking") return;
    const driver = this.drivers.forSystemType(system.systemType);
    await driver.unlinkTarget(system, { snapshotNativeId, targetNativeId: device.nativeId });
    const deleted = request.deleteTarget
      ? await driver.deleteVolume(system, device.nativeId).then(
          () => true,
          () => false,
        )
      : false;
    await this.recordUnlinked(target.id, { ...request, deleteTarget: deleted }, device);
  }

  private async unlinkOne(payload: Payload, request: UnlinkTarget): Promise<"done" | "wait"> {
    const { target, system, snapshotNativeId } = await this.load(payload, request.targetId);
    if (target.isInactive) return "done";
    const device = target.device;
    if (!target.isLinked || target.sessionId !== payload.sessionId || !device) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "Target {0} is not linked to snapshot session {1}.",
        target.id,
        payload.sessionId,
      );
    }
    const driver = this.drivers.forSystemType(system.systemType);
    const link = { snapshotNativeId, targetNativeId: device.nativeId };
    if (target.toState().linkState.state !== "unlinking") {
      const state = await driver.linkStatus(system, link);
      if (target.copyMode === "nocopy" && !state.defined) return "wait";
      await this.change(target.id, (fresh) => fresh.beginUnlink());
    }
    await driver.unlinkTarget(system, link);
    if (request.deleteTarget) {
      try {
        await driver.deleteVolume(system, device.nativeId);
      } catch (error) {
        if (!isFinalFailure(error)) throw error;
        // The array has no link any more, but the device stays: the target is unlinked and its
        // device kept as a volume (as if unlinked without delete), visible and deletable, and
        // the task fails with the array's error.
        await this.recordUnlinked(target.id, { ...request, deleteTarget: false }, device);
        throw error;
      }
    }
    await this.recordUnlinked(target.id, request, device);
    return "done";
  }

  /** In one transaction: the target unlinked and, when kept, its device as the new volume. */
  private async recordUnlinked(targetId: string, request: UnlinkTarget, device: TargetDevice): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const fresh = await scope.targets.findById(targetId);
      if (!fresh || fresh.isInactive) return;
      fresh.markUnlinked();
      await scope.targets.save(fresh);
      if (request.deleteTarget || (await scope.volumes.findById(request.volumeId))) return;
      const state = fresh.toState();
      const source = await scope.volumes.findById(state.sourceVolumeId);
      if (!source) throw new InvariantViolation(`target ${targetId} has no source volume`);
      await scope.volumes.add(
        Volume.adopt({
          id: request.volumeId,
          name: state.label,
          placement: {
            projectId: state.projectId,
            tenantId: state.tenantId,
            storageSystemId: state.storageSystemId,
            storagePoolId: state.storagePoolId,
            varrayId: state.varrayId,
            vpoolId: source.toState().placement.vpoolId,
          },
          capacityBytes: state.capacityBytes,
          device,
          now: this.clock.now(),
        }),
      );
    });
  }

  private async load(payload: Payload, targetId: string) {
    return this.unitOfWork.run(async (scope) => {
      const target = await scope.targets.findById(targetId);
      const session = await scope.sessions.findById(payload.sessionId);
      if (!target || !session) throw new InvariantViolation(`unlink of unknown target ${targetId} or its session`);
      const system = await scope.catalog.findStorageSystem(target.toState().storageSystemId);
      const snapshotNativeId = session.snapshotOf(target.toState().sourceVolumeId)?.nativeId;
      if (!system || !snapshotNativeId) throw new InvariantViolation(`target ${targetId} refers to unknown storage`);
      return { target, system: system as StorageSystemRecord, snapshotNativeId };
    });
  }

  private async change(targetId: string, change: (target: LinkedTarget) => void): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const target = await scope.targets.findById(targetId);
      if (!target) throw new InvariantViolation(`linked target ${targetId} vanished`);
      change(target);
      await scope.targets.save(target);
    });
  }
}

/** An array error that trying again cannot help (a retryable one is left to the job's retries). */
function isFinalFailure(error: unknown): boolean {
  return error instanceof ArrayOperationError && !error.retryable;
}
