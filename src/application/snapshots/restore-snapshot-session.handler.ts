import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { admitSessionOperation, pendingTaskOn } from "./session-serialization.js";
import { startSessionTask } from "./session-task.js";

/**
 * `POST /block/snapshot-sessions/{id}/restore`: copies the session's image back onto its source.
 * Refused while the session or the source has another task pending; never queued. Its task
 * names the source among its associated resources, so that the source counts as busy meanwhile.
 */
export class RestoreSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string): Promise<TaskView> {
    requireUrn(sessionId, "BlockSnapshotSession");
    return this.unitOfWork.run(async (scope) => {
      const session = requireFoundInTenant(caller, sessionId, await scope.sessions.findById(sessionId));
      const { source } = session;
      await requireProjectWrite(caller, scope.projects, source.projectId);
      // The source first, then the session's queue: the order every handler locks them in.
      const { sourceVolumeName } = await scope.sourceLocks.lockForLinking(source.volumeId);
      const sourceRef = { type: "Volume", id: source.volumeId, name: sourceVolumeName };
      session.restore({
        pendingTaskOn: await pendingTaskOn(scope, session, [{ id: source.volumeId, label: sourceVolumeName }]),
        activeTargets: await scope.targets.findActiveBySession(session.id),
      });

      const now = this.clock.now();
      const task = startSessionTask(session, "restore", now, [sourceRef]);
      const start = { workflow: "restore-snapshot-session", taskId: task.id, sessionId: session.id } as const;
      await admitSessionOperation(scope, session.id, task, start, now);
      await scope.tasks.add(task);
      return taskView(task);
    });
  }
}
