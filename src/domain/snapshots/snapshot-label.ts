/**
 * The form in which ViPR compares labels for uniqueness: whitespace and every character
 * outside `[A-Za-z0-9_#@+-]` removed.
 */
export function comparableLabel(label: string): string {
  return label.replace(/[^A-Za-z0-9_#@+-]/g, "");
}

/** The longest name an array snapshot, or a linked target's snapset, takes. */
const MAX_ARRAY_SNAPSHOT_LABEL_LENGTH = 63;

/**
 * The name as the array takes it, which a session shows as `session_label` and a linked target
 * as `snapset_label`: the comparable form, cut to 63 characters (`"my session"` is `mysession`).
 */
export function arraySnapshotLabel(name: string): string {
  return comparableLabel(name).slice(0, MAX_ARRAY_SNAPSHOT_LABEL_LENGTH);
}

/** Targets are named `<target_name>-<i>`, the suffix added even when count is 1. */
export function linkedTargetName(targetName: string, index: number): string {
  return `${targetName}-${index}`;
}

export const MAX_LINKED_TARGET_NAME_LENGTH = 63;
export const MAX_SESSION_NAME_LENGTH = 31;
