import { randomUUID } from "node:crypto";
import { newUrn } from "../../domain/shared/urn.js";
import type { SourceLinkBudget } from "../../domain/snapshots/source-link-budget.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { lockMemberSources, memberBudgets } from "./group-members.js";
import { type LinkTargetsDraft, readLinkTargetsDraft } from "./link-targets-draft.js";
import { capabilitiesOfSystem, requireSessionOperationsTaken } from "./session-array-support.js";
import { admitSessionOperation } from "./session-serialization.js";

export const LINK_TARGETS_TASK = {
  name: "LINK SNAPSHOT SESSION TARGETS",
  description: "links target volumes to a snapshot session",
} as const;

/**
 * `POST /block/snapshot-sessions/{id}/link-targets`: checks the request in the real
 * controller's order (docs/api/snapshot-sessions.md, "Link targets"), reading the body only
 * once the session was found and the caller let through, then commits the task, the prepared
 * targets and the workflow's start together (to the outbox, or `queued` behind another
 * operation of the session).
 */
export class LinkTargetsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string, readDraft: () => LinkTargetsDraft): Promise<TaskView> {
    return this.unitOfWork.run(async (scope) => {
      const session = await requireFoundByPathId(sessionId, (id) => scope.sessions.findById(id));
      const { source } = session;
      await requireWriteRouteAccess(caller, scope.projects, source.projectId);
      const draft = readDraft();
      session.requireActive();
      const request = readLinkTargetsDraft(draft);
      const capabilities = await capabilitiesOfSystem(scope, this.drivers, source.storageSystemId);
      requireSessionOperationsTaken(capabilities);
      await requireProjectWrite(caller, scope.projects, source.projectId);
      // Every member's source of a group session, in one fixed order: the limit holds at each.
      const usage = await lockMemberSources(
        scope,
        session.members.map((member) => member.source.volumeId),
      );

      const now = this.clock.now();
      const task = Task.start({
        id: newUrn("Task"),
        opId: randomUUID(),
        ...LINK_TARGETS_TASK,
        resource: { type: "BlockSnapshotSession", id: session.id, name: session.label },
        tenantId: source.tenantId,
        now,
      });
      const context = { linkTaskId: task.id, now, newTargetId: () => newUrn("BlockSnapshot") };
      const budgets = memberBudgets(usage, capabilities);
      const targets = session.isGroupSession
        ? session.linkMemberTargets(request, { ...context, budgets })
        : session.linkTargets(request, { ...context, budget: budgets.get(source.volumeId) as SourceLinkBudget });

      const start = {
        workflow: "link-targets",
        taskId: task.id,
        sessionId: session.id,
        targetIds: targets.map((target) => target.id),
      } as const;
      await admitSessionOperation(scope, session.id, task, start, now);
      await scope.tasks.add(task);
      await scope.targets.addAll(targets);
      return taskView(task);
    });
  }
}
