import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { requiredText } from "../shared/request-fields.js";

/** `snapshot_session_relink_targets` as the client sent it. */
export interface RelinkTargetsDraft {
  readonly ids?: readonly unknown[] | null;
}

/** The ids of the targets to relink: at least one (400/1005), each given (400/1005). */
export function readRelinkTargetsDraft(draft: RelinkTargetsDraft): string[] {
  const ids = draft.ids;
  if (!ids || ids.length === 0) throw ViprErrors.requiredParameterMissingOrEmpty("ids");
  return ids.map((id) => requiredText("id", id));
}
