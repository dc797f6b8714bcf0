import { randomUUID } from "node:crypto";
import { InvariantViolation } from "../../domain/shared/service-error.js";
import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { LinkedTarget } from "../../domain/snapshots/linked-target.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { TaskView } from "../ports/read-model.js";
import type { TransactionScope, UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundInTenant, requireProjectWrite } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { pendingTaskOn } from "./session-serialization.js";
import { acceptUnlink } from "./unlink-targets.handler.js";

/** What ViPR calls deleting a block snapshot, in its task's `name` and `description`. */
export const DELETE_SNAPSHOT_TASK = { name: "DELETE VOLUME SNAPSHOT", description: "delete volume snapshot" } as const;

/** The stored message of a `VIPR_ONLY` deletion, as the real controller words it (sic). */
const FORGOTTEN_MESSAGE = "Snapshot succesfully deleted from ViPR";
const ALREADY_DELETED_MESSAGE = "The snapshot has already been deleted";

/**
 * `POST /block/snapshots/{id}/deactivate?type=FULL|VIPR_ONLY` (docs/api/snapshots.md, "Delete a
 * linked target"). `FULL` (anything but exactly `VIPR_ONLY`): a linked target is unlinked from
 * its session and deleted (the task is the session's unlink, as on the real controller); one
 * already deleted answers a `ready` task of its own. `VIPR_ONLY`: the target is forgotten —
 * inactive and out of its session's list — while the array keeps its device and link.
 */
export class DeactivateLinkedTargetHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, targetId: string, type?: unknown): Promise<TaskView[]> {
    return this.unitOfWork.run(async (scope) => {
      const target = requireFoundInTenant(caller, targetId, await scope.targets.findById(targetId));
      await requireProjectWrite(caller, scope.projects, target.toState().projectId);
      if (type === "VIPR_ONLY") return [await this.forget(scope, target)];
      if (target.isInactive) return [await this.alreadyDeleted(scope, target)];
      const session = await scope.sessions.findById(target.sessionId);
      if (!session) throw new InvariantViolation(`target ${targetId} has no session`);
      const task = await acceptUnlink(scope, session, [{ id: targetId, deleteTarget: true }], this.clock.now());
      return [taskView(task)];
    });
  }

  /**
   * Forgets the target. Refused (400/1056) while it or its session has an operation pending, so
   * that no operation of the session works on a target it no longer knows. The answer shows the
   * task as it was created, `pending`, as the real controller's does; the stored task is `ready`.
   */
  private async forget(scope: TransactionScope, seen: LinkedTarget): Promise<TaskView> {
    const session = await scope.sessions.findById(seen.sessionId);
    if (!session) throw new InvariantViolation(`target ${seen.id} has no session`);
    const busy = await pendingTaskOn(scope, session, [seen]);
    if (busy !== null) throw ViprErrors.pendingTask(busy);
    // Read again under the session's lock: an operation may have settled it meanwhile.
    const target = await scope.targets.findById(seen.id);
    if (!target) throw new InvariantViolation(`target ${seen.id} disappeared`);
    const now = this.clock.now();
    const task = this.snapshotTask(target, now);
    const answered = taskView(task);
    if (!target.isInactive) {
      target.forget();
      await scope.targets.save(target);
    }
    task.complete(now, FORGOTTEN_MESSAGE);
    await scope.tasks.add(task);
    return answered;
  }

  private async alreadyDeleted(scope: TransactionScope, target: LinkedTarget): Promise<TaskView> {
    const now = this.clock.now();
    const task = this.snapshotTask(target, now);
    task.complete(now, ALREADY_DELETED_MESSAGE);
    await scope.tasks.add(task);
    return taskView(task);
  }

  private snapshotTask(target: LinkedTarget, now: number): Task {
    return Task.start({
      id: newUrn("Task"),
      opId: randomUUID(),
      ...DELETE_SNAPSHOT_TASK,
      resource: { type: "BlockSnapshot", id: target.id, name: target.label },
      tenantId: target.tenantId,
      now,
    });
  }
}
