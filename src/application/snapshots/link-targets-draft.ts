import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { DEFAULT_COPY_MODE } from "../../domain/snapshots/copy-mode.js";
import type { LinkTargetsRequest } from "../../domain/snapshots/link-targets-request.js";

/**
 * `snapshot_session_new_targets` as the body readers leave it: typed, and in XML validated
 * (count and target_name present, no blank text); in JSON only the request's top level is.
 */
export interface NewLinkedTargetsDraft {
  readonly count?: number | null;
  readonly targetName?: string | null;
  readonly copyMode?: string | null;
}

/** `snapshot_session_link_targets` as read. */
export interface LinkTargetsDraft {
  readonly newLinkedTargets?: NewLinkedTargetsDraft | null;
}

/**
 * The link request, read as the real controller reads it once the session was found active:
 * without a `copy_mode` the targets are linked `nocopy`, without a `target_name` (JSON) they are
 * named `null-1`, `null-2`…; without a `count` (JSON) it fails with a 500, where coprsim answers
 * 400/1005 (docs/deviations.md, "Snapshot-session operations").
 */
export function readLinkTargetsDraft(draft: LinkTargetsDraft): LinkTargetsRequest {
  const fields = draft.newLinkedTargets;
  if (!fields) throw ViprErrors.requiredParameterMissingOrEmpty("new_linked_targets");
  if (fields.count === undefined || fields.count === null) throw ViprErrors.requiredParameterMissingOrEmpty("count");
  return {
    count: fields.count,
    targetName: fields.targetName ?? String(null),
    copyMode: fields.copyMode ?? DEFAULT_COPY_MODE,
  };
}
