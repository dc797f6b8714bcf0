import { InvariantViolation } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { acceptUnlink } from "./unlink-targets.handler.js";

/**
 * `POST /block/snapshots/{id}/deactivate`: for a linked target, an unlink from its session with
 * `delete_target=true` (the task is the session's, as on the real controller).
 */
export class DeactivateLinkedTargetHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, targetId: string): Promise<TaskView[]> {
    requireUrn(targetId, "BlockSnapshot");
    return this.unitOfWork.run(async (scope) => {
      const target = requireFoundInTenant(caller, targetId, await scope.targets.findById(targetId));
      const state = target.toState();
      await requireProjectWrite(caller, scope.projects, state.projectId);
      if (state.inactive) throw ViprErrors.entityInURLIsInactive(targetId);
      const session = await scope.sessions.findById(state.sessionId);
      if (!session) throw new InvariantViolation(`target ${targetId} has no session`);
      const task = await acceptUnlink(scope, session, [{ id: targetId, deleteTarget: true }], this.clock.now());
      return [taskView(task)];
    });
  }
}
