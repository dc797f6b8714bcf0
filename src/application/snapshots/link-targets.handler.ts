import { randomUUID } from "node:crypto";
import { InvariantViolation } from "../../domain/shared/service-error.js";
import { newUrn } from "../../domain/shared/urn.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { type LinkTargetsDraft, readLinkTargetsDraft } from "./link-targets-draft.js";
import { admitSessionOperation } from "./session-serialization.js";

export const LINK_TARGETS_TASK = {
  name: "LINK SNAPSHOT SESSION TARGETS",
  description: "links target volumes to a snapshot session",
} as const;

/**
 * `POST /block/snapshot-sessions/{id}/link-targets`: checks the request in the contract's
 * order, then commits the task, the prepared targets and the workflow's start together (to the
 * outbox, or `queued` behind another operation of the session).
 */
export class LinkTargetsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, sessionId: string, draft: LinkTargetsDraft): Promise<TaskView> {
    requireUrn(sessionId, "BlockSnapshotSession");
    return this.unitOfWork.run(async (scope) => {
      const session = requireFoundInTenant(caller, sessionId, await scope.sessions.findById(sessionId));
      const { source } = session;
      await requireProjectWrite(caller, scope.projects, source.projectId);
      const request = readLinkTargetsDraft(draft);

      const system = await scope.catalog.findStorageSystem(source.storageSystemId);
      if (!system) throw new InvariantViolation(`session ${sessionId} is on unknown system ${source.storageSystemId}`);
      const capabilities = this.drivers.forSystemType(system.systemType).capabilities(system);
      const usage = await scope.sourceLocks.lockForLinking(source.volumeId);

      const now = this.clock.now();
      const task = Task.start({
        id: newUrn("Task"),
        opId: randomUUID(),
        ...LINK_TARGETS_TASK,
        resource: { type: "BlockSnapshotSession", id: session.id, name: session.label },
        tenantId: source.tenantId,
        now,
      });
      const targets = session.linkTargets(request, {
        budget: {
          sourceVolumeName: usage.sourceVolumeName,
          maxLinkedTargets: capabilities.maxLinkedTargetsPerSource,
          linkedOrLinkingTargets: usage.linkedOrLinkingTargets,
          labelsInUse: usage.labelsInUse,
          family: capabilities.family,
          supportsCopyMode: capabilities.supportsCopyMode,
        },
        linkTaskId: task.id,
        now,
        newTargetId: () => newUrn("BlockSnapshot"),
      });

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
