import { randomUUID } from "node:crypto";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../domain/shared/service-error.js";
import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import type { LinkTargetsRequest } from "../../domain/snapshots/link-targets-request.js";
import {
  checkArraySnapshotName,
  comparableLabels,
  MAX_SESSION_NAME_LENGTH,
  withCurrentDateTime,
} from "../../domain/snapshots/snapshot-label.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireProjectWrite, requireWriteRouteAccess } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import type { NewLinkedTargetsDraft } from "./link-targets-draft.js";
import { capabilitiesOfSystem, requireSessionOperationsTaken } from "./session-array-support.js";

/** `snapshot_session_create` as read (its `volumes`, for other kinds of source, are ignored). */
export interface CreateSnapshotSessionDraft {
  readonly name?: string | null;
  /** Absent or null: no targets. */
  readonly newLinkedTargets?: NewLinkedTargetsDraft | null;
  readonly volumes?: readonly (string | null)[] | null;
}

export const CREATE_SESSION_TASK = {
  name: "CREATE SNAPSHOT SESSION",
  description: "create a snapshot session",
} as const;

/**
 * `POST /block/volumes/{id}/protection/snapshot-sessions`: checks the request in the real
 * controller's order (docs/api/snapshot-sessions.md, "Create a session"), then answers one
 * task on the new session and one on the source volume; the array snapshot is established by
 * a workflow, and the targets of `new_linked_targets` are linked in it.
 */
export class CreateSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, volumeId: string, readDraft: () => CreateSnapshotSessionDraft): Promise<TaskView[]> {
    return this.unitOfWork.run(async (scope) => {
      const volume = await requireFoundByPathId(volumeId, (id) => scope.volumes.findById(id));
      const state = volume.toState();
      const { placement } = state;
      await requireWriteRouteAccess(caller, scope.projects, placement.projectId);
      const draft = readDraft();
      if (!volume.isActive) throw ViprErrors.entityInURLIsInactive(volumeId);
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
 * The session's name, `{datetime}` in it replaced. Without one the real controller fails with
 * a 500; coprsim answers 400/1005 (docs/deviations.md, "Snapshot-session operations").
 */
export function readSessionName(draft: CreateSnapshotSessionDraft, now: number): string {
  if (draft.name === undefined || draft.name === null) throw ViprErrors.requiredParameterMissingOrEmpty("name");
  return withCurrentDateTime(draft.name, now);
}

/**
 * `new_linked_targets`: absent or null asks for no targets. Its `copy_mode` is not defaulted
 * here (the link request's default does not apply at creation: none is refused later). In
 * JSON a missing `count` or `target_name` fails with a 500 on the real controller; coprsim
 * answers 400/1005 (docs/deviations.md, "Snapshot-session operations").
 */
export function readNewLinkedTargets(draft: CreateSnapshotSessionDraft, now: number): LinkTargetsRequest | null {
  const fields = draft.newLinkedTargets;
  if (fields === undefined || fields === null) return null;
  if (fields.count === undefined || fields.count === null) throw ViprErrors.requiredParameterMissingOrEmpty("count");
  if (fields.targetName === undefined || fields.targetName === null) {
    throw ViprErrors.requiredParameterMissingOrEmpty("target_name");
  }
  return {
    count: fields.count,
    targetName: withCurrentDateTime(fields.targetName, now),
    copyMode: fields.copyMode ?? null,
  };
}

/**
 * The array snapshots a source may have, counted as the real controller counts them: its
 * active sessions and the targets still being linked to them (docs/api/snapshot-sessions.md,
 * "Create a session"). The virtual pool's limit is checked before the array's.
 */
export function checkRoomForSnapshot(
  volumeId: string,
  vpool: { readonly name: string; readonly maxSnapshots: number },
  snapshots: number,
  capabilities: { readonly maxSnapshotsPerSource: number },
): void {
  if (vpool.maxSnapshots === 0) {
    throw ServiceError.of(
      ServiceCode.BAD_REQUEST_BODY,
      "Cannot create snapshots or snapshot sessions. The number of array snapshots allowed for virtual pool {0} is zero.",
      vpool.name,
    );
  }
  if (snapshots >= vpool.maxSnapshots) {
    throw ServiceError.of(
      ServiceCode.BAD_REQUEST_BODY,
      "The maximum number of array snapshots specified by the virtual pool of the snapshot source has been reached. No further array snapshots may be created for {0}.",
      volumeId,
    );
  }
  if (snapshots >= capabilities.maxSnapshotsPerSource) {
    throw ServiceError.of(
      ServiceCode.BAD_REQUEST_BODY,
      "The maximum number of array snapshots allowed by the storage platform for the source has been reached. No further array snapshots may be created for {0}.",
      volumeId,
    );
  }
}
