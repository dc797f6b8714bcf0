import type { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { type RelinkTargetsDraft, readRelinkTargetsDraft } from "./relink-targets-draft.js";
import { loadRequestedTargets, requireVisibleTargets } from "./requested-targets.js";
import { admitSessionOperation } from "./session-serialization.js";
import { startSessionTask } from "./session-task.js";

/**
 * `POST /block/snapshot-sessions/{id}/relink-targets`: moves linked targets of sessions of the
 * same source to this session (or refreshes them, when already linked to it). One task on the
 * session, in a task list; serialized with the session's other operations.
 */
export class RelinkTargetsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string, draft: RelinkTargetsDraft): Promise<TaskView[]> {
    requireUrn(sessionId, "BlockSnapshotSession");
    return this.unitOfWork.run(async (scope) => {
      const session = requireFoundInTenant(caller, sessionId, await scope.sessions.findById(sessionId));
      await requireProjectWrite(caller, scope.projects, session.source.projectId);
      const ids = readRelinkTargetsDraft(draft);
      const findTarget = await loadRequestedTargets(scope, ids);
      requireVisibleTargets(caller, findTarget, ids);
      const sessions = new Map<string, BlockSnapshotSession | null>([[session.id, session]]);
      for (const id of ids) {
        const target = findTarget(id);
        if (target && !sessions.has(target.sessionId)) {
          sessions.set(target.sessionId, await scope.sessions.findById(target.sessionId));
        }
      }
      const targets = session.relinkTargets(ids, { findTarget, findSession: (id) => sessions.get(id) ?? null });

      const now = this.clock.now();
      const task = startSessionTask(session, "relink", now);
      const start = {
        workflow: "relink-targets",
        taskId: task.id,
        sessionId: session.id,
        targetIds: targets.map((target) => target.id),
      } as const;
      await admitSessionOperation(scope, session.id, task, start, now);
      await scope.tasks.add(task);
      return [taskView(task)];
    });
  }
}
