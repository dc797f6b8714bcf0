import { ViprErrors } from "../../domain/shared/vipr-errors.js";

/** `snapshot_session_relink_targets` as read: the ids are URIs, null for a JSON null or empty string. */
export interface RelinkTargetsDraft {
  readonly ids?: readonly (string | null)[] | null;
}

/**
 * The ids of the targets to relink, in the order given. Missing: 400/1005 naming the item
 * element, `id` (the body reader refuses it). Empty (JSON): the real controller fails with a
 * 500, coprsim answers the same 1005 (docs/deviations.md, "Snapshot-session operations"). A null
 * id is checked like any other, and is not a valid URI: `Parameter null is not a valid URI`.
 */
export function readRelinkTargetsDraft(draft: RelinkTargetsDraft): string[] {
  const ids = draft.ids;
  if (!ids || ids.length === 0) throw ViprErrors.requiredParameterMissingOrEmpty("id");
  return ids.map((id) => id ?? String(null));
}
