import { randomUUID } from "node:crypto";
import { newUrn } from "../../../../src/domain/shared/urn.js";
import { BlockSnapshotSession } from "../../../../src/domain/snapshots/block-snapshot-session.js";
import type { LinkedTarget } from "../../../../src/domain/snapshots/linked-target.js";
import { Volume } from "../../../../src/domain/storage/volume.js";
import { Task } from "../../../../src/domain/tasks/task.js";
import type { SeededFamily, SeededIds } from "../../../../src/infrastructure/persistence/seed.js";

export const GIB = 1024 ** 3;
export const T0 = 1_790_000_000_000;

/** A new volume placed on the seeded array of the family (mock by default). */
export function aVolume(
  seeded: SeededIds,
  fields: {
    name?: string;
    family?: SeededFamily;
    now?: number;
    capacityBytes?: number;
    consistencyGroupId?: string;
  } = {},
): Volume {
  const family = fields.family ?? "mock";
  return Volume.create({
    id: newUrn("Volume"),
    name: fields.name ?? `vol-${Math.random().toString(36).slice(2, 8)}`,
    placement: {
      projectId: seeded.projectId,
      tenantId: seeded.tenantId,
      storageSystemId: seeded.systemIds[family],
      storagePoolId: seeded.poolIds[family],
      varrayId: seeded.varrayId,
      vpoolId: seeded.vpoolIds[family],
    },
    capacityBytes: fields.capacityBytes ?? GIB,
    consistencyGroupId: fields.consistencyGroupId ?? null,
    now: fields.now ?? T0,
  });
}

export function aSessionOf(volume: Volume, fields: { label?: string; now?: number } = {}): BlockSnapshotSession {
  const { placement, capacityBytes } = volume.toState();
  return BlockSnapshotSession.create({
    id: newUrn("BlockSnapshotSession"),
    label: fields.label ?? `snap-${Math.random().toString(36).slice(2, 8)}`,
    source: {
      volumeId: volume.id,
      projectId: placement.projectId,
      tenantId: placement.tenantId,
      storageSystemId: placement.storageSystemId,
      storagePoolId: placement.storagePoolId,
      varrayId: placement.varrayId,
      capacityBytes,
    },
    now: fields.now ?? T0,
  });
}

/** Targets prepared by the session itself, as a link request would (room for 1024). */
export function targetsOf(
  session: BlockSnapshotSession,
  fields: { count: number; name?: string; copyMode?: "copy" | "nocopy"; linkTaskId?: string; now?: number },
): LinkedTarget[] {
  return session.linkTargets(
    { count: fields.count, targetName: fields.name ?? "tgt", copyMode: fields.copyMode ?? "nocopy" },
    {
      budget: {
        sourceVolumeName: "source",
        maxLinkedTargets: 1024,
        linkedOrLinkingTargets: 0,
        labelsInUse: [],
        family: "mock",
        supportsCopyMode: true,
      },
      linkTaskId: fields.linkTaskId ?? newUrn("Task"),
      now: fields.now ?? T0,
      newTargetId: () => newUrn("BlockSnapshot"),
    },
  );
}

export function aLinkTask(session: BlockSnapshotSession, fields: { id?: string; now?: number } = {}): Task {
  return Task.start({
    id: fields.id ?? newUrn("Task"),
    opId: randomUUID(),
    name: "LINK SNAPSHOT SESSION TARGETS",
    description: "links target volumes to a snapshot session",
    resource: { type: "block_snapshot_session", id: session.id, name: session.toState().label },
    tenantId: session.toState().source.tenantId,
    now: fields.now ?? T0,
  });
}
