import type { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { wholeSets } from "./group-members.js";
import { type RelinkTargetsDraft, readRelinkTargetsDraft } from "./relink-targets-draft.js";
import { loadRequestedTargets, requireVisibleTargets } from "./requested-targets.js";
import {
  capabilitiesOfSystem,
  requireCopyTargetsRelinkable,
  requireSessionOperationsTaken,
} from "./session-array-support.js";
import { admitSessionOperation } from "./session-serialization.js";
import { startSessionTask } from "./session-task.js";

/**
 * `POST /block/snapshot-sessions/{id}/relink-targets`: moves linked targets of sessions of the
 * same source to this session (or refreshes them, when already linked to it). Checked in the
 * real controller's order (docs/api/snapshot-sessions.md, "Relink targets"); one task on the
 * session, in a task list; serialized with the session's other operations.
 */
export class RelinkTargetsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string, readDraft: () => RelinkTargetsDraft): Promise<TaskView[]> {
    return this.unitOfWork.run(async (scope) => {
      const session = await requireFoundByPathId(sessionId, (id) => scope.sessions.findById(id));
      await requireWriteRouteAccess(caller, scope.projects, session.source.projectId);
      const draft = readDraft();
      session.requireActive();
      const capabilities = await capabilitiesOfSystem(scope, this.drivers, session.source.storageSystemId);
      requireSessionOperationsTaken(capabilities);
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
      const named = session.relinkTargets(ids, { findTarget, findSession: (id) => sessions.get(id) ?? null });
      const isGroupSession = (id: string) => sessions.get(id)?.isGroupSession ?? false;
      const targets = (
        await wholeSets(
          scope,
          named.map((target) => ({ target })),
          isGroupSession,
        )
      ).map(({ target }) => target);
      requireCopyTargetsRelinkable(capabilities, targets);

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
