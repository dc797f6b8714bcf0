import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { LinkedTarget } from "../../../domain/snapshots/linked-target.js";
import { ArrayOperationError } from "../../ports/array-operation-error.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { StorageSystemRecord } from "../../ports/storage-catalog.js";
import type { ReadScope, UnitOfWork } from "../../ports/unit-of-work.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep, waitFor } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";
import { isLinkComplete } from "./link-completion.js";
import { raiseLinkTaskProgress } from "./task-progress.js";

type Payload = JobCatalogue["link-targets.link-target"];

export interface LinkTargetStepOptions {
  /** How long to wait before looking at a copy in progress, or a session not yet established, again. */
  readonly pollIntervalMs: number;
}

/**
 * One target of a link task, through its declared steps: provision a thin target like the
 * source, link it in the requested mode, wait until the link is complete (copied, for copy
 * mode), mark it linked. Each step is idempotent, and the target's record says which steps
 * are done, so a redelivered or restarted job resumes where the last one stopped.
 */
export class LinkTargetStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly options: LinkTargetStepOptions,
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const loaded = await this.unitOfWork.read((scope) => loadContext(scope, payload));
    if (loaded.target.isSettled) return DONE;
    const { target, system, sourceNativeId, snapshotNativeId } = loaded;
    if (snapshotNativeId === null || sourceNativeId === null) return waitFor(this.options.pollIntervalMs);
    const driver = this.drivers.forSystemType(system.systemType);
    const state = target.toState();

    const device =
      state.device ??
      (await this.recordProvisioned(
        target,
        await driver.provisionTarget(system, {
          poolNativeId: loaded.poolNativeId,
          name: state.label,
          capacityBytes: state.capacityBytes,
          idempotencyKey: state.id,
          sourceNativeId,
        }),
      ));

    const linkRef = { snapshotNativeId, targetNativeId: device.nativeId };
    const link = state.linkState.nativeState
      ? await driver.linkStatus(system, linkRef)
      : await driver.linkTarget(system, { ...linkRef, copyMode: state.copyMode });

    if (!isLinkComplete(state.copyMode, link)) {
      await this.updateTarget(payload, (t) => t.recordLinkProgress(link));
      return waitFor(this.options.pollIntervalMs);
    }
    await this.updateTarget(payload, (t) => t.markLinked(link));
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const target = await scope.targets.findById(payload.targetId);
      if (!target || target.isSettled) return;
      target.recordFailure(stepFailure(error));
      await scope.targets.save(target);
    });
  }

  /**
   * Records the device on the target as this run loaded it, without loading it again: if it
   * changed since, the save is a version conflict and the job runs again from the record.
   */
  private async recordProvisioned(target: LinkedTarget, device: NonNullable<LinkedTarget["device"]>) {
    target.recordProvisioned(device);
    await this.unitOfWork.run((scope) => scope.targets.save(target));
    return device;
  }

  /** Changes the target and raises its task's progress, in one transaction. */
  private async updateTarget(payload: Payload, change: (target: LinkedTarget) => void): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const target = await scope.targets.findById(payload.targetId);
      if (!target) throw new InvariantViolation(`linked target ${payload.targetId} vanished`);
      change(target);
      await scope.targets.save(target);
      await raiseLinkTaskProgress(scope, payload.taskId);
    });
  }
}

interface LinkContext {
  readonly target: LinkedTarget;
  readonly system: StorageSystemRecord;
  readonly poolNativeId: string;
  readonly sourceNativeId: string | null;
  readonly snapshotNativeId: string | null;
}

async function loadContext(scope: ReadScope, payload: Payload): Promise<LinkContext> {
  const target = await scope.targets.findById(payload.targetId);
  const session = await scope.sessions.findById(payload.sessionId);
  if (!target || !session) throw new InvariantViolation(`link job for unknown target or session: ${payload.targetId}`);
  const state = target.toState();
  const system = await scope.catalog.findStorageSystem(state.storageSystemId);
  const pool = await scope.catalog.findStoragePool(state.storagePoolId);
  const source = await scope.volumes.findById(state.sourceVolumeId);
  if (!system || !pool || !source) throw new InvariantViolation(`target ${state.id} refers to unknown storage`);
  if (session.toState().inactive && !session.arraySnapshot) {
    throw new ArrayOperationError(`The snapshot session ${session.label} was never established on the array`, false);
  }
  return {
    target,
    system,
    poolNativeId: pool.nativeId,
    sourceNativeId: source.device?.nativeId ?? null,
    snapshotNativeId: session.arraySnapshot?.nativeId ?? null,
  };
}
