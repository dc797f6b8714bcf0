import { newUrn } from "../../domain/shared/urn.js";
import type { BlockSnapshotSession, UnlinkTargetRequest } from "../../domain/snapshots/block-snapshot-session.js";
import type { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { TransactionScope, UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { wholeSets } from "./group-members.js";
import { linkedTargetIdsOf, loadRequestedTargets, requireVisibleTargets } from "./requested-targets.js";
import { capabilitiesOfSystem, requireSessionOperationsTaken } from "./session-array-support.js";
import { admitSessionOperation } from "./session-serialization.js";
import { startSessionTask } from "./session-task.js";
import { readUnlinkTargetsDraft, type UnlinkTargetsDraft } from "./unlink-targets-draft.js";

/**
 * `POST /block/snapshot-sessions/{id}/unlink-targets`: checks the request in the real
 * controller's order (docs/api/snapshot-sessions.md, "Unlink targets") and accepts it as one
 * task on the session, run now or queued behind the session's running operation.
 */
export class UnlinkTargetsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string, readDraft: () => UnlinkTargetsDraft): Promise<TaskView> {
    return this.unitOfWork.run(async (scope) => {
      const session = await requireFoundByPathId(sessionId, (id) => scope.sessions.findById(id));
      await requireWriteRouteAccess(caller, scope.projects, session.source.projectId);
      const draft = readDraft();
      session.requireActive();
      const requests = readUnlinkTargetsDraft(draft);
      requireSessionOperationsTaken(await capabilitiesOfSystem(scope, this.drivers, session.source.storageSystemId));
      await requireProjectWrite(caller, scope.projects, session.source.projectId);
      const named = requests.map((request) => request.id);
      requireVisibleTargets(caller, await loadRequestedTargets(scope, named), named);
      return taskView(await acceptUnlink(scope, session, requests, this.clock.now()));
    });
  }
}

/** The session's checks of an unlink, then its task and workflow (shared with deactivating a target). */
export async function acceptUnlink(
  scope: TransactionScope,
  session: BlockSnapshotSession,
  requests: readonly UnlinkTargetRequest[],
  now: number,
): Promise<Task> {
  const named = session.unlinkTargets(requests, {
    linkedTargetIds: await linkedTargetIdsOf(scope, session.id),
    findTarget: await loadRequestedTargets(
      scope,
      requests.map((request) => request.id),
    ),
  });
  const decisions = await wholeSets(scope, named, () => session.isGroupSession);
  const task = startSessionTask(session, "unlink", now);
  const start = {
    workflow: "unlink-targets",
    taskId: task.id,
    sessionId: session.id,
    targets: decisions.map(({ target, deleteTarget }) => ({
      targetId: target.id,
      deleteTarget,
      volumeId: newUrn("Volume"),
    })),
  } as const;
  await admitSessionOperation(scope, session.id, task, start, now);
  await scope.tasks.add(task);
  return task;
}
