import { randomUUID } from "node:crypto";
import { newUrn } from "../../domain/shared/urn.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { readDeactivationType } from "../shared/deactivation-type.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";

export const DELETE_VOLUME_TASK = { name: "DELETE VOLUME", description: "delete operation" } as const;

/**
 * `POST /block/volumes/{id}/deactivate?type=FULL|VIPR_ONLY`: refused while the volume has another
 * task pending, active snapshot sessions or linked targets. `FULL` deletes its device in a
 * workflow; `VIPR_ONLY` forgets the volume at once.
 */
export class DeactivateVolumeHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, volumeId: string, type: unknown): Promise<TaskView> {
    requireUrn(volumeId);
    return this.unitOfWork.run(async (scope) => {
      const found = requireFoundInTenant(caller, volumeId, await scope.volumes.findById(volumeId));
      const { placement } = found.toState();
      await requireProjectWrite(caller, scope.projects, placement.projectId);
      const deactivation = readDeactivationType(type);
      // Under the source lock no session can be created meanwhile; read the volume again under it.
      const usage = await scope.sourceLocks.lockForLinking(volumeId);
      const volume = (await scope.volumes.findById(volumeId)) ?? found;
      volume.checkDeactivation({
        pendingTask: (await scope.tasks.findUnfinishedOn(volumeId)).length > 0,
        activeSessions: usage.activeSessions,
        linkedTargets: usage.linkedOrLinkingTargets,
      });

      const now = this.clock.now();
      const task = Task.start({
        id: newUrn("Task"),
        opId: randomUUID(),
        ...DELETE_VOLUME_TASK,
        resource: { type: "Volume", id: volume.id, name: volume.name },
        tenantId: placement.tenantId,
        now,
      });
      if (deactivation === "VIPR_ONLY") {
        volume.markDeleted();
        await scope.volumes.save(volume);
        task.complete(now);
      } else {
        await scope.outbox.enqueue({ workflow: "deactivate-volume", taskId: task.id, volumeId });
      }
      await scope.tasks.add(task);
      return taskView(task);
    });
  }
}
