import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["deactivate-volume.delete"];

/** Deletes the volume's device on its array (a device already gone is success), then marks the volume inactive and ends the task together. */
export class DeleteVolumeStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const { volume, system } = await this.unitOfWork.run(async (scope) => {
      const volume = await scope.volumes.findById(payload.volumeId);
      if (!volume) throw new InvariantViolation(`deactivation of unknown volume ${payload.volumeId}`);
      return { volume, system: await scope.catalog.findStorageSystem(volume.toState().placement.storageSystemId) };
    });
    if (!system) throw new InvariantViolation(`volume ${volume.id} is on an unknown storage system`);
    if (volume.device && volume.isActive) {
      await this.drivers.forSystemType(system.systemType).deleteVolume(system, volume.device.nativeId);
    }
    await this.unitOfWork.run(async (scope) => {
      const fresh = await scope.volumes.findById(payload.volumeId);
      if (fresh?.isActive) {
        fresh.markDeleted();
        await scope.volumes.save(fresh);
      }
      const task = await scope.tasks.findById(payload.taskId);
      if (task && !task.isFinished) {
        task.complete(this.clock.now());
        await scope.tasks.save(task);
      }
    });
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const task = await scope.tasks.findById(payload.taskId);
      if (task && !task.isFinished) {
        task.fail(stepFailure(error), this.clock.now());
        await scope.tasks.save(task);
      }
    });
  }
}
