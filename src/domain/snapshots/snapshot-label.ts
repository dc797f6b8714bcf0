import { ViprErrors } from "../shared/vipr-errors.js";

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

/** The longest name of an array snapshot or a linked target: 63 characters. */
export const MAX_LINKED_TARGET_NAME_LENGTH = 63;
/** The longest name a session, and the `target_name` of targets linked at its creation, may have. */
export const MAX_SESSION_NAME_LENGTH = 31;

/**
 * The real controller's check of a name for a new array snapshot or linked target of a
 * source: longer than 63 characters 400/1008 (`snapshotName`), then, compared as labels are,
 * equal to the label of one of the source's active sessions or targets 400/1008.
 */
export function checkArraySnapshotName(name: string, labelsInUse: ReadonlySet<string>): void {
  if (name.length > MAX_LINKED_TARGET_NAME_LENGTH) {
    throw ViprErrors.parameterTooLong("snapshotName", name, MAX_LINKED_TARGET_NAME_LENGTH);
  }
  if (labelsInUse.has(comparableLabel(name))) throw ViprErrors.duplicateLabel(name);
}

/** The labels in use, in the form they are compared in. */
export function comparableLabels(labels: readonly string[]): Set<string> {
  return new Set(labels.map(comparableLabel));
}

/** Each new target's name checked in turn, its length then its use, as the real controller prepares them one by one. */
export function checkTargetNames(names: readonly string[], labelsInUse: readonly string[]): void {
  const taken = comparableLabels(labelsInUse);
  for (const name of names) checkArraySnapshotName(name, taken);
}

/**
 * A session's name or its targets' `target_name` with every `{datetime}` replaced by the time of
 * the request, `yyyyMMdd_HHmmss` in UTC, as the real controller does at a session's creation.
 */
export function withCurrentDateTime(text: string, now: number): string {
  if (!text.includes(DATE_TIME_PATTERN)) return text;
  const stamp = new Date(now).toISOString(); // 2026-03-07T14:05:09.123Z
  const formatted = `${stamp.slice(0, 4)}${stamp.slice(5, 7)}${stamp.slice(8, 10)}_${stamp.slice(11, 13)}${stamp.slice(14, 16)}${stamp.slice(17, 19)}`;
  return text.split(DATE_TIME_PATTERN).join(formatted);
}

const DATE_TIME_PATTERN = "{datetime}";
