import { randomUUID } from "node:crypto";
import type { BlockConsistencyGroup } from "../../domain/consistency-groups/block-consistency-group.js";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../domain/shared/service-error.js";
import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import { membersInNamingOrder } from "../../domain/snapshots/group-target-names.js";
import {
  checkArraySnapshotName,
  comparableLabels,
  MAX_SESSION_NAME_LENGTH,
} from "../../domain/snapshots/snapshot-label.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { TransactionScope, UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { lockMemberSources, memberBudgets, sessionSourceOf } from "./group-members.js";
import {
  capabilitiesOfSystem,
  requireSessionOperationsTaken,
  requireSnapshotsAtOneInstant,
} from "./session-array-support.js";
import {
  type CreateSnapshotSessionDraft,
  checkRoomForSnapshot,
  readNewLinkedTargets,
  readSessionName,
} from "./session-create-request.js";

export const CREATE_GROUP_SESSION_TASK = {
  name: "CREATE CONSISTENCY GROUP SNAPSHOT SESSION",
  description: "create a consistency group snapshot session",
} as const;

/**
 * `POST /block/consistency-groups/{id}/protection/snapshot-sessions`: one session of every
 * volume of the group (docs/api/snapshot-sessions.md, "Group sessions"). The
 * checks of a volume's session creation are made at every member's source, each locked, in the
 * order of their ids; the answer is the session's task, then the group's, one op id. A group
 * without volumes answers no task, as the real controller does.
 */
export class CreateGroupSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, groupId: string, readDraft: () => CreateSnapshotSessionDraft): Promise<TaskView[]> {
    return this.unitOfWork.run(async (scope) => {
      const group = await requireFoundByPathId(groupId, (id) => scope.consistencyGroups.findById(id));
      await requireWriteRouteAccess(caller, scope.projects, group.projectId);
      const draft = readDraft();
      if (!group.isActive) throw ViprErrors.entityInURLIsInactive(groupId);
      return this.createForGroup(scope, caller, group, draft);
    });
  }

  /**
   * The session of an active group, once the path's resource was checked and the body read:
   * from the group's volumes on. A session asked of a member volume is made here too, as the
   * real controller makes it (docs/api/snapshot-sessions.md, "A member volume's session").
   */
  async createForGroup(
    scope: TransactionScope,
    caller: Caller,
    group: BlockConsistencyGroup,
    draft: CreateSnapshotSessionDraft,
  ): Promise<TaskView[]> {
    const volumes = await scope.volumes.findActiveInConsistencyGroup(group.id);
    const [first] = volumes;
    if (!first) return [];
    if (!group.toState().arrayConsistency) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "Replication group instance is invalid for volume {0}",
        first.name,
      );
    }
    const now = this.clock.now();
    const name = readSessionName(draft, now);
    const linkRequest = readNewLinkedTargets(draft, now);
    const { placement } = first.toState();
    const capabilities = await capabilitiesOfSystem(scope, this.drivers, placement.storageSystemId);
    requireSessionOperationsTaken(capabilities);
    requireSnapshotsAtOneInstant(capabilities);
    await requireProjectWrite(caller, scope.projects, group.projectId);
    if (name.length > MAX_SESSION_NAME_LENGTH) throw ViprErrors.parameterTooLong("name", name, MAX_SESSION_NAME_LENGTH);
    const targetName = linkRequest !== null && linkRequest.targetName.trim() !== "" ? linkRequest.targetName : null;
    if (targetName !== null && targetName.length > MAX_SESSION_NAME_LENGTH) {
      throw ViprErrors.parameterTooLong("Target Name", targetName, MAX_SESSION_NAME_LENGTH);
    }

    const usage = await lockMemberSources(
      scope,
      volumes.map((volume) => volume.id),
    );
    const ordered = membersInNamingOrder(volumes.map((v) => ({ volume: v, volumeId: v.id, volumeName: v.name })));
    for (const { volume } of ordered) {
      if ((await scope.tasks.findUnfinishedOn(volume.id)).length > 0) throw ViprErrors.pendingTask(volume.name);
    }
    for (const { volume } of ordered) {
      const used = usage.get(volume.id);
      const vpool = await scope.catalog.findVirtualPool(volume.toState().placement.vpoolId);
      if (!used || !vpool) throw new InvariantViolation(`volume ${volume.id} has an unknown vpool`);
      checkRoomForSnapshot(volume.id, vpool, used.activeSessions + used.targetsBeingLinked, capabilities);
      const labelsInUse = comparableLabels(used.labelsInUse);
      checkArraySnapshotName(name, labelsInUse);
      if (targetName !== null) checkArraySnapshotName(targetName, labelsInUse);
    }

    const session = BlockSnapshotSession.createForGroup({
      id: newUrn("BlockSnapshotSession"),
      label: name,
      consistencyGroupId: group.id,
      members: ordered.map(({ volume }) => sessionSourceOf(volume)),
      now,
    });
    const sessionTask = Task.start({
      id: newUrn("Task"),
      opId: randomUUID(),
      ...CREATE_GROUP_SESSION_TASK,
      resource: { type: "BlockSnapshotSession", id: session.id, name },
      tenantId: group.tenantId,
      now,
    });
    const groupTask = Task.start({
      id: newUrn("Task"),
      opId: sessionTask.toState().opId,
      ...CREATE_GROUP_SESSION_TASK,
      resource: { type: "BlockConsistencyGroup", id: group.id, name: group.name },
      tenantId: group.tenantId,
      now,
    });
    const targets = session.linkMemberTargets(linkRequest ?? { count: 0, targetName: "", copyMode: "nocopy" }, {
      withSessionCreation: true,
      budgets: memberBudgets(usage, capabilities),
      linkTaskId: sessionTask.id,
      now,
      newTargetId: () => newUrn("BlockSnapshot"),
    });
    await scope.sessions.add(session);
    await scope.outbox.enqueue({
      workflow: "create-snapshot-session",
      taskId: sessionTask.id,
      sessionId: session.id,
      volumeTaskId: groupTask.id,
      targetIds: targets.map((target) => target.id),
    });
    await scope.tasks.add(sessionTask);
    await scope.tasks.add(groupTask);
    await scope.targets.addAll(targets);
    return [sessionTask, groupTask].map(taskView);
  }
}
