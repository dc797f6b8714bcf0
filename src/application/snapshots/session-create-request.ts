import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { LinkTargetsRequest } from "../../domain/snapshots/link-targets-request.js";
import { withCurrentDateTime } from "../../domain/snapshots/snapshot-label.js";
import type { NewLinkedTargetsDraft } from "./link-targets-draft.js";

/**
 * `snapshot_session_create` as read. Its `volumes`, which pick the members of a group's session
 * on the real controller, are ignored (docs/deviations.md, "Consistency groups").
 */
export interface CreateSnapshotSessionDraft {
  readonly name?: string | null;
  /** Absent or null: no targets. */
  readonly newLinkedTargets?: NewLinkedTargetsDraft | null;
  readonly volumes?: readonly (string | null)[] | null;
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
