import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { capabilitiesOfSystem, requireSessionOperationsTaken } from "./session-array-support.js";
import { admitSessionOperation } from "./session-serialization.js";
import { startSessionTask } from "./session-task.js";

/**
 * `POST /block/snapshot-sessions/{id}/restore`: copies the session's image back onto its source.
 * Refused while the source volume has a task pending, as on the real controller; the session's
 * own operations do not refuse it: it waits `queued` behind them (docs/api/snapshot-sessions.md,
 * "Restore").
 */
export class RestoreSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string): Promise<TaskView> {
    return this.unitOfWork.run(async (scope) => {
      const session = await requireFoundByPathId(sessionId, (id) => scope.sessions.findById(id));
      const { source } = session;
      await requireWriteRouteAccess(caller, scope.projects, source.projectId);
      session.requireActive();
      requireSessionOperationsTaken(await capabilitiesOfSystem(scope, this.drivers, source.storageSystemId));
      await requireProjectWrite(caller, scope.projects, source.projectId);
      // The source first, then the session's queue: the order every handler locks them in.
      const { sourceVolumeName } = await scope.sourceLocks.lockForLinking(source.volumeId);
      const sourceBusy = (await scope.tasks.findUnfinishedOn(source.volumeId)).length > 0;
      session.restore({ pendingTaskOnSource: sourceBusy ? sourceVolumeName : null });

      const now = this.clock.now();
      const task = startSessionTask(session, "restore", now);
      const start = { workflow: "restore-snapshot-session", taskId: task.id, sessionId: session.id } as const;
      await admitSessionOperation(scope, session.id, task, start, now);
      await scope.tasks.add(task);
      return taskView(task);
    });
  }
}
