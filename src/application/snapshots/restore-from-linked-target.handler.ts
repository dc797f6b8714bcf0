import { ServiceCode } from "../../domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { LinkedTarget } from "../../domain/snapshots/linked-target.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { DriverCapabilities } from "../ports/array-driver.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundInTenant, requireProjectWrite } from "../shared/resource-access.js";
import { acceptRestoreFromTargets, lockRestoreSources } from "./restore-from-target-set.js";
import { capabilitiesOfSystem, requireRestorableFromTarget } from "./session-array-support.js";

/** What ViPR calls this operation, in its task's `name` and `description`. */
export const RESTORE_SNAPSHOT_TASK = {
  name: "RESTORE VOLUME SNAPSHOT",
  description: "restore volume snapshot",
} as const;

const SYNC_DIRECTIONS: readonly string[] = ["SOURCE_TO_TARGET", "TARGET_TO_SOURCE", "NONE"];

/**
 * `POST /block/snapshots/{id}/restore` (docs/api/snapshots.md, "Restore the source from a linked
 * target"): the target's source takes the target's current image. Checks in the real
 * controller's order: the target (404/2000, 403/3000 unless TENANT_ADMIN or OWN/ALL on its
 * project), `syncDirection` (400/1008), no pending task on the source (400/1056; also the target's session and the target
 * here, so that no operation of the session changes the target meanwhile), then the target must
 * be linked (400/1013, worded per family), and the family able to restore from it (405/1007,
 * for a copy-mode target of a family that cannot). One task on the target; the source counts as busy
 * until it ends, and the operation holds the session's place like the session's own operations.
 * A group session's target restores every member from its set, as the real controller restores a
 * group snapshot.
 */
export class RestoreFromLinkedTargetHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  /** `syncDirection` matters to SRDF volumes only, which coprsim has none of; it is checked all the same. */
  async handle(caller: Caller, targetId: string, syncDirection?: string): Promise<TaskView> {
    return this.unitOfWork.run(async (scope) => {
      const seen = requireFoundInTenant(caller, targetId, await scope.targets.findById(targetId));
      await requireProjectWrite(caller, scope.projects, seen.toState().projectId);
      if (syncDirection !== undefined && !SYNC_DIRECTIONS.includes(syncDirection)) {
        throw ServiceError.of(
          ServiceCode.PARAMETER_INVALID,
          "Invalid value {0} for syncDirection provided. Valid values are SOURCE_TO_TARGET, TARGET_TO_SOURCE and NONE.",
          syncDirection,
        );
      }
      const session = await scope.sessions.findById(seen.sessionId);
      if (!session) throw new InvariantViolation(`target ${targetId} has no session`);
      // The sources first, then the session's queue: the order every handler locks them in.
      const { sources, busy } = await lockRestoreSources(scope, session, seen);
      if (busy !== null) throw ViprErrors.pendingTask(busy);
      // Read again under the session's lock: an operation may have settled it meanwhile.
      const target = await scope.targets.findById(targetId);
      if (!target) throw new InvariantViolation(`target ${targetId} disappeared`);
      const capabilities = await capabilitiesOfSystem(scope, this.drivers, session.source.storageSystemId);
      if (!target.isLinked) throw notRestorable(target, capabilities);
      requireRestorableFromTarget(capabilities, target);
      return acceptRestoreFromTargets(scope, {
        session,
        target,
        sources,
        kind: RESTORE_SNAPSHOT_TASK,
        now: this.clock.now(),
      });
    });
  }
}

/**
 * A target whose link has not completed (or is gone). The real controller reads it as a
 * snapshot without its settings instance on some families, and as one not activated on others.
 */
function notRestorable(target: LinkedTarget, capabilities: DriverCapabilities): ServiceError {
  return capabilities.unlinkedTargetRestoreRefusal === "settings-instance"
    ? ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "Settings instance for snapshot {0} is null. If it is VPSnap snapshot, the operation is not supported.",
        target.label,
      )
    : ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "The snapshot {0} has not been activated yet. Please activate before attempting snapshot restore.",
        target.label,
      );
}
