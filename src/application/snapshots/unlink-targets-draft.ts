import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { UnlinkTargetRequest } from "../../domain/snapshots/block-snapshot-session.js";
import { requiredText } from "../shared/request-fields.js";

/** `snapshot_session_unlink_targets` as the client sent it. */
export interface UnlinkTargetsDraft {
  readonly linkedTargets?: readonly ({ readonly id?: unknown; readonly deleteTarget?: unknown } | null)[] | null;
}

/** The list must hold at least one target with an id (400/1005); `delete_target` defaults to false. */
export function readUnlinkTargetsDraft(draft: UnlinkTargetsDraft): UnlinkTargetRequest[] {
  const items = draft.linkedTargets;
  if (!items || items.length === 0) throw ViprErrors.requiredParameterMissingOrEmpty("linked_targets");
  return items.map((item) => ({
    id: requiredText("id", item?.id),
    deleteTarget: booleanField("delete_target", item?.deleteTarget),
  }));
}

/** A Java Boolean as the real server reads it: JSON true/false, or the text `true`/`false`/`1`/`0`. */
function booleanField(name: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (text === "" || text === "false" || text === "0") return false;
    if (text === "true" || text === "1") return true;
  }
  throw ViprErrors.invalidParameter(name, typeof value === "string" ? value : JSON.stringify(value));
}
