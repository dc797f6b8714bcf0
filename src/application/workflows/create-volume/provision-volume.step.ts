import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["create-volume.provision"];

/**
 * Creates the volume's device on its array (idempotent on the volume's id), puts it in its
 * consistency group's replication group there, and completes the task.
 */
export class ProvisionVolumeStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const { volume, system, pool, arrayGroupName } = await this.unitOfWork.run(async (scope) => {
      const volume = await scope.volumes.findById(payload.volumeId);
      if (!volume) throw new InvariantViolation(`volume ${payload.volumeId} vanished`);
      const { placement } = volume.toState();
      const group = volume.consistencyGroupId
        ? await scope.consistencyGroups.findById(volume.consistencyGroupId)
        : null;
      return {
        volume,
        system: await scope.catalog.findStorageSystem(placement.storageSystemId),
        pool: await scope.catalog.findStoragePool(placement.storagePoolId),
        arrayGroupName: group?.arrayGroupName(placement.storageSystemId) ?? null,
      };
    });
    if (!system || !pool) throw new InvariantViolation(`volume ${payload.volumeId} refers to unknown storage`);
    const driver = this.drivers.forSystemType(system.systemType);
    const device =
      volume.device ??
      (await driver.provisionVolume(system, {
        poolNativeId: pool.nativeId,
        name: volume.name,
        capacityBytes: volume.toState().capacityBytes,
        idempotencyKey: volume.id,
      }));
    // A volume of a consistency group joins the group's replication group on the array, as the
    // real controller's create-volume workflow does, where the array takes group snapshots.
    if (arrayGroupName !== null && driver.capabilities(system).establishesSnapshotsAtOneInstant) {
      await driver.addToReplicationGroup(system, arrayGroupName, [device.nativeId]);
    }

    await this.unitOfWork.run(async (scope) => {
      const fresh = await scope.volumes.findById(payload.volumeId);
      const task = await scope.tasks.findById(payload.taskId);
      if (!fresh || !task) throw new InvariantViolation(`volume ${payload.volumeId} or its task vanished`);
      if (!fresh.device) {
        fresh.recordProvisioned(device);
        await scope.volumes.save(fresh);
      }
      if (!task.isFinished) {
        task.complete(this.clock.now());
        await scope.tasks.save(task);
      }
    });
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const volume = await scope.volumes.findById(payload.volumeId);
      const task = await scope.tasks.findById(payload.taskId);
      if (volume && !volume.device && volume.isActive) {
        volume.abandon();
        await scope.volumes.save(volume);
      }
      if (task && !task.isFinished) {
        task.fail(stepFailure(error), this.clock.now());
        await scope.tasks.save(task);
      }
    });
  }
}
