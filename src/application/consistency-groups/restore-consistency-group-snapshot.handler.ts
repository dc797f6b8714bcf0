import { ServiceCode } from "../../domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { snapshotNotOfGroup } from "../queries/consistency-group-protection-queries.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { acceptRestoreFromTargets, lockRestoreSources } from "../snapshots/restore-from-target-set.js";
import { capabilitiesOfSystem, requireRestorableFromTarget } from "../snapshots/session-array-support.js";

/** What ViPR calls this operation, in its task's `name` and `description`. */
export const RESTORE_CONSISTENCY_GROUP_SNAPSHOT_TASK = {
  name: "RESTORE CONSISTENCY GROUP SNAPSHOT",
  description: "restore a consistency group snapshot",
} as const;

/**
 * `POST /block/consistency-groups/{id}/protection/snapshots/{sid}/restore` (docs/api/snapshot-sessions.md,
 * "Restore a group from a target set"): every member of the group takes the image of its own
 * target in the set `sid` belongs to. Checks in the real controller's order: the group
 * (400/1002, 404/2000, 403/3000 unless TENANT_ADMIN or OWN/ALL on its project), the target
 * (400/1002, 404/2000), the target of one of the group's sessions (400/1013), the group on an
 * array (400/1008), the target linked (400/1013: not activated, whatever the family, as the
 * group's path asks no family), the family able to restore from a copy-mode target (405/1007);
 * then coprsim's own: no task pending on the session, a member or the target (400/1056).
 * One task, on the target.
 */
export class RestoreConsistencyGroupSnapshotHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, groupId: string, targetId: string): Promise<TaskView> {
    requireUrn(groupId);
    return this.unitOfWork.run(async (scope) => {
      const group = requireFoundInTenant(caller, groupId, await scope.consistencyGroups.findById(groupId));
      await requireProjectWrite(caller, scope.projects, group.projectId);
      requireUrn(targetId);
      const seen = await scope.targets.findById(targetId);
      if (!seen) throw ViprErrors.unableToFindEntityInURL(targetId);
      const session = await scope.sessions.findById(seen.sessionId);
      if (!session) throw new InvariantViolation(`target ${targetId} has no session`);
      if (session.consistencyGroupId !== group.id) throw snapshotNotOfGroup(seen.label, group.name);
      if (group.storageSystemId === null) throw noArrayGroup();

      const { sources, busy } = await lockRestoreSources(scope, session, seen);
      // Read again under the session's lock: an operation may have settled it meanwhile.
      const target = await scope.targets.findById(targetId);
      if (!target) throw new InvariantViolation(`target ${targetId} disappeared`);
      if (!target.isLinked) throw notActivated(target.label);
      requireRestorableFromTarget(
        await capabilitiesOfSystem(scope, this.drivers, session.source.storageSystemId),
        target,
      );
      if (busy !== null) throw ViprErrors.pendingTask(busy);
      return acceptRestoreFromTargets(scope, {
        session,
        target,
        sources,
        kind: RESTORE_CONSISTENCY_GROUP_SNAPSHOT_TASK,
        now: this.clock.now(),
      });
    });
  }
}

/** `cannotCreateSnapshotOfCG`: the group is on no array (a deleted group is unbound from its). */
function noArrayGroup(): ServiceError {
  return ServiceError.of(
    ServiceCode.PARAMETER_INVALID,
    "The consistency group cannot be snapped because it does not have a corresponding consistency group(s) on the back-end storage array(s) to support application consistent snapshots.",
  );
}

/** `snapshotNotActivated`: a target whose link has not completed, or is gone. */
function notActivated(label: string): ServiceError {
  return ServiceError.of(
    ServiceCode.BAD_REQUEST_BODY,
    "The snapshot {0} has not been activated yet. Please activate before attempting snapshot restore.",
    label,
  );
}
