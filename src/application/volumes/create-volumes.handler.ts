import { randomUUID } from "node:crypto";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isUrnOfType, newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { parseCapacity } from "../../domain/storage/capacity.js";
import { Volume } from "../../domain/storage/volume.js";
import { Task } from "../../domain/tasks/task.js";
import { canWriteProject } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { integerField, isBlank, requiredText } from "../shared/request-fields.js";
import { unknownInBody } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { consistencyGroupForNewVolumes, placeablePools } from "./consistency-group-placement.js";

/** `volume_create` as the client sent it. */
export interface CreateVolumesDraft {
  readonly name?: unknown;
  readonly size?: unknown;
  readonly count?: unknown;
  readonly varray?: unknown;
  readonly vpool?: unknown;
  readonly project?: unknown;
  readonly consistencyGroup?: unknown;
}

export const CREATE_VOLUME_TASK = { name: "CREATE VOLUME", description: "create volume operation" } as const;

/**
 * `POST /block/volumes`: one volume and one task per `count`, provisioned by a workflow each.
 * The volumes are named `name`, or `name-1`…`name-n`; a name an active volume of the project
 * already has, whatever the case, refuses the request (docs/api/volumes.md, "Create volumes").
 * With `consistency_group`, the volumes are made in the group, on its storage system; the first
 * volumes bind the group to theirs.
 */
export class CreateVolumesHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, draft: CreateVolumesDraft): Promise<TaskView[]> {
    const name = requiredText("name", draft.name);
    const sizeText = requiredText("size", typeof draft.size === "number" ? String(draft.size) : draft.size);
    const varrayId = requiredText("varray", draft.varray);
    const vpoolId = requiredText("vpool", draft.vpool);
    const projectId = requiredText("project", draft.project);
    const count = isBlank(draft.count) ? 1 : integerField("count", draft.count);
    for (const [id, type] of [
      [projectId, "Project"],
      [varrayId, "VirtualArray"],
      [vpoolId, "VirtualPool"],
    ] as const) {
      if (!isUrnOfType(id, type)) throw ViprErrors.invalidUri(id);
    }
    const capacityBytes = parseCapacity(sizeText);
    if (capacityBytes === undefined) throw ViprErrors.invalidParameter("size", sizeText);
    if (count < 1) throw ViprErrors.parameterBelowMinimum("count", count, 1);
    const groupId = isBlank(draft.consistencyGroup) ? null : String(draft.consistencyGroup);

    return this.unitOfWork.run(async (scope) => {
      const project = await scope.projects.findLocked(projectId, "share");
      if (!project || project.toState().inactive) throw unknownInBody(projectId);
      if (!canWriteProject(caller, project.toState())) throw ViprErrors.insufficientPermissions(caller.userName);
      const varray = await scope.catalog.findVirtualArray(varrayId);
      if (!varray) throw unknownInBody(varrayId);
      const vpool = await scope.catalog.findVirtualPool(vpoolId);
      if (!vpool) throw unknownInBody(vpoolId);
      if (!vpool.varrayIds.includes(varrayId)) {
        throw ServiceError.of(
          ServiceCode.PARAMETER_INVALID,
          "Virtual pool {0} is not associated with virtual array {1}",
          vpool.name,
          varray.name,
        );
      }
      const group =
        groupId === null ? null : await consistencyGroupForNewVolumes(scope, groupId, { projectId, vpool, varrayId });
      const pools = await scope.catalog.findPoolsFor(vpool.systemType, varrayId);
      const [pool] = await placeablePools(scope, this.drivers, pools, vpool, group);
      if (!pool) {
        throw ServiceError.of(
          ServiceCode.PARAMETER_INVALID,
          "No storage pool of virtual pool {0} can hold the volume in virtual array {1}",
          vpool.name,
          varray.name,
        );
      }

      const names = Array.from({ length: count }, (_, i) => (count > 1 ? `${name}-${i + 1}` : name));
      const [taken] = await scope.volumes.claimNames(projectId, names);
      if (taken !== undefined) throw ViprErrors.duplicateLabel(taken);

      const now = this.clock.now();
      const tenantId = project.toState().tenantId;
      const tasks: TaskView[] = [];
      for (const volumeName of names) {
        const volume = Volume.create({
          id: newUrn("Volume"),
          name: volumeName,
          placement: {
            projectId,
            tenantId,
            storageSystemId: pool.storageSystemId,
            storagePoolId: pool.id,
            varrayId,
            vpoolId,
          },
          capacityBytes,
          consistencyGroupId: group?.id ?? null,
          now,
        });
        const task = Task.start({
          id: newUrn("Task"),
          opId: randomUUID(),
          ...CREATE_VOLUME_TASK,
          resource: { type: "Volume", id: volume.id, name: volume.name },
          tenantId,
          now,
        });
        await scope.volumes.add(volume);
        await scope.tasks.add(task);
        await scope.outbox.enqueue({ workflow: "create-volume", taskId: task.id, volumeId: volume.id });
        tasks.push(taskView(task));
      }
      if (group) {
        group.recordRequestedTypes(["LOCAL"]);
        // Bound, under its own name, to the system of its first volumes; each volume's provision
        // step puts its device in the array's replication group of that name.
        if (group.storageSystemId === null) group.recordArrayGroup(pool.storageSystemId, group.name);
        await scope.consistencyGroups.save(group);
      }
      return tasks;
    });
  }
}
