import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { UnlinkTargetRequest } from "../../domain/snapshots/block-snapshot-session.js";

/** One `linked_target` as read: `id` a URI, `delete_target` a boolean. */
export interface UnlinkTargetDraft {
  readonly id?: string | null;
  readonly deleteTarget?: boolean | null;
}

/** `snapshot_session_unlink_targets` as read. */
export interface UnlinkTargetsDraft {
  readonly linkedTargets?: readonly (UnlinkTargetDraft | null)[] | null;
}

/**
 * The targets to unlink, as the real controller reads them: the list must be there (400/1005
 * naming the item element, `linked_target`; the body reader refuses it) but may be empty, a
 * target without an id (JSON) is checked as the id `null`, `delete_target` defaults to false.
 * A null item fails with a 500 on the real controller; coprsim answers 400/1005 naming `id`
 * (docs/deviations.md, "Snapshot-session operations").
 */
export function readUnlinkTargetsDraft(draft: UnlinkTargetsDraft): UnlinkTargetRequest[] {
  const items = draft.linkedTargets;
  if (!items) throw ViprErrors.requiredParameterMissingOrEmpty("linked_target");
  return items.map((item) => {
    if (item === null) throw ViprErrors.requiredParameterMissingOrEmpty("id");
    return { id: item.id ?? String(null), deleteTarget: item.deleteTarget ?? false };
  });
}
