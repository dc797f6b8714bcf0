import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { LinkedTarget } from "../../../domain/snapshots/linked-target.js";
import { ArrayOperationError } from "../../ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../ports/storage-catalog.js";
import type { ReadScope } from "../../ports/unit-of-work.js";

/** What a link request's job needs, read before it calls the array. */
export interface LinkRequestContext {
  /** Every target the request prepared, settled or not, oldest first. */
  readonly targets: LinkedTarget[];
  readonly system: StorageSystemRecord;
  readonly poolNativeId: string;
  /** Null while the source is not provisioned yet (a session created with its volume). */
  readonly sourceNativeId: string | null;
  /** Null while the session's snapshot is not established yet. */
  readonly snapshotNativeId: string | null;
  /**
   * Why the targets can never link when the session ended without ever being established
   * (its creation failed), else null.
   */
  readonly neverEstablished: ArrayOperationError | null;
  /**
   * Where a target's link starts from: its source's device and the snapshot of it. The same for
   * every target of a volume's session; per member for a group session's.
   */
  readonly origin: (target: LinkedTarget) => LinkOrigin;
}

/** A target's source device and the snapshot it links to; each null until it exists. */
export interface LinkOrigin {
  readonly sourceNativeId: string | null;
  readonly snapshotNativeId: string | null;
}

/**
 * Reads the request's targets, then the session and the storage they are on in one query. All
 * targets of a request share the session, source, system and pool, so the first one says where
 * they all are.
 */
export async function loadLinkRequestContext(
  scope: ReadScope,
  request: { readonly taskId: string; readonly sessionId: string },
): Promise<LinkRequestContext | null> {
  const targets = await scope.targets.findByLinkTask(request.taskId);
  const first = targets[0]?.toState();
  if (!first) return null;
  const { session, system, poolNativeId, source } = await scope.placements.find({
    sessionId: request.sessionId,
    storageSystemId: first.storageSystemId,
    storagePoolId: first.storagePoolId,
    sourceVolumeId: first.sourceVolumeId,
  });
  if (!session) throw new InvariantViolation(`link job for unknown session ${request.sessionId}`);
  if (!system || poolNativeId === null || !source) {
    throw new InvariantViolation(`target ${first.id} refers to unknown storage`);
  }
  const shared: LinkOrigin = { sourceNativeId: source.nativeId, snapshotNativeId: session.snapshotNativeId };
  const sources = new Set(targets.map((target) => target.toState().sourceVolumeId));
  const origin = sources.size > 1 ? await memberOrigins(scope, request.sessionId) : () => shared;
  return {
    targets,
    system,
    poolNativeId,
    sourceNativeId: source.nativeId,
    snapshotNativeId: session.snapshotNativeId,
    origin,
    neverEstablished:
      session.inactive && session.snapshotNativeId === null
        ? new ArrayOperationError(`The snapshot session ${session.label} was never established on the array`, false)
        : null,
  };
}

/**
 * The origins of a group session's targets, by member: a link of a group session with more
 * than one member makes targets of several sources, each linked to its member's snapshot.
 */
async function memberOrigins(scope: ReadScope, sessionId: string): Promise<(target: LinkedTarget) => LinkOrigin> {
  const session = await scope.sessions.findById(sessionId);
  if (!session) throw new InvariantViolation(`link job for unknown session ${sessionId}`);
  const origins = new Map<string, LinkOrigin>();
  for (const { source, arraySnapshot } of session.members) {
    const volume = await scope.volumes.findById(source.volumeId);
    origins.set(source.volumeId, {
      sourceNativeId: volume?.device?.nativeId ?? null,
      snapshotNativeId: arraySnapshot?.nativeId ?? null,
    });
  }
  return (target) => {
    const origin = origins.get(target.toState().sourceVolumeId);
    if (!origin) throw new InvariantViolation(`target ${target.id} is of no member of session ${sessionId}`);
    return origin;
  };
}
