import type { DeactivationType } from "../../domain/snapshots/block-snapshot-session.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { capabilitiesOfSystem, requireSessionOperationsTaken } from "./session-array-support.js";
import { admitSessionOperation, pendingTaskOn } from "./session-serialization.js";
import { startGroupCompanionTask, startSessionTask } from "./session-task.js";

/** What the real controller records as a `VIPR_ONLY` deletion's outcome (its spelling). */
export const VIPR_ONLY_DELETED_MESSAGE = "Snapshot session succesfully deleted from ViPR";

/**
 * `POST /block/snapshot-sessions/{id}/deactivate?type=…`: refused while the session has another
 * task pending or still has linked targets (docs/api/snapshot-sessions.md, "Delete a session").
 * `VIPR_ONLY` forgets the session at once: its task is stored `ready`, but answered as the real
 * controller answers it, still `pending`; `FULL` terminates the array snapshot first, in a
 * workflow.
 */
export class DeactivateSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string, type: unknown): Promise<TaskView[]> {
    return this.unitOfWork.run(async (scope) => {
      const session = await requireFoundByPathId(sessionId, (id) => scope.sessions.findById(id));
      await requireWriteRouteAccess(caller, scope.projects, session.source.projectId);
      session.requireActive();
      requireSessionOperationsTaken(await capabilitiesOfSystem(scope, this.drivers, session.source.storageSystemId));
      await requireProjectWrite(caller, scope.projects, session.source.projectId);
      const inactiveNow = session.deactivate(deactivationType(type), {
        pendingTaskOn: await pendingTaskOn(scope, session),
        activeTargets: await scope.targets.findActiveBySession(session.id),
      });

      const now = this.clock.now();
      const task = startSessionTask(session, "deactivate", now);
      // A group session's deletion answers a task on its group too, after the session's.
      const groupName = session.consistencyGroupId
        ? (await scope.consistencyGroups.findById(session.consistencyGroupId))?.name
        : undefined;
      const companion = groupName === undefined ? null : startGroupCompanionTask(session, task, groupName);
      const answered = [task, ...(companion ? [companion] : [])].map(taskView);
      if (inactiveNow) {
        await scope.sessions.save(session);
        task.complete(now, VIPR_ONLY_DELETED_MESSAGE);
        companion?.complete(now, VIPR_ONLY_DELETED_MESSAGE);
      } else {
        const start = { workflow: "deactivate-snapshot-session", taskId: task.id, sessionId: session.id } as const;
        await admitSessionOperation(scope, session.id, task, start, now);
      }
      await scope.tasks.add(task);
      if (companion) await scope.tasks.add(companion);
      return inactiveNow ? answered : [taskView(task), ...answered.slice(1)];
    });
  }
}

/** `?type=`: exactly `VIPR_ONLY` forgets the session only; anything else, or nothing, is `FULL` (never refused). */
function deactivationType(value: unknown): DeactivationType {
  return value === "VIPR_ONLY" ? "VIPR_ONLY" : "FULL";
}
