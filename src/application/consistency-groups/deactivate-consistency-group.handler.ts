import { randomUUID } from "node:crypto";
import { newUrn } from "../../domain/shared/urn.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";

export const DELETE_CONSISTENCY_GROUP_TASK = {
  name: "DELETE CONSISTENCY GROUP",
  description: "delete a consistency group",
} as const;

/**
 * `POST /block/consistency-groups/{id}/deactivate?type=FULL|VIPR_ONLY`: refused while an active
 * volume is in the group (400/1020). coprsim keeps no group on the arrays yet, so the group is
 * deleted at once, whatever the type, and its task is `ready` in the answer: as the real
 * controller does for a group not created on an array, or with `VIPR_ONLY`. A deleted group may
 * be deleted again (another `ready` task).
 */
export class DeactivateConsistencyGroupHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, groupId: string): Promise<TaskView> {
    requireUrn(groupId);
    return this.unitOfWork.run(async (scope) => {
      const found = requireFoundInTenant(caller, groupId, await scope.consistencyGroups.findById(groupId));
      await requireProjectWrite(caller, scope.projects, found.projectId);
      // Locked, so that no volume is made in the group between the count and the deletion.
      const group = (await scope.consistencyGroups.findLocked(groupId, "update")) ?? found;
      group.checkDeactivation(await scope.consistencyGroups.countActiveVolumes(groupId));

      const now = this.clock.now();
      const task = Task.start({
        id: newUrn("Task"),
        opId: randomUUID(),
        ...DELETE_CONSISTENCY_GROUP_TASK,
        resource: { type: "BlockConsistencyGroup", id: group.id, name: group.name },
        tenantId: group.tenantId,
        now,
      });
      if (group.isActive) {
        group.markDeleted();
        await scope.consistencyGroups.save(group);
      }
      task.complete(now);
      await scope.tasks.add(task);
      return taskView(task);
    });
  }
}
