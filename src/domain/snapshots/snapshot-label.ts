/**
 * The form in which ViPR compares labels for uniqueness: whitespace and every character
 * outside `[A-Za-z0-9_#@+-]` removed.
 */
export function comparableLabel(label: string): string {
  return label.replace(/[^A-Za-z0-9_#@+-]/g, "");
}

/** Targets are named `<target_name>-<i>`, the suffix added even when count is 1. */
export function linkedTargetName(targetName: string, index: number): string {
  return `${targetName}-${index}`;
}

export const MAX_LINKED_TARGET_NAME_LENGTH = 63;
export const MAX_SESSION_NAME_LENGTH = 31;
