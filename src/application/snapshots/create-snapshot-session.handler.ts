import { randomUUID } from "node:crypto";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../domain/shared/service-error.js";
import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import type { LinkTargetsRequest } from "../../domain/snapshots/link-targets-request.js";
import { comparableLabel, MAX_SESSION_NAME_LENGTH } from "../../domain/snapshots/snapshot-label.js";
import { Task } from "../../domain/tasks/task.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TaskView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requiredText } from "../shared/request-fields.js";
import { requireFoundInTenant, requireProjectWrite, requireUrn } from "../shared/resource-access.js";
import { taskView } from "../shared/task-view.js";
import { readLinkTargetsDraft } from "./link-targets-draft.js";

/** `snapshot_session_create` as the client sent it. */
export interface CreateSnapshotSessionDraft {
  readonly name?: unknown;
  /** Absent or JSON `null`: no targets. */
  readonly newLinkedTargets?: {
    readonly count?: unknown;
    readonly targetName?: unknown;
    readonly copyMode?: unknown;
  } | null;
}

export const CREATE_SESSION_TASK = {
  name: "CREATE SNAPSHOT SESSION",
  description: "create a snapshot session",
} as const;

/**
 * `POST /block/volumes/{id}/protection/snapshot-sessions`: one task on the new session and
 * one on the source volume; the array snapshot is established by a workflow, and the targets
 * of `new_linked_targets`, checked as a link request would be (§5), are linked in it.
 */
export class CreateSnapshotSessionHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, volumeId: string, draft: CreateSnapshotSessionDraft): Promise<TaskView[]> {
    requireUrn(volumeId, "Volume");
    return this.unitOfWork.run(async (scope) => {
      const volume = requireFoundInTenant(caller, volumeId, await scope.volumes.findById(volumeId));
      const placement = volume.toState().placement;
      await requireProjectWrite(caller, scope.projects, placement.projectId);
      const name = requiredText("name", draft.name);
      const linkRequest = readNewLinkedTargets(draft);
      if (!volume.isActive) throw ViprErrors.entityInURLIsInactive(volumeId);
      if (name.length > MAX_SESSION_NAME_LENGTH)
        throw ViprErrors.parameterTooLong("name", name, MAX_SESSION_NAME_LENGTH);

      const usage = await scope.sourceLocks.lockForLinking(volumeId);
      const taken = new Set(usage.labelsInUse.map(comparableLabel));
      if (taken.has(comparableLabel(name))) throw ViprErrors.duplicateLabel(name);
      const system = await scope.catalog.findStorageSystem(placement.storageSystemId);
      const vpool = await scope.catalog.findVirtualPool(placement.vpoolId);
      if (!system || !vpool) throw new InvariantViolation(`volume ${volumeId} has an unknown system or vpool`);
      const capabilities = this.drivers.forSystemType(system.systemType).capabilities(system);
      const maxSessions = Math.min(capabilities.maxSnapshotsPerSource, vpool.maxSnapshots);
      if (usage.activeSessions >= maxSessions) {
        throw ServiceError.of(
          ServiceCode.BAD_REQUEST_BODY,
          "The volume {0} has reached the maximum number of snapshots allowed, {1}.",
          volume.name,
          maxSessions,
        );
      }

      const now = this.clock.now();
      const state = volume.toState();
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
        associatedResources: [{ type: "BlockSnapshotSession", id: session.id, name }],
        now,
      });
      const targets =
        linkRequest === null
          ? []
          : session.linkTargets(linkRequest, {
              budget: {
                sourceVolumeName: usage.sourceVolumeName,
                maxLinkedTargets: capabilities.maxLinkedTargetsPerSource,
                linkedOrLinkingTargets: usage.linkedOrLinkingTargets,
                labelsInUse: [...usage.labelsInUse, name],
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

/** `new_linked_targets`: absent or `null` means none; otherwise checked as in a link request. */
function readNewLinkedTargets(draft: CreateSnapshotSessionDraft): LinkTargetsRequest | null {
  if (draft.newLinkedTargets === undefined || draft.newLinkedTargets === null) return null;
  return readLinkTargetsDraft({ newLinkedTargets: draft.newLinkedTargets });
}
