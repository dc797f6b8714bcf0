import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { DEFAULT_COPY_MODE } from "../../domain/snapshots/copy-mode.js";
import type { LinkTargetsRequest } from "../../domain/snapshots/link-targets-request.js";
import { isBlank, requiredInteger, requiredText } from "../shared/request-fields.js";

/** `snapshot_session_link_targets` as the client sent it, before any check. */
export interface LinkTargetsDraft {
  readonly newLinkedTargets?: {
    readonly count?: unknown;
    readonly targetName?: unknown;
    readonly copyMode?: unknown;
  } | null;
}

/**
 * Check 4 of the contract: the required elements are present (400/1005, named as on the
 * wire) and numbers are numbers (400/1008). The remaining checks are the session's.
 */
export function readLinkTargetsDraft(draft: LinkTargetsDraft): LinkTargetsRequest {
  const fields = draft.newLinkedTargets;
  if (fields === undefined || fields === null || typeof fields !== "object") {
    throw ViprErrors.requiredParameterMissingOrEmpty("new_linked_targets");
  }
  const count = requiredInteger("count", fields.count);
  const targetName = requiredText("target_name", fields.targetName);
  if (fields.copyMode !== undefined && isBlank(fields.copyMode)) {
    throw ViprErrors.requiredParameterMissingOrEmpty("copy_mode");
  }
  const copyMode = fields.copyMode === undefined ? DEFAULT_COPY_MODE : requiredText("copy_mode", fields.copyMode);
  return { count, targetName, copyMode };
}
