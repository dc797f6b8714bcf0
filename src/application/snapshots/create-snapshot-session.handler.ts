import { randomUUID } from "node:crypto";
import type { BlockConsistencyGroup } from "../../domain/consistency-groups/block-consistency-group.js";
import { InvariantViolation } from "../../domain/shared/service-error.js";
import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import {
  checkArraySnapshotName,
  comparableLabels,
  MAX_SESSION_NAME_LENGTH,
} from "../../domain/snapshots/snapshot-label.js";
import type { Volume } from "../../domain/storage/volume.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { TransactionScope, UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import type { CreateGroupSnapshotSessionHandler } from "./create-group-snapshot-session.handler.js";
import { capabilitiesOfSystem, requireSessionOperationsTaken } from "./session-array-support.js";
import {
  type CreateSnapshotSessionDraft,
  checkRoomForSnapshot,
  readNewLinkedTargets,
  readSessionName,
} from "./session-create-request.js";

export const CREATE_SESSION_TASK = {
  name: "CREATE SNAPSHOT SESSION",
  description: "create a snapshot session",
} as const;

/**
 * `POST /block/volumes/{id}/protection/snapshot-sessions`: checks the request in the real
 * controller's order (docs/api/snapshot-sessions.md, "Create a session"), then answers one
 * task on the new session and one on the source volume; the array snapshot is established by
 * a workflow, and the targets of `new_linked_targets` are linked in it. A volume that its
 * consistency group keeps in an array group gets no session of its own: the request makes the
 * group's session, as the real controller's does (docs/api/snapshot-sessions.md, "A member
 * volume's session").
 */
export class CreateSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    private readonly groupSessions: CreateGroupSnapshotSessionHandler,
  ) {}

  async handle(caller: Caller, volumeId: string, readDraft: () => CreateSnapshotSessionDraft): Promise<TaskView[]> {
    return this.unitOfWork.run(async (scope) => {
      const volume = await requireFoundByPathId(volumeId, (id) => scope.volumes.findById(id));
      const state = volume.toState();
      const { placement } = state;
      await requireWriteRouteAccess(caller, scope.projects, placement.projectId);
      const draft = readDraft();
      if (!volume.isActive) throw ViprErrors.entityInURLIsInactive(volumeId);
      const group = await arrayGroupOf(scope, volume);
      if (group !== null) return this.groupSessions.createForGroup(scope, caller, group, draft);
      const now = this.clock.now();
      const name = readSessionName(draft, now);
      const linkRequest = readNewLinkedTargets(draft, now);

      const capabilities = await capabilitiesOfSystem(scope, this.drivers, placement.storageSystemId);
      requireSessionOperationsTaken(capabilities);
      await requireProjectWrite(caller, scope.projects, placement.projectId);
      if (name.length > MAX_SESSION_NAME_LENGTH) {
        throw ViprErrors.parameterTooLong("name", name, MAX_SESSION_NAME_LENGTH);
      }
      const targetName = linkRequest !== null && linkRequest.targetName.trim() !== "" ? linkRequest.targetName : null;
      if (targetName !== null && targetName.length > MAX_SESSION_NAME_LENGTH) {
        throw ViprErrors.parameterTooLong("Target Name", targetName, MAX_SESSION_NAME_LENGTH);
      }

      // The source's lock first: concurrent creates and links of one source take turns from here.
      const usage = await scope.sourceLocks.lockForLinking(volumeId);
      if ((await scope.tasks.findUnfinishedOn(volumeId)).length > 0) throw ViprErrors.pendingTask(volume.name);
      const vpool = await scope.catalog.findVirtualPool(placement.vpoolId);
      if (!vpool) throw new InvariantViolation(`volume ${volumeId} has an unknown vpool`);
      checkRoomForSnapshot(volumeId, vpool, usage.activeSessions + usage.targetsBeingLinked, capabilities);
      const labelsInUse = comparableLabels(usage.labelsInUse);
      checkArraySnapshotName(name, labelsInUse);
      if (targetName !== null) checkArraySnapshotName(targetName, labelsInUse);

      const session = BlockSnapshotSession.create({
        id: newUrn("BlockSnapshotSession"),
        label: name,
        source: {
          volumeId,
          projectId: placement.projectId,
          tenantId: placement.tenantId,
          storageSystemId: placement.storageSystemId,
          storagePoolId: placement.storagePoolId,
          varrayId: placement.varrayId,
          capacityBytes: state.capacityBytes,
        },
        now,
      });
      const sessionTask = Task.start({
        id: newUrn("Task"),
        opId: randomUUID(),
        ...CREATE_SESSION_TASK,
        resource: { type: "BlockSnapshotSession", id: session.id, name },
        tenantId: placement.tenantId,
        now,
      });
      const volumeTask = Task.start({
        id: newUrn("Task"),
        opId: sessionTask.toState().opId,
        ...CREATE_SESSION_TASK,
        resource: { type: "Volume", id: volumeId, name: volume.name },
        tenantId: placement.tenantId,
        now,
      });
      // Without new_linked_targets the copy mode is nocopy; with them, as given (none: refused).
      const targets = session.linkTargets(linkRequest ?? { count: 0, targetName: "", copyMode: "nocopy" }, {
        withSessionCreation: true,
        budget: {
          sourceVolumeName: usage.sourceVolumeName,
          maxLinkedTargets: capabilities.maxLinkedTargetsPerSource,
          linkedOrLinkingTargets: usage.linkedOrLinkingTargets,
          labelsInUse: usage.labelsInUse,
          family: capabilities.family,
          supportsCopyMode: capabilities.supportsCopyMode,
        },
        linkTaskId: sessionTask.id,
        now,
        newTargetId: () => newUrn("BlockSnapshot"),
      });
      await scope.sessions.add(session);
      const start = {
        workflow: "create-snapshot-session",
        taskId: sessionTask.id,
        sessionId: session.id,
        volumeTaskId: volumeTask.id,
        targetIds: targets.map((target) => target.id),
      } as const;
      await scope.outbox.enqueue(start);
      await scope.tasks.add(sessionTask);
      await scope.tasks.add(volumeTask);
      await scope.targets.addAll(targets);
      return [sessionTask, volumeTask].map(taskView);
    });
  }
}

/**
 * The consistency group whose array group holds the volume (the real controller's replication
 * group instance of the volume), or null: a group made without `array_consistency` keeps its
 * volumes in none.
 */
async function arrayGroupOf(scope: TransactionScope, volume: Volume): Promise<BlockConsistencyGroup | null> {
  const groupId = volume.consistencyGroupId;
  if (groupId === null) return null;
  const group = await scope.consistencyGroups.findById(groupId);
  if (!group) throw new InvariantViolation(`volume ${volume.id} is in an unknown consistency group`);
  return group.toState().arrayConsistency ? group : null;
}
