import type { DeactivationType } from "../../domain/snapshots/block-snapshot-session.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { readDeactivationType } from "../shared/deactivation-type.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { admitSessionOperation, pendingTaskOn } from "./session-serialization.js";
import { startSessionTask } from "./session-task.js";

/**
 * `POST /block/snapshot-sessions/{id}/deactivate?type=FULL|VIPR_ONLY`: refused while the session
 * has another task pending or still has linked targets. `VIPR_ONLY` forgets the session at once
 * (its task is `ready` in the answer); `FULL` terminates the array snapshot first, in a workflow.
 */
export class DeactivateSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string, type: unknown): Promise<TaskView[]> {
    requireUrn(sessionId, "BlockSnapshotSession");
    return this.unitOfWork.run(async (scope) => {
      const session = requireFoundInTenant(caller, sessionId, await scope.sessions.findById(sessionId));
      await requireProjectWrite(caller, scope.projects, session.source.projectId);
      const deactivation: DeactivationType = readDeactivationType(type);
      const inactiveNow = session.deactivate(deactivation, {
        pendingTaskOn: await pendingTaskOn(scope, session),
        activeTargets: await scope.targets.findActiveBySession(session.id),
      });

      const now = this.clock.now();
      const task = startSessionTask(session, "deactivate", now);
      if (inactiveNow) {
        await scope.sessions.save(session);
        task.complete(now);
      } else {
        const start = { workflow: "deactivate-snapshot-session", taskId: task.id, sessionId: session.id } as const;
        await admitSessionOperation(scope, session.id, task, start, now);
      }
      await scope.tasks.add(task);
      return [taskView(task)];
    });
  }
}
